package jp.uketsuke.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where this node keeps what it stores, and who it is among the nodes sharing a database.
 *
 * @param dataDir       database (H2), encrypted recordings, keys; {@code UKETSUKE_DATA_DIR}, default ./data
 * @param nodeId        names this node in records it owns while working (open calls), so a restarting node
 *                      recovers only its own interrupted calls; {@code UKETSUKE_NODE_ID}, default "local"
 * @param masterKeyFile the master keyset that wraps every tenant's keys; {@code UKETSUKE_MASTER_KEY_FILE},
 *                      default {@code <data-dir>/keys/master-keyset.json} (point it at another volume to keep
 *                      it apart from database backups)
 */
@ConfigurationProperties("uketsuke")
public record UketsukeProperties(Path dataDir, String nodeId, Path masterKeyFile) {

    public UketsukeProperties {
        if (dataDir == null || dataDir.toString().isBlank()) {
            dataDir = Path.of("data");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = "local";
        }
        if (nodeId.length() > 100) {
            throw new IllegalArgumentException("uketsuke.node-id is longer than 100 characters");
        }
        if (masterKeyFile == null || masterKeyFile.toString().isBlank()) {
            masterKeyFile = dataDir.resolve("keys").resolve("master-keyset.json");
        }
        masterKeyFile = masterKeyFile.toAbsolutePath().normalize();
    }

    public static UketsukeProperties of(Path dataDir) {
        return new UketsukeProperties(dataDir, null, null);
    }
}
