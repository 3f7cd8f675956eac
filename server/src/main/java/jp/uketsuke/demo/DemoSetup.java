package jp.uketsuke.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.StaffTransfer;
import jp.uketsuke.voicebot.StandardFlows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code --demo}: two tenants to call right away — number 0500000000 with an English flow and a few FAQ entries,
 * and number 0500000001, さくら不動産, with a Japanese flow (hours, purpose, FAQ, staff, messages) — each with its
 * console login and a staff phone (extension 201), and the English one with an API key (calls:read, flows:edit), written to
 * {@code <data dir>/demo-credentials.properties} (owner-only).
 */
@Component
@Order(100)
class DemoSetup implements ApplicationRunner {

    static final String NUMBER = "0500000000";
    static final String JAPANESE_NUMBER = "0500000001";
    static final String USERNAME = "demo";
    static final String JAPANESE_USERNAME = "demo-ja";
    static final String PHONE_EXTENSION = "201";
    static final String CREDENTIALS_FILE = "demo-credentials.properties";
    /** The tenant of the English flow: a Japanese company name all the same, as the console shows it to staff. */
    static final String ENGLISH_TENANT_NAME = "デモ株式会社";

    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    private final Tenants tenants;
    private final FlowEditing flows;
    private final IdentityAdmin identity;
    private final StaffPhones phones;
    private final TransactionTemplate transaction;
    private final Path dataDir;
    private final int httpsPort;

    DemoSetup(Tenants tenants, FlowEditing flows, IdentityAdmin identity, StaffPhones phones,
              TransactionTemplate transaction, @Value("${uketsuke.data-dir}") Path dataDir,
              @Value("${server.port}") int httpsPort) {
        this.tenants = tenants;
        this.flows = flows;
        this.identity = identity;
        this.phones = phones;
        this.transaction = transaction;
        this.dataDir = dataDir;
        this.httpsPort = httpsPort;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("demo")) {
            return;
        }
        Path credentials = dataDir.resolve(CREDENTIALS_FILE);
        boolean english = tenants.lineFor(NUMBER).isEmpty();
        boolean japanese = tenants.lineFor(JAPANESE_NUMBER).isEmpty();
        if (!english && !japanese) {
            log.info("Demo tenants exist; their credentials are in {}", credentials);
            return;
        }
        // a data directory from before the Japanese demo keeps its English one and gains the other
        Properties written = readIfPresent(credentials);
        if (english) {
            written.putAll(transaction.execute(status -> createDemoTenant()));
        }
        if (japanese) {
            written.putAll(transaction.execute(status -> createJapaneseDemoTenant()));
        }
        writeOwnerOnly(credentials, written);
        System.out.printf("%n  Demo tenants ready: call %s (English) or %s (Japanese), console https://localhost:%d/"
                + " — logins and API key in %s%n%n", NUMBER, JAPANESE_NUMBER, httpsPort, credentials.toAbsolutePath());
    }

    private Properties createDemoTenant() {
        UUID tenant = tenants.create(ENGLISH_TENANT_NAME, "en-US");
        tenants.assignNumber(tenant, NUMBER);
        String password = identity.createTenantUser(tenant, USERNAME, Role.TENANT_ADMIN);
        // reads calls and runs the simulator (flows:edit) over the API
        String apiKey = identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ, Permissions.FLOWS_EDIT), null);
        Viewer setup = new Viewer("system:demo", Set.of(tenant), Set.of(Permissions.USERS_MANAGE,
                Permissions.FLOWS_EDIT), null);
        NewStaffPhone phone = phones.create(setup, tenant, PHONE_EXTENSION);
        // callers who press 0 or ask for "operator" are put through to the demo's staff phone, once it registers
        publish(setup, tenant, StandardFlows.graph(DemoFlows.english().withTransfer(
                StandardFlows.transferTo("en-US", PHONE_EXTENSION, StaffTransfer.Mode.BRIDGED,
                        StaffTransfer.DEFAULT_NO_ANSWER_SECONDS))));
        Properties p = new Properties();
        p.setProperty("tenant.name", ENGLISH_TENANT_NAME);
        p.setProperty("tenant.number", NUMBER);
        p.setProperty("console.url", "https://localhost:" + httpsPort + "/");
        p.setProperty("console.username", USERNAME);
        p.setProperty("console.password", password);
        p.setProperty("api.key", apiKey);
        p.setProperty("api.permissions", Permissions.CALLS_READ + "," + Permissions.FLOWS_EDIT);
        p.setProperty("phone.extension", phone.extension());
        p.setProperty("phone.username", phone.username());
        p.setProperty("phone.password", phone.password());
        p.setProperty("phone.realm", phone.realm());
        return p;
    }

    /** さくら不動産: the Japanese demo on its own number, with its own administrator and staff phone. */
    private Properties createJapaneseDemoTenant() {
        UUID tenant = tenants.create("さくら不動産", "ja-JP");
        tenants.assignNumber(tenant, JAPANESE_NUMBER);
        String password = identity.createTenantUser(tenant, JAPANESE_USERNAME, Role.TENANT_ADMIN);
        Viewer setup = new Viewer("system:demo", Set.of(tenant), Set.of(Permissions.USERS_MANAGE,
                Permissions.FLOWS_EDIT), null);
        NewStaffPhone phone = phones.create(setup, tenant, PHONE_EXTENSION);
        publish(setup, tenant, DemoFlows.japanese(PHONE_EXTENSION));
        Properties p = new Properties();
        p.setProperty("ja.tenant.name", "さくら不動産");
        p.setProperty("ja.tenant.number", JAPANESE_NUMBER);
        p.setProperty("ja.console.username", JAPANESE_USERNAME);
        p.setProperty("ja.console.password", password);
        p.setProperty("ja.phone.extension", phone.extension());
        p.setProperty("ja.phone.username", phone.username());
        p.setProperty("ja.phone.password", phone.password());
        return p;
    }

    /**
     * Publishes the demo's flow; where this installation cannot speak it (Open JTalk not installed for the Japanese
     * one) it stays a draft, the tenant answers with the standard flow, and the log says what is missing.
     */
    private void publish(Viewer setup, UUID tenant, Flow flow) {
        flows.saveDraft(setup, tenant, flow);
        try {
            flows.publish(setup, tenant);
        } catch (FlowEditing.FlowRejected e) {
            log.warn("Demo flow of tenant {} left as a draft: {}", tenant, e.getMessage());
        }
    }

    private static Properties readIfPresent(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
        return p;
    }

    private static void writeOwnerOnly(Path file, Properties properties) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                properties.store(out, "Uketsuke demo tenant: keep this file private. The console password must be "
                        + "changed at first login.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
