package jp.uketsuke.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.prf.PrfSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.TenantCipher;

/** A tenant's three Tink primitives; associated data = tenant id + context, so values cannot be moved. */
final class TinkTenantCipher implements TenantCipher {

    private static final byte[] INDEX_DOMAIN = "uketsuke-index-v1\0".getBytes(StandardCharsets.UTF_8);
    private static final int INDEX_BYTES = 32;

    private final UUID tenantId;
    private final Aead aead;
    private final StreamingAead streamingAead;
    private final PrfSet prf;

    TinkTenantCipher(UUID tenantId, Aead aead, StreamingAead streamingAead, PrfSet prf) {
        this.tenantId = tenantId;
        this.aead = aead;
        this.streamingAead = streamingAead;
        this.prf = prf;
    }

    @Override
    public byte[] seal(byte[] plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return aead.encrypt(plaintext, associatedData(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed for " + context, e);
        }
    }

    @Override
    public byte[] open(byte[] ciphertext, String context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        try {
            return aead.decrypt(ciphertext, associatedData(context));
        } catch (GeneralSecurityException e) {
            throw new CiphertextRejectedException("Sealed value " + context + " of tenant " + tenantId
                    + " did not authenticate", e);
        }
    }

    @Override
    public String index(String value) {
        Objects.requireNonNull(value, "value");
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[INDEX_DOMAIN.length + bytes.length];
        System.arraycopy(INDEX_DOMAIN, 0, input, 0, INDEX_DOMAIN.length);
        System.arraycopy(bytes, 0, input, INDEX_DOMAIN.length, bytes.length);
        try {
            return HexFormat.of().formatHex(prf.computePrimary(input, INDEX_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Keyed index failed", e);
        }
    }

    @Override
    public OutputStream sealing(OutputStream ciphertextSink, String context) {
        Objects.requireNonNull(ciphertextSink, "ciphertextSink");
        try {
            return streamingAead.newEncryptingStream(ciphertextSink, associatedData(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot start encrypting " + context, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start encrypting " + context, e);
        }
    }

    @Override
    public InputStream opening(InputStream ciphertextSource, String context) {
        Objects.requireNonNull(ciphertextSource, "ciphertextSource");
        try {
            return streamingAead.newDecryptingStream(ciphertextSource, associatedData(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot start decrypting " + context, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start decrypting " + context, e);
        }
    }

    private byte[] associatedData(String context) {
        if (context == null || context.isBlank()) {
            throw new IllegalArgumentException("A context is required");
        }
        return ("tenant:" + tenantId + "|" + context).getBytes(StandardCharsets.UTF_8);
    }
}
