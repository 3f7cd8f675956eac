package jp.uketsuke.screening.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The labelled set the shared model learns from ({@code screening/examples.tsv}: label, language, group, text). A
 * group is one wording with its variations; the held-out part is whole groups, chosen by a hash of the group's name,
 * so the evaluation sees wordings the model never saw, and the same ones on every run.
 */
final class LabelledExamples {

    static final String RESOURCE = "/screening/examples.tsv";

    /** One line of the set. */
    record Labelled(boolean sales, String language, String group, String text) {
    }

    private LabelledExamples() {
    }

    static List<Labelled> load() {
        try (InputStream in = Objects.requireNonNull(LabelledExamples.class.getResourceAsStream(RESOURCE),
                RESOURCE + " is missing from the build");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Labelled> out = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4 || !(f[0].equals("sales") || f[0].equals("customer"))) {
                    throw new IllegalStateException(RESOURCE + " line " + number + " is not label, language, group, text");
                }
                out.add(new Labelled(f[0].equals("sales"), f[1], f[2], f[3]));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One group in five is held out for the evaluation; {@code part} picks another fifth (for choosing the threshold). */
    static boolean inPart(String group, int part) {
        int h = 0x811c9dc5;
        for (int i = 0; i < group.length(); i++) {
            h ^= group.charAt(i);
            h *= 0x01000193;
        }
        return Math.floorMod(h, 5) == part;
    }

    static boolean heldOut(Labelled example) {
        return inPart(example.group(), 0);
    }
}
