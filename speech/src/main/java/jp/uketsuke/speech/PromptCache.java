package jp.uketsuke.speech;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers synthesised prompts (least recently used first out), because synthesis takes a few
 * hundred milliseconds and the same greetings and menus are played on every call. The cache holds
 * prompt text in memory only; flows should not put caller data into prompts that are cached.
 */
public final class PromptCache implements SpeechSynthesizer {

    private final SpeechSynthesizer engine;
    private final int capacity;
    private final Map<Key, AudioClip> clips;

    private record Key(String language, String text) {
    }

    public PromptCache(SpeechSynthesizer engine, int capacity) {
        if (engine == null || capacity < 1) {
            throw new SpeechException("prompt cache needs an engine and a capacity of at least 1");
        }
        this.engine = engine;
        this.capacity = capacity;
        this.clips = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, AudioClip> eldest) {
                return size() > PromptCache.this.capacity;
            }
        };
    }

    @Override
    public AudioClip synthesize(String text, String language) {
        Key key = new Key(language, text);
        synchronized (clips) {
            AudioClip cached = clips.get(key);
            if (cached != null) {
                return copy(cached);
            }
        }
        // Synthesise outside the lock: other prompts must not wait for this one.
        AudioClip clip = engine.synthesize(text, language);
        synchronized (clips) {
            clips.put(key, clip);
        }
        return copy(clip);
    }

    public int size() {
        synchronized (clips) {
            return clips.size();
        }
    }

    // AudioClip exposes its array, so each caller gets its own copy and cannot spoil the cached one.
    private static AudioClip copy(AudioClip clip) {
        return new AudioClip(clip.sampleRate(), clip.samples().clone());
    }
}
