package jp.uketsuke.audit.internal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import jp.uketsuke.config.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 keyset (Tink JSON, owner-only file) that signs checkpoints of the operation log. It lives apart
 * from the database, so someone who can rewrite the database cannot also re-sign what they wrote.
 */
public final class AuditSigningKey {

    private static final Logger log = LoggerFactory.getLogger(AuditSigningKey.class);

    static {
        try {
            SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PublicKeySign signer;
    private final PublicKeyVerify verifier;
    private final long keyId;

    private AuditSigningKey(KeysetHandle privateKeyset) throws GeneralSecurityException {
        this.signer = privateKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
        this.verifier = privateKeyset.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
        this.keyId = Integer.toUnsignedLong(privateKeyset.getPrimary().getId());
    }

    /** The configured key file, or {@code <data-dir>/keys/audit-signing-keyset.json} when none is. */
    public static Path file(Path configured, Path dataDir) {
        Path file = configured == null || configured.toString().isBlank()
                ? dataDir.resolve("keys").resolve("audit-signing-keyset.json") : configured;
        return file.toAbsolutePath().normalize();
    }

    /** Reads the keyset file, or creates it on first start. */
    public static AuditSigningKey loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            try {
                create(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the audit signing key file " + file, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot generate an audit signing key", e);
            }
        }
        return load(file);
    }

    /** Reads an existing keyset file; never creates one (verification with a new key would prove nothing). */
    public static AuditSigningKey load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The audit signing key file " + file + " does not exist. Restore it from "
                    + "backup or point UKETSUKE_AUDIT_KEY_FILE at it.");
        }
        try {
            warnIfShared(file);
            String json = Files.readString(file, StandardCharsets.UTF_8);
            return new AuditSigningKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit signing key file " + file, e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The audit signing key file " + file + " is not a valid Tink Ed25519 keyset", e);
        }
    }

    byte[] sign(byte[] data) {
        try {
            return signer.sign(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    boolean verifies(byte[] data, byte[] signature) {
        try {
            verifier.verify(signature, data);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    long keyId() {
        return keyId;
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        DataDirectory.createOwnerOnlyDirectories(dir);
        KeysetHandle handle = KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519);
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        DataDirectory.writeSecret(file, json);
        log.info("Created a new audit signing key at {}; back it up apart from the database", file);
    }

    private static void warnIfShared(Path file) throws IOException {
        if (DataDirectory.sharedWithOthers(file)) {
            log.warn("Audit signing key file {} is readable by others ({}); expected rw-------",
                    file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }
}
