package jp.uketsuke.voicebot.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Recordings at the rates calls asked for, least recently used dropped first once the samples kept pass a budget:
 * every call of a tenant plays the same greeting, and opening and resampling it per call would show in each call.
 */
final class RecordingCache {

    private record Key(UUID tenantId, String id, int sampleRate) {
    }

    private final long maxSamples;
    private final Map<Key, short[]> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long samples;

    RecordingCache(long maxSamples) {
        this.maxSamples = maxSamples;
    }

    synchronized short[] get(UUID tenantId, String id, int sampleRate) {
        return kept.get(new Key(tenantId, id, sampleRate));
    }

    synchronized void put(UUID tenantId, String id, int sampleRate, short[] audio) {
        if (audio.length > maxSamples) {
            return;
        }
        short[] previous = kept.put(new Key(tenantId, id, sampleRate), audio);
        samples += audio.length - (previous == null ? 0 : previous.length);
        Iterator<short[]> eldest = kept.values().iterator();
        while (samples > maxSamples && eldest.hasNext()) {
            samples -= eldest.next().length;
            eldest.remove();
        }
    }

    synchronized void forget(UUID tenantId, String id) {
        kept.entrySet().removeIf(e -> {
            boolean match = e.getKey().tenantId().equals(tenantId) && e.getKey().id().equals(id);
            if (match) {
                samples -= e.getValue().length;
            }
            return match;
        });
    }

    synchronized long samples() {
        return samples;
    }
}
