package jp.uketsuke.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.vault.MasterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master key as a Tink AES256-GCM keyset in a JSON file readable by the owner only. */
public final class KeysetFileMasterKey implements MasterKey {

    private static final Logger log = LoggerFactory.getLogger(KeysetFileMasterKey.class);

    private final Aead aead;

    private KeysetFileMasterKey(Aead aead) {
        this.aead = aead;
    }

    /** Reads the keyset file, or creates it when it does not exist yet. */
    public static KeysetFileMasterKey loadOrCreate(Path file) {
        TinkSetup.ensureRegistered();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            warnIfShared(file);
            String json = Files.readString(file, StandardCharsets.UTF_8);
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            return new KeysetFileMasterKey(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master key file " + file + " is not a valid Tink AEAD keyset", e);
        }
    }

    @Override
    public Aead aead() {
        return aead;
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        DataDirectory.createOwnerOnlyDirectories(dir);
        KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        DataDirectory.writeSecret(file, json);
        log.info("Created a new master key at {}; back it up apart from the database", file);
    }

    private static void warnIfShared(Path file) throws IOException {
        if (DataDirectory.sharedWithOthers(file)) {
            log.warn("Master key file {} is readable by others ({}); expected rw-------",
                    file, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }
}
