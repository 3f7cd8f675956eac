package jp.uketsuke.speech.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.TestAudio;
import jp.uketsuke.speech.Vocabulary;
import jp.uketsuke.speech.WavFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a local server speaking the OpenAI-compatible transcription API as whisper.cpp's server
 * does: it parses the multipart request for real and answers per path.
 */
class HttpRecognizerTest {

    static final Vocabulary MENU = new Vocabulary("ja-JP", List.of("営業時間", "住所"));
    static final AudioClip SPEECH = TestAudio.speech("business hours", 8000);
    static final String SECRET = "SECRET-TRANSCRIPT";

    static HttpServer server;
    static final Map<String, String> received = new ConcurrentHashMap<>();
    static final AtomicInteger goodCalls = new AtomicInteger();

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/good/v1/audio/transcriptions", exchange -> {
            goodCalls.incrementAndGet();
            Map<String, byte[]> form = parseForm(exchange);
            AudioClip wav = WavFiles.read(form.get("file"));
            received.put("rate", Integer.toString(wav.sampleRate()));
            received.put("samples", Integer.toString(wav.samples().length));
            for (String field : List.of("model", "language", "prompt", "response_format")) {
                received.put(field, new String(form.getOrDefault(field, new byte[0]), StandardCharsets.UTF_8));
            }
            received.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            answer(exchange, 200, "application/json; charset=utf-8",
                    "{\"text\":\" 営業時間を\\n教えてください。\",\"segments\":[]}");
        });
        server.createContext("/silent/v1/audio/transcriptions",
                exchange -> answer(exchange, 200, "application/json", "{\"text\":\"  \"}"));
        server.createContext("/broken/v1/audio/transcriptions",
                exchange -> answer(exchange, 500, "application/json", "{\"error\":\"" + SECRET + "\"}"));
        server.createContext("/locked/v1/audio/transcriptions",
                exchange -> answer(exchange, 401, "application/json", "{\"error\":\"bad token\"}"));
        server.createContext("/html/v1/audio/transcriptions",
                exchange -> answer(exchange, 200, "text/html", "<p>" + SECRET + "</p>"));
        server.createContext("/garbled/v1/audio/transcriptions",
                exchange -> answer(exchange, 200, "application/json", "{\"text\": \"" + SECRET));
        server.createContext("/textless/v1/audio/transcriptions",
                exchange -> answer(exchange, 200, "application/json", "{\"text\": 42, \"words\": [\"a\"]}"));
        server.createContext("/moved/v1/audio/transcriptions", exchange -> {
            exchange.getResponseHeaders().add("Location", "/good/v1/audio/transcriptions");
            answer(exchange, 302, "text/plain", "moved");
        });
        server.createContext("/slow/v1/audio/transcriptions", exchange -> {
            sleep(5000);
            answer(exchange, 200, "application/json", "{\"text\":\"late\"}");
        });
        server.createContext("/trickle/v1/audio/transcriptions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : "{\"text\":\"slowly, very slowly\"}".getBytes(StandardCharsets.UTF_8)) {
                    out.write(b);
                    out.flush();
                    sleep(200);
                }
            } catch (IOException closedByClient) {
                // the recogniser gave up, as it should
            }
        });
        server.createContext("/flood/v1/audio/transcriptions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"text\":\"".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "あ".repeat(10_000).getBytes(StandardCharsets.UTF_8);
                for (int written = 0; written < 10 * 1024 * 1024; written += chunk.length) {
                    out.write(chunk);
                }
                out.write("\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedByClient) {
                // the recogniser stopped reading, as it should
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsTheUtteranceAsA16kHzWavWithLanguageModelPromptAndTokenAndReadsTheText() {
        HttpRecognizer recognizer = new HttpRecognizer(new HttpRecognizer.Config(base("good"), "large-v3-turbo",
                "s3cret-token", Duration.ofSeconds(5)));

        Recognition heard = recognizer.recognize(SPEECH, MENU);

        assertThat(heard.text()).isEqualTo("営業時間を 教えてください。");
        assertThat(received).containsEntry("rate", "16000")
                .containsEntry("samples", Integer.toString(SPEECH.samples().length * 2))
                .containsEntry("model", "large-v3-turbo").containsEntry("language", "ja")
                .containsEntry("prompt", "営業時間、住所").containsEntry("response_format", "json")
                .containsEntry("authorization", "Bearer s3cret-token");
    }

    @Test
    void blankTextIsNothingHeard() {
        assertThat(recognizer("silent").recognize(SPEECH, MENU)).isEqualTo(Recognition.NOTHING);
    }

    @Test
    void serverErrorsAreClearAndNeverCarryTheAnswer() {
        assertThatThrownBy(() -> recognizer("broken").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("answered 500").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> recognizer("locked").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("refused the token");
    }

    @Test
    void answersThatAreNotTheApisJsonAreRefused() {
        assertThatThrownBy(() -> recognizer("html").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("content type 'text/html', not JSON").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> recognizer("garbled").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("not valid JSON").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> recognizer("textless").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("no \"text\" string");
    }

    @Test
    void redirectIsNotFollowed() {
        int before = goodCalls.get();

        assertThatThrownBy(() -> recognizer("moved").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("redirect (302)");
        assertThat(goodCalls.get()).isEqualTo(before);
    }

    @Test
    void slowServerAndTricklingAnswerTimeOutInsteadOfHanging() {
        for (String path : List.of("slow", "trickle")) {
            HttpRecognizer impatient = new HttpRecognizer(new HttpRecognizer.Config(base(path), null, null,
                    Duration.ofMillis(800)));
            long started = System.nanoTime();

            assertThatThrownBy(() -> impatient.recognize(SPEECH, MENU)).as(path).isInstanceOf(SpeechException.class)
                    .hasMessageContaining("did not answer within 800 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void tenMegabyteAnswerIsCutOffAndRefused() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> recognizer("flood").recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("larger than 65536 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void unreachableServerIsAClearError() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpRecognizer nowhere = new HttpRecognizer(HttpRecognizer.Config.of(URI.create("http://127.0.0.1:" + closedPort)));

        assertThatThrownBy(() -> nowhere.recognize(SPEECH, MENU)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("cannot reach");
    }

    @Test
    void baseUrlMustBeHttpsOrThisMachine() {
        for (String ok : List.of("https://asr.example.internal:8443", "http://localhost:8080/", "http://127.0.0.2:9",
                "http://[::1]:8080/asr")) {
            assertThat(HttpRecognizer.Config.of(URI.create(ok)).baseUrl().toString()).as(ok).doesNotEndWith("/");
        }
        for (String bad : List.of("http://asr.example.internal", "http://10.0.0.5:8080", "http://localhost.evil.example",
                "ftp://127.0.0.1/", "https://user:pw@asr.example", "https://asr.example/?key=1", "/v1")) {
            assertThatThrownBy(() -> HttpRecognizer.Config.of(URI.create(bad))).as(bad)
                    .isInstanceOf(SpeechException.class);
        }
        assertThatThrownBy(() -> HttpRecognizer.Config.of(null)).isInstanceOf(SpeechException.class);
    }

    @Test
    void tokenIsNeverPrintedAndMustBeASingleHeaderValue() {
        HttpRecognizer.Config config = new HttpRecognizer.Config(URI.create("https://asr.example"), null,
                "s3cret-token", Duration.ofSeconds(5));

        assertThat(config.toString()).doesNotContain("s3cret").contains("token=(set)");
        assertThatThrownBy(() -> new HttpRecognizer.Config(URI.create("https://asr.example"), null, "a\r\nX-Evil: 1",
                Duration.ofSeconds(5))).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new HttpRecognizer.Config(URI.create("https://asr.example"), "m\"x", null,
                Duration.ofSeconds(5))).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new HttpRecognizer.Config(URI.create("https://asr.example"), null, null,
                Duration.ZERO)).isInstanceOf(SpeechException.class);
    }

    private static HttpRecognizer recognizer(String path) {
        return new HttpRecognizer(new HttpRecognizer.Config(base(path), null, null, Duration.ofSeconds(5)));
    }

    private static URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException closedByClient) {
            // the client may have given up already
        }
    }

    /** multipart/form-data as RFC 7578 has it: parts between "--boundary" lines, headers, blank line, content. */
    private static Map<String, byte[]> parseForm(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        assertThat(type).startsWith("multipart/form-data; boundary=");
        byte[] delimiter = ("\r\n--" + type.substring(type.indexOf("boundary=") + 9)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat("\r\n".getBytes(StandardCharsets.US_ASCII), exchange.getRequestBody().readAllBytes());
        Map<String, byte[]> parts = new HashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            int next = indexOf(body, delimiter, headersEnd + 4);
            String name = headers.replaceAll("(?s).*?\\bname=\"([^\"]*)\".*", "$1");
            parts.put(name, java.util.Arrays.copyOfRange(body, headersEnd + 4, next));
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
