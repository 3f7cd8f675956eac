package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Destinations and caller-ids come from tenant configuration: nothing that could break a SIP header gets in. */
class DestinationTest {

    @Test
    void contactsAreSipUrisWithoutHeaderBreakingCharacters() {
        assertThat(new Destination.Contact(" sip:201@192.0.2.7:5060;transport=tcp ").uri())
                .isEqualTo("sip:201@192.0.2.7:5060;transport=tcp");
        for (String hostile : new String[] {"tel:+81312345678", "http://example.org/", "sip:a@b\r\nVia: x",
                "sip:a@b>;x", "sip:\"a\"@b", "sip:a b@c", "sip:" + "a".repeat(300) + "@b", "sip:名前@b"}) {
            assertThatThrownBy(() -> new Destination.Contact(hostile)).as(hostile)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Destination.Contact("sip:a@b", InetSocketAddress.createUnresolved("phone", 5060)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trunkNumbersAreDigitsAndTheTrunkNeedsBothCredentialsOrNone() {
        assertThat(new Destination.ViaTrunk("+819012345678", "sip.carrier.example", 5060, "tcp", "u", "p").transport())
                .isEqualTo("TCP");
        assertThat(new Destination.ViaTrunk("0312345678", "sip.carrier.example", 5061, " tls", null, null).transport())
                .isEqualTo("TLS");
        assertThatThrownBy(() -> new Destination.ViaTrunk("090-1234", "h", 5060, "UDP", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination.ViaTrunk("0901234", "h;x=y", 5060, "UDP", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination.ViaTrunk("0901234", "h", 0, "UDP", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination.ViaTrunk("0901234", "h", 5060, "SCTP", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Destination.ViaTrunk("0901234", "h", 5060, "UDP", "user", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trunkPasswordAndNumberNeverShowInToString() {
        String text = new Destination.ViaTrunk("09012345678", "h", 5060, "UDP", "user", "secret").toString();
        assertThat(text).doesNotContain("secret").doesNotContain("09012345678");
    }

    @Test
    void callerIdNamesCannotBreakTheFromHeader() {
        assertThat(new CallerId("受付 デモ", "0501234567").displayName()).isEqualTo("受付 デモ");
        assertThat(new CallerId(null, "0501234567").displayName()).isEmpty();
        for (String hostile : new String[] {"a\"b", "a\\b", "a\r\nb", "x".repeat(65)}) {
            assertThatThrownBy(() -> new CallerId(hostile, "0501234567")).as(hostile)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new CallerId("a", "050 1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallerId("a", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
