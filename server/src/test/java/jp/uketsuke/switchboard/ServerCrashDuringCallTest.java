package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server killed (SIGKILL) in the middle of a call keeps what it recorded: after a restart the call
 * is listed, marked incomplete, with the transcript up to the crash. The server runs as its own
 * process, as `./uketsuke run --demo` runs it, and the call is read back over the REST API.
 */
class ServerCrashDuringCallTest {

    @TempDir
    Path dataDir;

    private final int sipPort = FreePorts.udpAndTcp();
    private final int httpsPort = FreePorts.udpAndTcp();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void callCutByACrashIsKeptAndMarkedIncomplete() throws Exception {
        Process server = startServer("first");
        Process caller = ExternalProgram.start(List.of(ExternalProgram.require("sipp", "sip-tester"),
                "127.0.0.1:" + sipPort, "-sf", scenario().toString(), "-s", "0500000000", "-m", "1",
                "-i", "127.0.0.1", "-p", String.valueOf(FreePorts.udpAndTcp()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(FreePorts.udpAndTcp()), "-nostdin", "-timeout", "60s"),
                dataDir.resolve("sipp.log"));
        processes.add(caller);

        Thread.sleep(Duration.ofSeconds(8)); // greeting played, key 1 pressed, the hours being said
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        caller.destroyForcibly();

        startServer("second");
        JsonNode calls = api("/api/v1/calls").get("calls");
        assertThat(calls.size()).as(() -> "calls after the restart; first server's log:\n"
                + ExternalProgram.tail(dataDir.resolve("server-first.log")) + "\nSIPp:\n"
                + ExternalProgram.tail(dataDir.resolve("sipp.log"))).isEqualTo(1);
        JsonNode call = api("/api/v1/calls/" + calls.get(0).get("id").asString());
        assertThat(call.get("call").get("outcome").asString()).isEqualTo("INCOMPLETE");
        assertThat(call.toString()).contains("Thank you for calling").contains("[DTMF 1]");
    }

    private Process startServer(String name) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = ExternalProgram.start(List.of(java, "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"), "jp.uketsuke.UketsukeApplication", "--demo",
                        "--uketsuke.sip.enabled=true", // the test classpath switches SIP off for other tests
                        "--uketsuke.data-dir=" + dataDir,
                        "--uketsuke.sip.port=" + sipPort,
                        "--uketsuke.sip.bind-address=127.0.0.1",
                        "--uketsuke.sip.advertised-address=127.0.0.1",
                        "--server.port=" + httpsPort),
                dataDir.resolve("server-" + name + ".log"));
        processes.add(server);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!listening(httpsPort) || !listening(sipPort)) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("server did not start:\n" + ExternalProgram.tail(dataDir.resolve("server-" + name + ".log")));
            }
            Thread.sleep(250);
        }
        return server;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path scenario() throws IOException {
        try (var in = getClass().getResourceAsStream("/sipp/demo-call.xml")) {
            Path file = dataDir.resolve("demo-call.xml");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    private JsonNode api(String path) throws Exception {
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve("demo-credentials.properties"))) {
            credentials.load(in);
        }
        HttpClient client = HttpClient.newBuilder().sslContext(trustingSelfSigned()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + path))
                        .header("Authorization", "Bearer " + credentials.getProperty("api.key")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    /** Trusts exactly the self-signed certificate the server made on first start, nothing else. */
    private SSLContext trustingSelfSigned() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var pem = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
            trusted.setCertificateEntry("uketsuke", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
