package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import org.junit.jupiter.api.Test;

class PromptCacheTest {

    private final PromptCache cache = new PromptCache(new EspeakSynthesizer(EspeakSynthesizer.Config.defaults()), 2);

    @Test
    void repeatedPromptIsServedFromTheCacheAsAnIndependentCopy() {
        AudioClip first = cache.synthesize("Please hold.", "en-US");
        first.samples()[0] = 12345; // a caller scribbling on its copy

        AudioClip second = cache.synthesize("Please hold.", "en-US");

        assertThat(cache.size()).isEqualTo(1);
        assertThat(second.samples()).hasSameSizeAs(first.samples());
        assertThat(second.samples()[0]).isNotEqualTo((short) 12345);
    }

    @Test
    void languageIsPartOfTheKeyAndTheLeastRecentlyUsedPromptLeavesFirst() {
        cache.synthesize("hello", "en-US");
        cache.synthesize("hello", "ja-JP");
        cache.synthesize("hello", "en-US"); // now the Japanese one is least recently used
        cache.synthesize("goodbye", "en-US");

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void failuresAreNotCached() {
        assertThatThrownBy(() -> cache.synthesize("", "en-US")).isInstanceOf(SpeechException.class);
        assertThat(cache.size()).isZero();
        assertThatThrownBy(() -> new PromptCache(null, 1)).isInstanceOf(SpeechException.class);
    }
}
