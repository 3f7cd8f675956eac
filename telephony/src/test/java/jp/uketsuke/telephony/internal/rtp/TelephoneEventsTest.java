package jp.uketsuke.telephony.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TelephoneEventsTest {

    private static RtpPacket event(int key, boolean end, long timestamp) {
        byte[] wire = RtpPacket.build(101, false, 1, timestamp, 7,
                new byte[] {(byte) key, (byte) (end ? 0x8A : 0x0A), 0, (byte) 160});
        return RtpPacket.parse(wire, wire.length);
    }

    @Test
    void oneKeyPressIsReportedOnceDespiteRepeatsAndTripleEndPackets() {
        TelephoneEvents events = new TelephoneEvents();
        StringBuilder keys = new StringBuilder();
        for (RtpPacket packet : new RtpPacket[] {event(5, false, 1000), event(5, false, 1000), event(5, true, 1000),
            event(5, true, 1000), event(5, true, 1000), event(5, false, 2000), event(11, true, 3000),
            event(10, false, 4000)}) {
            char key = events.accept(packet);
            if (key != 0) {
                keys.append(key);
            }
        }
        assertThat(keys).hasToString("55#*");
    }

    @Test
    void nonKeyEventsAndShortPayloadsAreIgnored() {
        TelephoneEvents events = new TelephoneEvents();
        assertThat(events.accept(event(16, false, 1))).isEqualTo((char) 0);
        byte[] shortWire = RtpPacket.build(101, false, 1, 2, 7, new byte[] {1, 2});
        assertThat(events.accept(RtpPacket.parse(shortWire, shortWire.length))).isEqualTo((char) 0);
    }
}
