package jp.uketsuke.voicebot.faq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the FAQ's own words inside an utterance by reading. A recogniser writes 「ほしょうにんなしでも」 in one hiragana
 * stretch that Kuromoji cuts at random; looking for the reading ホショニン of the FAQ's 「保証人」 finds the word anyway.
 */
final class KanaSpotter {

    private final Map<String, List<Spoken.Spot>> byFirstTwo;

    private KanaSpotter(Map<String, List<Spoken.Spot>> byFirstTwo) {
        this.byFirstTwo = byFirstTwo;
    }

    static KanaSpotter of(List<Spoken> phrasings) {
        Map<String, List<Spoken.Spot>> byFirstTwo = new HashMap<>();
        Set<Spoken.Spot> seen = new HashSet<>();
        for (Spoken phrasing : phrasings) {
            for (Spoken.Spot spot : phrasing.spots()) {
                if (spot.reading().length() >= 2 && seen.add(spot)) {
                    byFirstTwo.computeIfAbsent(spot.reading().substring(0, 2), k -> new ArrayList<>()).add(spot);
                }
            }
        }
        Map<String, List<Spoken.Spot>> frozen = new HashMap<>();
        byFirstTwo.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new KanaSpotter(Map.copyOf(frozen));
    }

    /** Keys of the FAQ words whose reading occurs in this reading. */
    Set<String> wordsIn(String reading) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i + 2 <= reading.length(); i++) {
            for (Spoken.Spot spot : byFirstTwo.getOrDefault(reading.substring(i, i + 2), List.of())) {
                if (reading.startsWith(spot.reading(), i)) {
                    keys.addAll(spot.keys());
                }
            }
        }
        return keys;
    }
}
