package jp.uketsuke.telephony.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void builtPacketParsesBackToTheSameFields() {
        byte[] wire = RtpPacket.build(9, true, 65535, 0xFFFF_FFF0L, 0xDEAD_BEEFL, new byte[] {1, 2, 3});
        RtpPacket packet = RtpPacket.parse(wire, wire.length);
        assertThat(packet.payloadType()).isEqualTo(9);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.sequence()).isEqualTo(65535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(packet.ssrc()).isEqualTo(0xDEAD_BEEFL);
        assertThat(packet.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void csrcAndExtensionAndPaddingAreSkipped() {
        byte[] wire = {(byte) 0xB1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2,
            9, 9, 9, 9,              // one CSRC
            0x10, 0, 0, 1, 7, 7, 7, 7, // extension of one word
            42, 43, 0, 2};             // payload then two bytes of padding
        RtpPacket packet = RtpPacket.parse(wire, wire.length);
        assertThat(packet.payload()).containsExactly(42, 43);
    }

    @Test
    void brokenHeadersAreRejected() {
        assertThat(RtpPacket.parse(new byte[11], 11)).as("too short").isNull();
        byte[] versionOne = RtpPacket.build(0, false, 1, 1, 1, new byte[4]);
        versionOne[0] = 0x40;
        assertThat(RtpPacket.parse(versionOne, versionOne.length)).as("version 1").isNull();
        byte[] csrcBeyondEnd = RtpPacket.build(0, false, 1, 1, 1, new byte[4]);
        csrcBeyondEnd[0] = (byte) 0x8F;
        assertThat(RtpPacket.parse(csrcBeyondEnd, csrcBeyondEnd.length)).as("15 CSRCs in 16 bytes").isNull();
        byte[] paddingTooLong = RtpPacket.build(0, false, 1, 1, 1, new byte[] {1, 2, (byte) 200});
        paddingTooLong[0] = (byte) 0xA0;
        assertThat(RtpPacket.parse(paddingTooLong, paddingTooLong.length)).as("padding past header").isNull();
        byte[] rtcp = RtpPacket.build(200 - 128, true, 1, 1, 1, new byte[8]);
        assertThat(RtpPacket.parse(rtcp, rtcp.length)).as("RTCP sender report").isNull();
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            RtpPacket.parse(junk, junk.length);
        }
    }
}
