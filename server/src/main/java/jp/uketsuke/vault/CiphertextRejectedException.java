package jp.uketsuke.vault;

/**
 * A sealed value did not authenticate: it was altered, belongs to another tenant or another place, or its
 * key is gone. Nothing is returned from it; what is stored is left as it is.
 */
public class CiphertextRejectedException extends RuntimeException {

    public CiphertextRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
