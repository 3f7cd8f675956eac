package jp.uketsuke.telephony.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpSuite;
import org.junit.jupiter.api.Test;

class LegSdpTest {

    private static String answer(String media, String... attributes) {
        return "v=0\r\no=staff 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + media + "\r\n"
                + String.join("", java.util.Arrays.stream(attributes).map(a -> a + "\r\n").toList());
    }

    @Test
    void offerListsEveryCodecOfOursAndEventsAndReadsBackAsAnOffer() throws Exception {
        MediaOffer parsed = SdpOfferParser.parse(LegSdp.offer("127.0.0.1", 30000, 42));
        assertThat(parsed.lines()).hasSize(1);
        assertThat(parsed.lines().getFirst().port()).isEqualTo(30000);
        assertThat(parsed.lines().getFirst().formats()).extracting(MediaOffer.Format::encoding)
                .containsExactly("G722", "PCMU", "PCMA", "TELEPHONE-EVENT");
    }

    @Test
    void theAnswersFirstCodecOfOursIsTakenNotOurPreference() {
        Optional<NegotiatedMedia> media = LegSdp.accept(answer("m=audio 4000 RTP/AVP 8 9 101",
                "a=rtpmap:8 PCMA/8000", "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000"));
        assertThat(media).isPresent();
        assertThat(media.get().codec()).isEqualTo("PCMA");
        assertThat(media.get().eventPayloadType()).isEqualTo(101);
        assertThat(media.get().remote().getPort()).isEqualTo(4000);
    }

    @Test
    void anAnswerWithOnlyACodecWeDidNotOfferIsUnusable() {
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 3", "a=rtpmap:3 GSM/8000"))).isEmpty();
        // a known codec under a payload type we did not offer for it
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 96", "a=rtpmap:96 PCMU/8000"))).isEmpty();
    }

