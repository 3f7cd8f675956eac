package jp.uketsuke.speech;

/** The text an engine heard in one utterance; empty text when it heard nothing it could use. */
public record Recognition(String text, double confidence) {

    public static final Recognition NOTHING = new Recognition("", 0);

    public boolean isEmpty() {
        return text.isBlank();
    }
}
