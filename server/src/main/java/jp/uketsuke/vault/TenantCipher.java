package jp.uketsuke.vault;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One tenant's keys, in use. Every personal-data value is sealed with it before it is written.
 * {@code context} binds a ciphertext to where it belongs (e.g. "call:&lt;id&gt;:caller"), so a
 * ciphertext copied to another row or tenant does not decrypt.
 */
public interface TenantCipher {

    byte[] seal(byte[] plaintext, String context);

    /** @throws CiphertextRejectedException when it was altered, or sealed by another tenant or for another context */
    byte[] open(byte[] ciphertext, String context);

    /** Keyed, deterministic index of a value (e.g. a normalised phone number) for lookups. */
    String index(String value);

    /** Streaming encryption for recordings: what is written reaches disk segment by segment. */
    OutputStream sealing(OutputStream ciphertextSink, String context);

    /** Reads fail with an {@link java.io.IOException} at the first segment that does not authenticate. */
    InputStream opening(InputStream ciphertextSource, String context);
}
