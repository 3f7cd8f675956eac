package jp.uketsuke.speech.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.OnPremisesUrls;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.Vocabulary;
import jp.uketsuke.speech.WavFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recognition by an on-premises server speaking the OpenAI-compatible transcription API
 * ({@code POST {base}/v1/audio/transcriptions}, multipart with the WAV as {@code file}; the answer is
 * {@code {"text": …}}), as whisper.cpp's server, faster-whisper servers and vLLM do. The audio is a
 * caller's voice, so the server must be reached over TLS or on this machine; answers are never logged,
 * redirects never followed, and an answer larger than a transcript can be is refused.
 */
public final class HttpRecognizer implements SpeechRecognizer, AutoCloseable {

    public static final int SAMPLE_RATE = 16_000;

    private static final Logger log = LoggerFactory.getLogger(HttpRecognizer.class);
    private static final String PATH = "/v1/audio/transcriptions";
    private static final int MAX_SECONDS = 60;
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final int MAX_PROMPT_CHARACTERS = 200;
    // The API reports no confidence for a transcript.
    private static final double UNKNOWN_CONFIDENCE = 0.5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param baseUrl the server, e.g. https://asr.example.internal:8443 or http://127.0.0.1:8080;
     *     plain http only to this machine
     * @param model the model name the server expects (whisper.cpp's server ignores it)
     * @param token bearer token, or null
     * @param timeout how long one recognition may take, answer included
     */
    public record Config(URI baseUrl, String model, String token, Duration timeout) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public Config {
            if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new SpeechException("the HTTP recogniser needs a base URL such as https://asr.example:8443");
            }
            String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new SpeechException("the HTTP recogniser's base URL must not carry credentials, a query or a "
                        + "fragment; put a token in its own setting");
            }
            if (!scheme.equals("https") && !(scheme.equals("http") && OnPremisesUrls.isLoopback(baseUrl.getHost()))) {
                throw new SpeechException("the HTTP recogniser's base URL must be https (plain http only to this "
                        + "machine): callers' voices must not cross the network unencrypted");
            }
            String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
            baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
            model = model == null || model.isBlank() ? "whisper-1" : model.strip();
            token = token == null || token.isBlank() ? null : token.strip();
            if (!model.matches("[\\p{Alnum}._:/-]{1,200}")) {
                throw new SpeechException("the HTTP recogniser's model name has characters it cannot have");
            }
            if (token != null && !token.matches("[\\x21-\\x7e]{1,4096}")) {
                throw new SpeechException("the HTTP recogniser's token must be printable ASCII without spaces");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new SpeechException("the HTTP recogniser's time-out must be between 0 and 2 minutes");
            }
        }

        public static Config of(URI baseUrl) {
            return new Config(baseUrl, null, null, DEFAULT_TIMEOUT);
        }

        @Override
        public String toString() {
            return "HttpRecognizer.Config[baseUrl=" + baseUrl + ", model=" + model + ", token="
                    + (token == null ? "none" : "(set)") + ", timeout=" + timeout + "]";
        }
    }

    private final Config config;
    private final URI endpoint;
    private final HttpClient client;

    public HttpRecognizer(Config config) {
        this.config = config;
        this.endpoint = URI.create(config.baseUrl() + PATH);
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout()).build();
    }

    @Override
    public Recognition recognize(AudioClip utterance, Vocabulary vocabulary) {
        if (utterance == null || utterance.samples() == null || vocabulary == null) {
            throw new SpeechException("no audio or vocabulary to recognise");
        }
        if ((long) utterance.samples().length > (long) MAX_SECONDS * utterance.sampleRate()) {
            throw new SpeechException("utterance longer than " + MAX_SECONDS + " s");
        }
        String language = language(vocabulary.language());
        AudioClip audio = Resampler.resample(utterance, SAMPLE_RATE);
        if (audio.samples().length == 0) {
            return Recognition.NOTHING;
        }
        Multipart form = new Multipart("uketsuke-" + HexFormat.of().formatHex(randomBytes(12)))
                .file("file", "utterance.wav", "audio/wav", WavFiles.toBytes(audio))
                .field("model", config.model())
                .field("language", language)
                .field("response_format", "json")
                .field("temperature", "0");
        String prompt = vocabulary.prompt(MAX_PROMPT_CHARACTERS);
        if (prompt != null) {
            form.field("prompt", prompt);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Content-Type", form.contentType()).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()));
        if (config.token() != null) {
            request.header("Authorization", "Bearer " + config.token());
        }
        long started = System.nanoTime();
        Answer answer = send(request.build());
        Recognition heard = read(answer);
        log.debug("HTTP recogniser heard {} ms of audio in {} ms: {} characters", audio.duration().toMillis(),
                (System.nanoTime() - started) / 1_000_000, heard.text().length());
        return heard;
    }

    /** What came back: the status, the content type and (for a JSON success only) the body. */
    private record Answer(int status, String contentType, byte[] body) {
    }

    private Answer send(HttpRequest request) {
        CompletableFuture<HttpResponse<Answer>> exchange = client.sendAsync(request, info -> {
            String type = info.headers().firstValue("Content-Type").orElse("");
            if (info.statusCode() != 200 || !isJson(type)) {
                return BodySubscribers.replacing(new Answer(info.statusCode(), type, null)); // body discarded unread
            }
            return BodySubscribers.mapping(new LimitedBody(MAX_ANSWER_BYTES),
                    body -> new Answer(info.statusCode(), type, body));
        });
        try {
            // The request time-out covers the headers only; this bounds a body that trickles in too.
            return exchange.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS).body();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for the HTTP recogniser", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                throw timedOut(cause);
            }
            if (cause instanceof LimitedBody.TooLarge) {
                throw new SpeechException("the HTTP recogniser's answer is larger than " + MAX_ANSWER_BYTES
                        + " bytes; refused", cause);
            }
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                throw new SpeechException("cannot reach the HTTP recogniser at " + config.baseUrl(), cause);
            }
            throw new SpeechException("the exchange with the HTTP recogniser at " + config.baseUrl() + " failed ("
                    + (cause instanceof IOException ? cause.getClass().getSimpleName() : String.valueOf(cause))
                    + ")", cause);
        }
    }

    private SpeechException timedOut(Throwable cause) {
        return new SpeechException("the HTTP recogniser at " + config.baseUrl() + " did not answer within "
                + config.timeout().toMillis() + " ms", cause);
    }

    private Recognition read(Answer answer) {
        if (answer.status() / 100 == 3) {
            throw new SpeechException("the HTTP recogniser at " + config.baseUrl() + " answered with a redirect ("
                    + answer.status() + "), which is not followed; configure the URL it points to");
        }
        if (answer.status() == 401 || answer.status() == 403) {
            throw new SpeechException("the HTTP recogniser at " + config.baseUrl() + " refused the token ("
                    + answer.status() + ")");
        }
        if (answer.status() != 200) {
            throw new SpeechException("the HTTP recogniser at " + config.baseUrl() + " answered " + answer.status());
        }
        if (answer.body() == null) {
            throw new SpeechException("the HTTP recogniser answered with content type '"
                    + answer.contentType().replaceAll("[^\\x20-\\x7e]", "?") + "', not JSON");
        }
        JsonNode text;
        try {
            text = JSON.readTree(answer.body()).get("text");
        } catch (JacksonException e) {
            throw new SpeechException("the HTTP recogniser's answer is not valid JSON");
        }
        if (text == null || !text.isString()) {
            throw new SpeechException("the HTTP recogniser's answer has no \"text\" string");
        }
        String heard = text.asString().replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ").strip();
        return heard.isEmpty() ? Recognition.NOTHING : new Recognition(heard, UNKNOWN_CONFIDENCE);
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Abandons exchanges under way: at shutdown a call's recognition is not worth waiting for. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** "ja-JP" → "ja", as the API wants ISO 639-1. */
    static String language(String tag) {
        String primary = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (!primary.matches("[a-z]{2,3}")) {
            throw new SpeechException("not a language tag: '" + tag + "'");
        }
        return primary;
    }
}
