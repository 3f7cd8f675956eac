package jp.uketsuke.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

class HttpsServerTest extends RunningServer {

    @Test
    void servesHttpsWithTheSelfSignedCertificateFromTheDataDirectory() {
        HttpResponse<String> login = client().get("/login");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
    }

    @Test
    void clientsThatDoNotTrustTheCertificateAreRefused() {
        HttpClient untrusting = HttpClient.newHttpClient();

        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base() + "/login")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLException.class);
    }

    @Test
    void plainHttpGetsNoPage() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write("GET /login HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
            socket.setSoTimeout(10_000);
            String reply = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(reply).doesNotContain("<html").doesNotContain("ログイン");
        }
    }
}
