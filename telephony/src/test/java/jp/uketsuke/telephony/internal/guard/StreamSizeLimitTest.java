package jp.uketsuke.telephony.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SIP framing over a stream, as the size limit follows it: headers, Content-Length octets, keep-alives. */
class StreamSizeLimitTest {

    private final AtomicInteger violations = new AtomicInteger();

    private static String message(String extraHeader, String body) {
        return "OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n" + extraHeader
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private int readAll(String stream, int limit, int chunk) throws IOException {
        InputStream in = new StreamSizeLimit(new ByteArrayInputStream(stream.getBytes(StandardCharsets.ISO_8859_1)),
                limit, violations::incrementAndGet);
        byte[] buffer = new byte[chunk];
        int total = 0;
        for (int read; (read = in.read(buffer, 0, chunk)) > 0; ) {
            total += read;
        }
        return total;
    }

    @Test
    void messagesAndKeepAlivesWithinTheLimitPassWhateverTheReadSize() throws IOException {
        String stream = message("", "") + "\r\n\r\n" + message("X: " + "a".repeat(900) + "\r\n", "b".repeat(900))
                + "\r\n" + message("l: 5\r\n".replace("l: 5\r\n", ""), "hello");
        for (int chunk : new int[] {1, 7, 4096}) {
            assertThat(readAll(stream, 2048, chunk)).isEqualTo(stream.length());
        }
        assertThat(violations.get()).isZero();
    }

    @Test
    void headerSectionLongerThanTheLimitCutsTheStream() {
        String stream = message("X: " + "a".repeat(3000) + "\r\n", "");
        assertThatThrownBy(() -> readAll(stream, 2048, 512)).isInstanceOf(IOException.class);
        assertThat(violations.get()).isEqualTo(1);
    }

    @Test
    void contentLengthBeyondTheLimitCutsTheStreamBeforeTheBody() {
        String stream = message("", "").replace("Content-Length: 0", "Content-Length: 99999999") + "x".repeat(5000);
        assertThatThrownBy(() -> readAll(stream, 2048, 100_000)).isInstanceOf(IOException.class);
        String compact = message("", "").replace("Content-Length: 0", "l: 3000") + "x".repeat(3000);
        assertThatThrownBy(() -> readAll(compact, 2048, 64)).isInstanceOf(IOException.class);
        String absurd = message("", "").replace("Content-Length: 0", "Content-Length: 99999999999999999999999");
        assertThatThrownBy(() -> readAll(absurd, 2048, 64)).isInstanceOf(IOException.class);
        assertThat(violations.get()).isEqualTo(3);
    }

    @Test
    void secondContentLengthCannotHideALargeBody() {
        String stream = message("Content-Length: 5000\r\n", "");
        assertThatThrownBy(() -> readAll(stream, 2048, 64)).isInstanceOf(IOException.class);
    }

    @Test
    void aMessageIsInProgressFromItsFirstOctetToTheEndOfItsBody() throws IOException {
        String whole = message("", "hello");
        InputStream source = new ByteArrayInputStream((whole + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        StreamSizeLimit in = new StreamSizeLimit(source, 2048, violations::incrementAndGet);
        assertThat(in.midMessage()).isFalse();
        in.readNBytes(10);
        assertThat(in.midMessage()).as("inside the header section").isTrue();
        in.readNBytes(whole.length() - 12);
        assertThat(in.midMessage()).as("two body octets still to come").isTrue();
        in.readNBytes(2);
        assertThat(in.midMessage()).isFalse();
        in.readNBytes(2);
        assertThat(in.midMessage()).as("keep-alive line breaks between messages").isFalse();
    }

    @Test
    void aMessageCutForItsSizeIsNotAlsoInProgress() {
        String stream = message("", "").replace("Content-Length: 0", "Content-Length: 99999999");
        StreamSizeLimit in = new StreamSizeLimit(new ByteArrayInputStream(stream.getBytes(StandardCharsets.ISO_8859_1)),
                2048, violations::incrementAndGet);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        assertThat(in.midMessage()).isFalse();
    }
}
