package jp.uketsuke.switchboard.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.speech.SpeechSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Speech engines from configuration. A missing engine is logged with the package to install and the
 * bot carries on without it (keypad menus, chimes instead of prompts) — never a failed start.
 */
@Configuration(proxyBeanMethods = false)
class SpeechConfiguration {

    @Bean(destroyMethod = "close")
    SpeechEngines speechEngines(@Value("${uketsuke.speech.recognizer:auto}") String recognizer,
                                @Value("${uketsuke.speech.vosk-model:}") String voskModel,
                                @Value("${uketsuke.speech.whisper-model:}") String whisperModel,
                                @Value("${uketsuke.speech.http.url:}") String httpUrl,
                                @Value("${uketsuke.speech.http.model:}") String httpModel,
                                @Value("${uketsuke.speech.http.token:}") String httpToken,
                                @Value("${uketsuke.speech.http.timeout:10s}") Duration httpTimeout,
                                @Value("${uketsuke.speech.synthesizer:espeak}") String synthesizer,
                                @Value("${uketsuke.speech.openjtalk.binary:}") String openJtalkBinary,
                                @Value("${uketsuke.speech.openjtalk.dictionary:}") String openJtalkDictionary,
                                @Value("${uketsuke.speech.openjtalk.voice:}") String openJtalkVoice) {
        SpeechSettings settings = SpeechSettings.defaults().withRecognizer(recognizer)
                .withOpenJtalk(pathOrDefault(openJtalkBinary), pathOrDefault(openJtalkDictionary),
                        pathOrDefault(openJtalkVoice));
        if (!voskModel.isBlank()) {
            settings = settings.withVoskModel(Path.of(voskModel));
        }
        if (!whisperModel.isBlank()) {
            settings = settings.withWhisperModel(Path.of(whisperModel));
        }
        if (!httpUrl.isBlank()) {
            settings = settings.withHttpRecognizer(URI.create(httpUrl.strip()), httpModel, httpToken, httpTimeout);
        }
        if (!synthesizer.equals("espeak")) {
            settings = settings.withSynthesizer(synthesizer, null);
        }
        return SpeechEngines.create(settings);
    }

    private static Path pathOrDefault(String value) {
        return value.isBlank() ? null : Path.of(value);
    }
}
