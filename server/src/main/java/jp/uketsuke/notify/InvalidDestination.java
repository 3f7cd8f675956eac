package jp.uketsuke.notify;

/** A destination that cannot be saved as entered; the message says why, without echoing a secret. */
public class InvalidDestination extends Exception {

    public InvalidDestination(String message) {
        super(message);
    }
}
