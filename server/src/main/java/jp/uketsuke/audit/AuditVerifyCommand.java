package jp.uketsuke.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sql.DataSource;
import jp.uketsuke.audit.internal.AuditReport;
import jp.uketsuke.audit.internal.AuditSigningKey;
import jp.uketsuke.audit.internal.AuditVerifier;
import jp.uketsuke.config.UketsukeProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./uketsuke audit verify}: the server jar started with {@code --uketsuke.command=audit-verify}. It reads the
 * same configuration as the server (application.properties, UKETSUKE_* variables, --options) but starts no beans at
 * all: no web server, no SIP, no migrations; it only reads the database and the signing key file.
 * Exit status 0 when the log is intact, 1 when it was tampered with, 2 when it could not be checked.
 */
public final class AuditVerifyCommand {

    public static final String OPTION = "--uketsuke.command=audit-verify";

    private AuditVerifyCommand() {
    }

    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(OPTION);
    }

    public static int run(String[] args, PrintStream out) {
        // an empty context: Spring Boot only resolves the configuration, exactly as the server would
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("logging.level.root=warn")
                .run(args)) {
            Environment env = context.getEnvironment();
            UketsukeProperties properties = Binder.get(env).bindOrCreate("uketsuke", UketsukeProperties.class);
            String configured = env.getProperty("uketsuke.audit.key-file");
            Path keyFile = AuditSigningKey.file(configured == null || configured.isBlank() ? null : Path.of(configured),
                    properties.dataDir());
            var dataSource = new DriverManagerDataSource(env.getRequiredProperty("spring.datasource.url"),
                    env.getProperty("spring.datasource.username", ""), env.getProperty("spring.datasource.password", ""));
            out.println("Checking the operation log in " + describe(dataSource.getUrl()) + " with the key " + keyFile);
            AuditReport report = verify(dataSource, keyFile);
            out.print(report.render());
            return report.intact() ? 0 : 1;
        } catch (RuntimeException e) {
            out.println("RESULT: NOT CHECKED: " + rootMessage(e));
            return 2;
        }
    }

    /** What the command does once configured; tests run it on copies of a database. */
    public static AuditReport verify(DataSource dataSource, Path keyFile) {
        AuditSigningKey key = AuditSigningKey.load(keyFile);
        return new AuditVerifier(JdbcClient.create(dataSource), key).verify();
    }

    /** What {@link #check} found: whether the log is intact, and the report {@code audit verify} prints. */
    public record Outcome(boolean intact, String report) {
    }

    /** The same check for another module (a backup's verification on its scratch database), in public types only. */
    public static Outcome check(DataSource dataSource, Path keyFile) {
        AuditReport report = verify(dataSource, keyFile);
        return new Outcome(report.intact(), report.render());
    }

    /** The URL without parameters, which may carry credentials. */
    private static String describe(String url) {
        int cut = url.indexOf('?');
        url = cut < 0 ? url : url.substring(0, cut);
        cut = url.indexOf(';');
        return cut < 0 ? url : url.substring(0, cut);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    static final class NoBeans {
    }
}
