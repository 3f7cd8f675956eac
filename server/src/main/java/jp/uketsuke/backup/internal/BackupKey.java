package jp.uketsuke.backup.internal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.config.DataDirectory;

/**
 * The backup key: a Tink streaming AEAD keyset (AES256-GCM-HKDF, 1 MB segments) in a JSON file that is kept apart
 * from the data directory, so a stolen data directory or a stolen backup alone reveals nothing.
 */
public final class BackupKey {

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StreamingAead aead;
    private final long primaryId;
    private final List<Long> ids;

    private BackupKey(KeysetHandle handle) throws GeneralSecurityException {
        this.aead = handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        this.primaryId = Integer.toUnsignedLong(handle.getPrimary().getId());
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            all.add(Integer.toUnsignedLong(handle.getAt(i).getId()));
        }
        this.ids = List.copyOf(all);
    }

    /** Writes a new key file; never replaces one, since backups made with it would become unreadable. */
    public static void create(Path file) {
        if (Files.exists(file)) {
            throw new BackupRefused("The backup key file " + file + " already exists; it was left as it is.");
        }
        try {
            DataDirectory.createOwnerOnlyDirectories(file.toAbsolutePath().getParent());
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            DataDirectory.writeSecret(file, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupRefused("Cannot write the backup key file " + file + ": " + e.getMessage(), e);
        }
    }

    public static BackupKey load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupRefused("The backup key file " + file + " does not exist. Give the key the backup was made "
                    + "with (--uketsuke.backup.key-file or UKETSUKE_BACKUP_KEY); a new one is made by ./uketsuke backup key <file>.");
        }
        try {
            return new BackupKey(TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new BackupRefused("The backup key file " + file + " is not a Tink streaming AEAD keyset: " + e.getMessage(), e);
        }
    }

    StreamingAead aead() {
        return aead;
    }

    long primaryId() {
        return primaryId;
    }

    boolean holds(long keyId) {
        return ids.contains(keyId);
    }
}
