package jp.uketsuke.vault.internal;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/** Registers the Tink primitives Uketsuke uses, once per JVM. */
final class TinkSetup {

    static {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TinkSetup() {
    }

    static void ensureRegistered() {
        // the static initialiser does the work
    }
}
