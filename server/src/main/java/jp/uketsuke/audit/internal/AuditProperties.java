package jp.uketsuke.audit.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keyFile            the Ed25519 keyset that signs checkpoints; {@code UKETSUKE_AUDIT_KEY_FILE}, default
 *                           {@code <data-dir>/keys/audit-signing-keyset.json}
 * @param checkpointInterval how often the chain head is signed (also at shutdown); default one minute
 */
@ConfigurationProperties("uketsuke.audit")
record AuditProperties(Path keyFile, Duration checkpointInterval) {

    AuditProperties {
        if (checkpointInterval == null || checkpointInterval.isZero() || checkpointInterval.isNegative()) {
            checkpointInterval = Duration.ofMinutes(1);
        }
    }
}
