package jp.uketsuke.backup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import jp.uketsuke.audit.AuditSchema;
import jp.uketsuke.backup.internal.BackupHeader;
import jp.uketsuke.backup.internal.BackupKey;
import jp.uketsuke.backup.internal.BackupRefused;
import jp.uketsuke.backup.internal.BackupRestore;
import jp.uketsuke.backup.internal.BackupWriter;
import jp.uketsuke.config.UketsukeProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./uketsuke backup create|restore|verify|key <file>}: the server jar started with
 * {@code --uketsuke.command=backup-<what>} and {@code --uketsuke.backup.file=<file>}. Like {@code audit verify} it reads
 * the server's configuration (application.properties, UKETSUKE_* variables, --options) and starts no beans: no web
 * server, no SIP. The backup key is {@code uketsuke.backup.key-file} ({@code UKETSUKE_BACKUP_KEY}).
 * Exit status 0 when done (verify: when every check passed), 1 when refused or a check failed.
 */
public final class BackupCommand {

    public static final String PREFIX = "--uketsuke.command=backup-";

    private BackupCommand() {
    }

    public static boolean requested(String[] args) {
        for (String arg : args) {
            if (arg.startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    public static int run(String[] args, PrintStream out) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=warn")
                .run(args)) {
            Environment env = context.getEnvironment();
            String what = env.getRequiredProperty("uketsuke.command").substring("backup-".length());
            Path file = Path.of(required(env, "uketsuke.backup.file", "the backup file")).toAbsolutePath().normalize();
            if (what.equals("key")) {
                BackupKey.create(file);
                out.println("Created the backup key " + file + ". Keep it (and a copy) apart from the data directory and "
                        + "from the backups: without it no backup can be restored.");
                return 0;
            }
            UketsukeProperties properties = Binder.get(env).bindOrCreate("uketsuke", UketsukeProperties.class);
            Path dataDir = properties.dataDir();
            Path keyFile = Path.of(required(env, "uketsuke.backup.key-file",
                    "the backup key (--uketsuke.backup.key-file or UKETSUKE_BACKUP_KEY)")).toAbsolutePath().normalize();
            Path auditKey = AuditSchema.signingKeyFile(env.getProperty("uketsuke.audit.key-file"), dataDir);
            return switch (what) {
                case "create" -> {
                    if (keyFile.startsWith(dataDir)) {
                        throw new BackupRefused("The backup key " + keyFile + " is inside the data directory " + dataDir
                                + "; keep it apart, or a stolen data directory opens every backup.");
                    }
                    Set<Path> secrets = new HashSet<>(Set.of(keyFile, properties.masterKeyFile(), auditKey));
                    BackupHeader header = BackupWriter.create(dataSource(env), dataDir, secrets, BackupKey.load(keyFile),
                            file, Clock.systemUTC());
                    out.println("Wrote " + file + ": " + header.describe());
                    yield 0;
                }
                case "restore" -> {
                    BackupHeader header = BackupRestore.restore(file, BackupKey.load(keyFile), dataSource(env), dataDir);
                    out.println("Restored " + header.describe() + " into " + dataDir + ". Put back the master key ("
                            + properties.masterKeyFile() + ") and the audit signing key (" + auditKey + ") before starting.");
                    yield 0;
                }
                case "verify" -> {
                    var verification = BackupRestore.verify(file, BackupKey.load(keyFile), auditKey);
                    verification.lines().forEach(out::println);
                    yield verification.passed() ? 0 : 1;
                }
                default -> throw new BackupRefused("Unknown backup command '" + what + "' (create, restore, verify, key).");
            };
        } catch (BackupRefused e) {
            out.println("BACKUP: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            out.println("BACKUP: FAILED: " + e.getMessage());
            return 1;
        }
    }

    private static DriverManagerDataSource dataSource(Environment env) {
        return new DriverManagerDataSource(env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username", ""), env.getProperty("spring.datasource.password", ""));
    }

    private static String required(Environment env, String property, String what) {
        String value = env.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new BackupRefused("No " + what + " was given.");
        }
        return value;
    }

    static final class NoBeans {
    }
}