    @Test
    void refusedHeldOrUnreadableAnswersAreUnusable() {
        assertThat(LegSdp.accept(answer("m=audio 0 RTP/AVP 0"))).isEmpty();
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 0").replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0")))
                .isEmpty();
        assertThat(LegSdp.accept("this is not SDP")).isEmpty();
        assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 0").replace("127.0.0.1\r\nt=", "staff.example\r\nt=")))
                .as("host names are not resolved").isEmpty();
    }

    /** A staff phone's SRTP answer: RTP/SAVP, PCMU, its own key under {@code tag} in {@code suite}. */
    private static String secureAnswer(int tag, String suite, String inlineKey) {
        return answer("m=audio 4000 RTP/SAVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
                "a=crypto:" + tag + " " + suite + " inline:" + inlineKey);
    }

    private static String keyOf(SrtpSuite suite) {
        return Base64.getEncoder().encodeToString(SrtpMasterKey.generate(suite).keyAndSalt());
    }

    @Test
    void secureOfferIsSavpWithAFreshKeyForEachSuiteStrongestFirst() throws Exception {
        try (LegSdp.OfferedKeys keys = LegSdp.OfferedKeys.fresh(); LegSdp.OfferedKeys others = LegSdp.OfferedKeys.fresh()) {
            String offer = LegSdp.offer("127.0.0.1", 30000, 42, keys);
            MediaOffer parsed = SdpOfferParser.parse(offer);
            MediaOffer.MediaLine line = parsed.lines().getFirst();
            assertThat(line.secure()).isTrue();
            assertThat(line.protocol()).isEqualTo("RTP/SAVP");
            assertThat(line.crypto()).extracting(SdesCrypto::tag).containsExactly(1, 2);
            assertThat(line.crypto()).extracting(c -> c.key().suite())
                    .containsExactly(SrtpSuite.AES_256_CM_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_80);
            assertThat(LegSdp.offer("127.0.0.1", 30000, 42, others)).as("keys are fresh per leg")
                    .isNotEqualTo(offer);
            assertThat(LegSdp.offer("127.0.0.1", 30000, 42)).doesNotContain("a=crypto").contains("RTP/AVP");
        }
    }

    @Test
    void anSrtpAnswerUnderAnOfferedTagGivesThePhonesKeyAndHandsOverOurs() {
        for (SrtpSuite suite : SrtpSuite.values()) {
            try (LegSdp.OfferedKeys keys = LegSdp.OfferedKeys.fresh()) {
                int tag = LegSdp.OfferedKeys.tagOf(suite);
                Optional<NegotiatedMedia> media = LegSdp.accept(secureAnswer(tag, suite.name(), keyOf(suite)), keys,
                        MediaSecurity.REQUIRED);
                assertThat(media).as(suite.name()).isPresent();
                assertThat(media.get().encrypted()).isTrue();
                assertThat(media.get().callerCrypto().key().suite()).isEqualTo(suite);
                assertThat(media.get().codec()).isEqualTo("PCMU");
                assertThat(keys.take(tag, suite)).as("our key of that suite").isPresent();
                assertThat(keys.take(tag, suite)).as("handed over once").isEmpty();
            }
        }
    }

    @Test
    void aPlainAnswerEndsTheLegWhenSrtpIsRequiredAndIsTakenWhenPreferred() {
        String plain = answer("m=audio 4000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000");
        try (LegSdp.OfferedKeys keys = LegSdp.OfferedKeys.fresh()) {
            assertThat(LegSdp.accept(plain, keys, MediaSecurity.REQUIRED)).isEmpty();
            // baresip's best effort: a=crypto on RTP/AVP, which RFC 4568 gives no meaning
            assertThat(LegSdp.accept(answer("m=audio 4000 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
                    "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + keyOf(SrtpSuite.AES_CM_128_HMAC_SHA1_80)), keys,
                    MediaSecurity.REQUIRED)).isEmpty();
            Optional<NegotiatedMedia> preferred = LegSdp.accept(plain, keys, MediaSecurity.PREFERRED);
            assertThat(preferred).isPresent();
            assertThat(preferred.get().encrypted()).isFalse();
        }
    }

    @Test
    void hostileSrtpAnswersAreRefusedNeverTakenForPlainRtp() {
        String aes128 = SrtpSuite.AES_CM_128_HMAC_SHA1_80.name();
        String key128 = keyOf(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        List<String> hostile = List.of(
                // RTP/SAVP without any crypto
                answer("m=audio 4000 RTP/SAVP 0", "a=rtpmap:0 PCMU/8000"),
                // a key too short for its suite, not base64, an MKI, a lifetime too short
                secureAnswer(2, aes128, key128.substring(0, 20)),
                secureAnswer(2, aes128, "not*base64*at*all*not*base64*at*all*not*"),
                secureAnswer(2, aes128, key128 + "|2^31|1:4"),
                secureAnswer(2, aes128, key128 + "|1024"),
                // a suite we do not support, and a weaker tag length
                secureAnswer(2, "F8_128_HMAC_SHA1_80", key128),
                secureAnswer(2, "AES_CM_128_HMAC_SHA1_32", key128),
                // a tag we never offered, and our 256-bit tag answered with the 128-bit suite
                secureAnswer(7, aes128, key128),
                secureAnswer(1, aes128, key128),
                // two keys in one answer
                answer("m=audio 4000 RTP/SAVP 0", "a=rtpmap:0 PCMU/8000", "a=crypto:2 " + aes128 + " inline:" + key128,
                        "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + keyOf(SrtpSuite.AES_256_CM_HMAC_SHA1_80)));
        for (String answer : hostile) {
            for (MediaSecurity security : List.of(MediaSecurity.REQUIRED, MediaSecurity.PREFERRED)) {
                try (LegSdp.OfferedKeys keys = LegSdp.OfferedKeys.fresh()) {
                    assertThat(LegSdp.accept(answer, keys, security)).as("%s\n%s", security, answer).isEmpty();
                }
            }
        }
    }

    @Test
    void anSrtpAnswerToAPlainOfferIsRefused() {
        String secure = secureAnswer(2, SrtpSuite.AES_CM_128_HMAC_SHA1_80.name(),
                keyOf(SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        assertThat(LegSdp.accept(secure)).isEmpty();
        assertThat(LegSdp.accept(secure, null, MediaSecurity.PREFERRED)).isEmpty();
    }
}
