package jp.uketsuke.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.internal.mail.EmailChannel;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.voicebot.PublishedFlows;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The notify module wired by hand over a {@link DataFixture} (real database, vault, audit log, call journal and
 * history) with the real e-mail channel pointed at a GreenMail SMTPS server holding a certificate made for the test.
 * No summaries are written here (the summary module is not wired): notices go out as they do when a call's summary is
 * late, which is a path of its own.
 */
final class NotifyFixture {

    static final String PASSWORD = "test-only-keystore";
    /** No summary: the summary module is not part of this fixture. */
    static final CallSummaries NO_SUMMARIES = (viewer, callId) -> Optional.empty();
    /** The identity module is not wired here: no administrator has an address (AdministratorMailTest mails them). */
    static final jp.uketsuke.identity.AdministratorMail NO_ADMINISTRATORS = (actor, tenant, holding, subject, body) -> 0;
    /** Rules here never ask for business hours. */
    static final PublishedFlows NO_FLOWS = (tenant, language) -> {
        throw new AssertionError("no rule of this test asks for business hours");
    };

    final DataFixture data;
    final NotifyProperties properties;
    final DestinationRows destinations;
    final RuleRows rules;
    final DeliveryRows deliveries;
    final Channels channels;
    final NoticeRenderer renderer;
    final CallEvaluator evaluator;
    final DestinationAdministration admin;
    final RuleAdministration ruleAdmin;
    final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    NotifyFixture(DataFixture data, JavaMailSenderImpl mail) {
        this.data = data;
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        properties = new NotifyProperties(URI.create("https://console.example.test"), Duration.ofMillis(100),
                Duration.ofMinutes(2), 3, Duration.ofSeconds(10), Duration.ofMinutes(10), 1000, Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofMinutes(30), 5, "uketsuke@uketsuke.test", null);
        destinations = new DestinationRows(data.jdbc, data.vault);
        rules = new RuleRows(data.jdbc);
        deliveries = new DeliveryRows(data.jdbc, data.vault);
        channels = new Channels(List.of(new EmailChannel(mail, properties::senderOf)));
        renderer = new NoticeRenderer(data.history(), NO_SUMMARIES, messages, properties::consoleUrl);
        evaluator = new CallEvaluator(data.jdbc, data.transactions, rules, deliveries, data.history(), NO_SUMMARIES,
                NO_FLOWS, data.tenants, properties.summaryWait(), properties.catchUpWindow(), data.clock);
        admin = new DestinationAdministration(destinations, deliveries, channels, data.vault, data.audit, messages,
                properties, NO_ADMINISTRATORS, Runnable::run, () -> { }, data.clock);
        ruleAdmin = new RuleAdministration(rules, destinations, deliveries, admin, data.audit, () -> { }, data.clock);
    }

    DeliveryWorker worker(String id) {
        return new DeliveryWorker(id, deliveries, destinations, channels, renderer, evaluator, properties, data.clock);
    }

    static Viewer manager(UUID tenant, boolean unredacted) {
        return new Viewer("user:manager", Set.of(tenant), unredacted
                ? Set.of(Permissions.NOTIFY_MANAGE, Permissions.TRANSCRIPTS_UNREDACTED)
                : Set.of(Permissions.NOTIFY_MANAGE), "192.0.2.7");
    }

