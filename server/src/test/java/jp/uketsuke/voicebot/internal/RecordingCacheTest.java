package jp.uketsuke.voicebot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordingCacheTest {

    private static final UUID TENANT = UUID.randomUUID();

    @Test
    void keepsNoMoreSamplesThanItsBudgetDroppingTheLeastRecentlyPlayedFirst() {
        RecordingCache cache = new RecordingCache(1000);
        cache.put(TENANT, "a", 8000, new short[400]);
        cache.put(TENANT, "b", 8000, new short[400]);
        assertThat(cache.get(TENANT, "a", 8000)).isNotNull(); // a is now the more recently played

        cache.put(TENANT, "c", 8000, new short[400]);

        assertThat(cache.samples()).isEqualTo(800);
        assertThat(cache.get(TENANT, "b", 8000)).isNull();
        assertThat(cache.get(TENANT, "a", 8000)).isNotNull();
        assertThat(cache.get(TENANT, "c", 8000)).isNotNull();
    }

    @Test
    void aRecordingLargerThanTheBudgetIsNotKept() {
        RecordingCache cache = new RecordingCache(1000);
        cache.put(TENANT, "a", 8000, new short[500]);

        cache.put(TENANT, "huge", 8000, new short[1001]);

        assertThat(cache.get(TENANT, "huge", 8000)).isNull();
        assertThat(cache.get(TENANT, "a", 8000)).isNotNull();
    }

    @Test
    void forgettingARecordingDropsItAtEveryRateAndOnlyForItsTenant() {
        RecordingCache cache = new RecordingCache(10_000);
        UUID other = UUID.randomUUID();
        cache.put(TENANT, "a", 8000, new short[100]);
        cache.put(TENANT, "a", 16_000, new short[200]);
        cache.put(other, "a", 8000, new short[100]);

        cache.forget(TENANT, "a");

        assertThat(cache.get(TENANT, "a", 8000)).isNull();
        assertThat(cache.get(TENANT, "a", 16_000)).isNull();
        assertThat(cache.get(other, "a", 8000)).isNotNull();
        assertThat(cache.samples()).isEqualTo(100);
    }
}
