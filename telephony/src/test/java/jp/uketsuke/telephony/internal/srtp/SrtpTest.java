package jp.uketsuke.telephony.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.internal.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/**
 * SRTP against the published test vectors (RFC 3711 appendix B, libsrtp's reference packets for both
 * suites), then round trips and every way a packet can be refused.
 */
class SrtpTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 3711 B.3 master key and salt; libsrtp's reference SRTP packet under AES_CM_128_HMAC_SHA1_80
    private static final byte[] KEY_128 = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] SALT_128 = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] PLAIN = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] CIPHER_128 = HEX.parseHex("800f1234decafbadcafebabe"
            + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
    // libsrtp's AES_256_CM_HMAC_SHA1_80 reference packet (RFC 6188 suite)
    private static final byte[] KEY_256 = HEX.parseHex(
            "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
    private static final byte[] SALT_256 = HEX.parseHex("3b04803de51ee7c96423ab5b78d2");
    private static final byte[] CIPHER_256 = HEX.parseHex("800f1234decafbadcafebabe"
            + "f1d9de17ff251ff1aa007774b0b4b40d" + "a08d9d9a5b3a55d8873b");

    @Test
    void aesCounterKeystreamMatchesRfc3711AppendixB2() throws Exception {
        byte[] sessionKey = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] counter = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
        byte[] stream = SessionKeys.keystream(sessionKey, counter, 0xff02 * 16);
        assertThat(block(stream, 0x0000)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
        assertThat(block(stream, 0x0001)).isEqualTo("d23513162b02d0f72a43a2fe4a5f97ab");
        assertThat(block(stream, 0x0002)).isEqualTo("41e95b3bb0a2e8dd477901e4fca894c0");
        assertThat(block(stream, 0xfeff)).isEqualTo("ec8cdf7398607cb0f2d21675ea9ea1e4");
        assertThat(block(stream, 0xff00)).isEqualTo("362b7c3c6773516318a077d7fc5073ae");
        assertThat(block(stream, 0xff01)).isEqualTo("6a2cc3787889374fbeb4c81b17ba6c44");
    }

    @Test
    void keyDerivationMatchesRfc3711AppendixB3() throws Exception {
        assertThat(HEX.formatHex(SessionKeys.derive(KEY_128, SALT_128, SessionKeys.LABEL_ENCRYPTION, 16)))
                .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(SessionKeys.derive(KEY_128, SALT_128, SessionKeys.LABEL_SALT, 14)))
                .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(SessionKeys.derive(KEY_128, SALT_128, SessionKeys.LABEL_AUTHENTICATION, 94)))
                .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce"
                        + "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25"
                        + "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2");
    }

    @Test
    void protectedPacketsMatchTheReferenceImplementationForBothSuites() {
        assertThat(new SrtpSender(master(SrtpSuite.AES_CM_128_HMAC_SHA1_80)).protect(PLAIN)).isEqualTo(CIPHER_128);
        assertThat(new SrtpSender(master(SrtpSuite.AES_256_CM_HMAC_SHA1_80)).protect(PLAIN)).isEqualTo(CIPHER_256);

        for (SrtpSuite suite : SrtpSuite.values()) {
            byte[] packet = (suite == SrtpSuite.AES_CM_128_HMAC_SHA1_80 ? CIPHER_128 : CIPHER_256).clone();
            SrtpReceiver.Unprotected result = new SrtpReceiver(master(suite)).unprotect(packet, packet.length);
            assertThat(result.accepted()).as(suite.name()).isTrue();
            assertThat(Arrays.copyOf(packet, result.length())).isEqualTo(PLAIN);
        }
    }

    @Test
    void roundTripsAcrossTheSequenceNumberWrap() {
        SrtpMasterKey key = SrtpMasterKey.generate(SrtpSuite.AES_256_CM_HMAC_SHA1_80);
        SrtpSender sender = new SrtpSender(key);
        SrtpReceiver receiver = new SrtpReceiver(key);
        for (int i = 0; i < 200; i++) {
            int sequence = (65_450 + i) & 0xFFFF;
            byte[] rtp = rtp(sequence, i);
            byte[] srtp = sender.protect(rtp);
            assertThat(srtp).hasSize(rtp.length + SrtpSuite.TAG_BYTES);
            assertThat(Arrays.copyOfRange(srtp, 12, rtp.length)).as("payload encrypted")
                    .isNotEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));
            SrtpReceiver.Unprotected result = receiver.unprotect(srtp, srtp.length);
            assertThat(result.accepted()).as("packet %d (sequence %d)", i, sequence).isTrue();
            assertThat(Arrays.copyOf(srtp, result.length())).isEqualTo(rtp);
        }
    }

    @Test
    void reorderedPacketsWithinTheWindowAreAcceptedOnceAcrossTheWrap() {
        SrtpMasterKey key = master(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSender sender = new SrtpSender(key);
        SrtpReceiver receiver = new SrtpReceiver(key);
        byte[] last = sender.protect(rtp(65_535, 1));
        byte[] wrapped = sender.protect(rtp(0, 2));
        byte[] next = sender.protect(rtp(1, 3));
        assertThat(receiver.unprotect(last.clone(), last.length).accepted()).isTrue();
        assertThat(receiver.unprotect(next.clone(), next.length).accepted()).as("jumps over the wrap").isTrue();
        assertThat(receiver.unprotect(wrapped.clone(), wrapped.length).accepted()).as("late but in window").isTrue();
        assertThat(receiver.unprotect(wrapped.clone(), wrapped.length).dropped()).isEqualTo(RtpDropReason.DUPLICATE);
    }

    @Test
    void tamperedForgedReplayedTruncatedAndOldPacketsAreRefused() {
        SrtpMasterKey key = master(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSender sender = new SrtpSender(key);
        SrtpReceiver receiver = new SrtpReceiver(key);
        byte[][] packets = new byte[100][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = sender.protect(rtp(1000 + i, i));
        }
        assertThat(receiver.unprotect(packets[0].clone(), packets[0].length).accepted()).isTrue();

        for (int at : new int[] {1, 3, 6, 12, 30, packets[1].length - 1}) {
            byte[] tampered = packets[1].clone();
            tampered[at] ^= 0x02; // at byte 3 that makes sequence 1003, not yet seen
            assertThat(receiver.unprotect(tampered, tampered.length).dropped()).as("bit flipped at %d", at)
                    .isEqualTo(RtpDropReason.AUTHENTICATION);
        }
        byte[] otherSsrc = packets[1].clone();
        otherSsrc[11] ^= 0x02;
        assertThat(receiver.unprotect(otherSsrc, otherSsrc.length).dropped()).isEqualTo(RtpDropReason.FOREIGN_SSRC);
        byte[] underOtherKey = new SrtpSender(master(SrtpSuite.AES_256_CM_HMAC_SHA1_80)).protect(rtp(1001, 1));
        assertThat(receiver.unprotect(underOtherKey, underOtherKey.length).dropped())
                .isEqualTo(RtpDropReason.AUTHENTICATION);
        byte[] plainRtp = rtp(1001, 1);
        assertThat(receiver.unprotect(plainRtp, plainRtp.length).dropped()).as("plain RTP")
                .isEqualTo(RtpDropReason.AUTHENTICATION);

        assertThat(receiver.unprotect(packets[1].clone(), packets[1].length).accepted())
                .as("the genuine packet still passes after the forgeries").isTrue();
        assertThat(receiver.unprotect(packets[1].clone(), packets[1].length).dropped()).as("replayed")
                .isEqualTo(RtpDropReason.DUPLICATE);

        for (int length : new int[] {0, 5, 12, 21}) {
            assertThat(receiver.unprotect(packets[2].clone(), length).dropped()).as("truncated to %d", length)
                    .isIn(RtpDropReason.MALFORMED, RtpDropReason.AUTHENTICATION);
        }
        byte[] shortened = Arrays.copyOf(packets[2], packets[2].length - 1);
        assertThat(receiver.unprotect(shortened, shortened.length).dropped()).as("tag cut short")
                .isEqualTo(RtpDropReason.AUTHENTICATION);

        assertThat(receiver.unprotect(packets[99].clone(), packets[99].length).accepted()).isTrue();
        assertThat(receiver.unprotect(packets[3].clone(), packets[3].length).dropped()).as("older than the window")
                .isEqualTo(RtpDropReason.LATE);
        assertThat(receiver.unprotect(packets[40].clone(), packets[40].length).accepted()).as("inside the window")
                .isTrue();
    }

    @Test
    void aForgedFirstPacketCannotCaptureTheStream() {
        SrtpMasterKey key = master(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpReceiver receiver = new SrtpReceiver(key);
        byte[] forged = rtp(7, 0);
        forged[8] = 0x66; // another SSRC, no valid tag
        byte[] forgedSrtp = Arrays.copyOf(forged, forged.length + SrtpSuite.TAG_BYTES);
        assertThat(receiver.unprotect(forgedSrtp, forgedSrtp.length).dropped()).isEqualTo(RtpDropReason.AUTHENTICATION);
        byte[] genuine = new SrtpSender(key).protect(rtp(9, 1));
        assertThat(receiver.unprotect(genuine, genuine.length).accepted()).isTrue();
        byte[] otherStream = new SrtpSender(key).protect(forged);
        assertThat(receiver.unprotect(otherStream, otherStream.length).dropped()).as("a second SSRC, even authentic")
                .isEqualTo(RtpDropReason.FOREIGN_SSRC);
    }

    @Test
    void masterKeysAreNeverPrinted() {
        SrtpMasterKey key = master(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(key.toString()).doesNotContain(HEX.formatHex(KEY_128)).contains("AES_CM_128_HMAC_SHA1_80");
    }

    private static SrtpMasterKey master(SrtpSuite suite) {
        return suite == SrtpSuite.AES_CM_128_HMAC_SHA1_80 ? new SrtpMasterKey(suite, KEY_128, SALT_128)
                : new SrtpMasterKey(suite, KEY_256, SALT_256);
    }

    private static byte[] rtp(int sequence, int fill) {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) fill);
        return RtpPacket.build(0, false, sequence, 160L * sequence, 0xCAFEBABEL, payload);
    }

    private static String block(byte[] stream, int index) {
        return HEX.formatHex(stream, index * 16, index * 16 + 16);
    }
}