    /** A closed call in which the caller said their number; returns its id. */
    UUID closedCall(UUID tenant, CallOutcome outcome, String callerNumber, String said) {
        JdbcCallJournal journal = data.journal("node-1");
        UUID call = journal.open(tenant, callerNumber, "0500000000", data.clock.instant());
        journal.addTurn(call, Speaker.BOT, Duration.ZERO, "ご用件をどうぞ");
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(2), said);
        journal.setPurpose(call, said);
        journal.close(call, data.clock.instant().plusSeconds(30), outcome);
        return call;
    }

    /** A destination verified the way a person does it: the code that arrived by mail entered in the console. */
    UUID verifiedEmail(UUID tenant, String address, String level, GreenMail mail, DeliveryWorker worker) throws Exception {
        Viewer viewer = manager(tenant, true);
        UUID id = admin.create(viewer, tenant, new DestinationAdministration.Form("EMAIL", "窓口 " + address, level,
                address, "", ""));
        admin.sendCode(viewer, tenant, id);
        worker.round();
        admin.verify(viewer, tenant, id, codeIn(lastTo(mail, address)));
        return id;
    }

    static MimeMessage lastTo(GreenMail mail, String address) throws Exception {
        MimeMessage found = null;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                found = m;
            }
        }
        assertThat(found).as("a message to " + address).isNotNull();
        return found;
    }

    /**
     * The notice of one call to an address: announcements of settings changes go to the same addresses and may arrive
     * in between, so "the last message" is not enough.
     */
    static MimeMessage noticeOfCall(GreenMail mail, String address, UUID call) throws Exception {
        MimeMessage found = null;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address) && body(m).contains("/calls/" + call)) {
                found = m;
            }
        }
        assertThat(found).as("a notice of call " + call + " to " + address).isNotNull();
        return found;
    }

    static String codeIn(MimeMessage message) throws Exception {
        var matcher = java.util.regex.Pattern.compile("(\\d{6})").matcher(body(message));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    static String body(MimeMessage message) throws Exception {
        return ((String) message.getContent()).replace("\r\n", "\n");
    }

    /** The key GreenMail serves, made once per JVM: GreenMail reads it once, when its first TLS server starts. */
    private static Path serverKey;

    static synchronized Path serverKey() throws Exception {
        if (serverKey == null) {
            String chosen = System.getProperty("greenmail.tls.keystore.file");
            if (chosen != null && Files.exists(Path.of(chosen))) {
                serverKey = Path.of(chosen); // another test class chose it first, with the same password
            } else {
                serverKey = keystore(Files.createTempDirectory("notify-smtp-key"));
                System.setProperty("greenmail.tls.keystore.file", serverKey.toString());
                System.setProperty("greenmail.tls.keystore.password", PASSWORD);
                System.setProperty("greenmail.tls.key.password", PASSWORD);
            }
        }
        return serverKey;
    }

    /** GreenMail over implicit TLS with the test certificate. */
    static GreenMail smtps(Path dir) throws Exception {
        serverKey();
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        mail.start();
        return mail;
    }

    static JavaMailSenderImpl senderTrusting(Path dir, String protocol, int port) throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setProtocol(protocol);
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Properties javaMail = new Properties();
        javaMail.put("mail." + protocol + ".ssl.socketFactory", (protocol.equals("smtps") ? trusting(port)
                : SSLContext.getDefault()).getSocketFactory());
        javaMail.put("mail." + protocol + ".connectiontimeout", "5000");
        javaMail.put("mail." + protocol + ".timeout", "5000");
        sender.setJavaMailProperties(javaMail);
        return sender;
    }

    /**
     * Trusts exactly the certificate the test's SMTPS server presents. GreenMail takes its key once per JVM, possibly
     * from another test class's (since deleted) key store, so the certificate is read from the server itself; the
     * channel still checks it and the server's name on every connection.
     */
    private static SSLContext trusting(int port) throws Exception {
        java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
        javax.net.ssl.X509TrustManager recorder = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                seen[0] = chain;
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        SSLContext probe = SSLContext.getInstance("TLS");
        probe.init(null, new javax.net.ssl.TrustManager[] {recorder}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) probe.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("smtp", seen[0][0]);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static Path keystore(Path dir) throws Exception {
        Path file = dir.resolve("smtp.p12");
        if (Files.exists(file)) {
            return file;
        }
        Path log = dir.resolve("keytool.log");
        int exit = ExternalProgram.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD), log, Duration.ofSeconds(60));
        assertThat(exit).as(ExternalProgram.tail(log)).isZero();
        return file;
    }
}
