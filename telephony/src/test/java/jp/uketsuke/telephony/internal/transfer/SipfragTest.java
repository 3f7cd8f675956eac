package jp.uketsuke.telephony.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipfragTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void statusLinesAreRead() {
        assertThat(Sipfrag.status(bytes("SIP/2.0 200 OK\r\n"))).hasValue(200);
        assertThat(Sipfrag.status(bytes("SIP/2.0 100 Trying"))).hasValue(100);
        assertThat(Sipfrag.status(bytes("SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n"))).hasValue(486);
        assertThat(Sipfrag.status(bytes("SIP/2.0 603\n"))).hasValue(603);
    }

    @Test
    void anythingElseIsNoStatus() {
        assertThat(Sipfrag.status(null)).isEmpty();
        assertThat(Sipfrag.status(new byte[0])).isEmpty();
        assertThat(Sipfrag.status(bytes("INVITE sip:x@y SIP/2.0\r\n"))).isEmpty();
        assertThat(Sipfrag.status(bytes("SIP/2.0 20 OK"))).isEmpty();
        assertThat(Sipfrag.status(bytes("SIP/2.0 700 Beyond"))).isEmpty();
        assertThat(Sipfrag.status(bytes("SIP/3.0 200 OK"))).isEmpty();
        assertThat(Sipfrag.status(bytes(" SIP/2.0 200 OK"))).isEmpty();
        assertThat(Sipfrag.status(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isEmpty();
        assertThat(Sipfrag.status(bytes("SIP/2.0 200 OK" + "x".repeat(5000)))).as("oversized").isEmpty();
    }
}
