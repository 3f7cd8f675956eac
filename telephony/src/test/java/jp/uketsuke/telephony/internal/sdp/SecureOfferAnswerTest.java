package jp.uketsuke.telephony.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpSuite;
import org.junit.jupiter.api.Test;

/** Offer/answer of RTP/SAVP with SDES keys under each media security policy, and hostile crypto lines. */
class SecureOfferAnswerTest {

    private static final String KEY_128 = Base64.getEncoder().encodeToString(bytes(30, 1));
    private static final String KEY_256 = Base64.getEncoder().encodeToString(bytes(46, 2));
    private static final String SAVP = "m=audio 4000 RTP/SAVP 0 101\r\na=rtpmap:101 telephone-event/8000";
    private static final String AVP = "m=audio 4002 RTP/AVP 0";

    private static String offer(String... lines) {
        return "v=0\r\no=alice 42 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n"
                + String.join("\r\n", lines) + "\r\n";
    }

    private static Optional<NegotiatedMedia> negotiate(String sdp, MediaSecurity security, boolean overTls)
            throws Exception {
        return OfferAnswer.negotiate(SdpOfferParser.parse(sdp), security, overTls);
    }

    @Test
    void requiredOverTlsTakesTheStrongestSuiteAndAnswersWithAFreshKeyUnderItsTag() throws Exception {
        MediaOffer offer = SdpOfferParser.parse(offer(SAVP,
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128,
                "a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:" + KEY_256));
        NegotiatedMedia media = OfferAnswer.negotiate(offer, MediaSecurity.REQUIRED, true).orElseThrow();
        assertThat(media.encrypted()).isTrue();
        assertThat(media.callerCrypto().tag()).isEqualTo(2);
        assertThat(media.callerCrypto().key().suite()).isEqualTo(SrtpSuite.AES_256_CM_HMAC_SHA1_80);
        assertThat(media.eventPayloadType()).isEqualTo(101);

        SrtpMasterKey ours = SrtpMasterKey.generate(SrtpSuite.AES_256_CM_HMAC_SHA1_80);
        String answer = OfferAnswer.answer(offer, media, "192.0.2.1", 20000, 1, ours);
        String ourInline = Base64.getEncoder().encodeToString(ours.keyAndSalt());
        assertThat(answer).contains("m=audio 20000 RTP/SAVP 0 101\r\n",
                "a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:" + ourInline + "\r\n");
        assertThat(answer).doesNotContain(KEY_256).doesNotContain(KEY_128);
        assertThat(SrtpMasterKey.generate(SrtpSuite.AES_256_CM_HMAC_SHA1_80).keyAndSalt())
                .as("every call gets its own key").isNotEqualTo(ours.keyAndSalt());
    }

    @Test
    void requiredRefusesPlainOffersAndAnyOfferOutsideTls() throws Exception {
        String good = offer(SAVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128);
        assertThat(negotiate(good, MediaSecurity.REQUIRED, false)).as("SDES keys over clear signalling").isEmpty();
        assertThat(negotiate(offer(AVP), MediaSecurity.REQUIRED, true)).isEmpty();
        assertThat(negotiate(offer("m=audio 4000 RTP/SAVP 0"), MediaSecurity.REQUIRED, true))
                .as("RTP/SAVP without a=crypto").isEmpty();
        assertThat(negotiate(offer("m=audio 4000 RTP/AVP 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128),
                MediaSecurity.REQUIRED, true)).as("a=crypto on RTP/AVP means nothing").isEmpty();
        assertThat(negotiate(offer("m=audio 4000 RTP/SAVPF 0", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128),
                MediaSecurity.REQUIRED, true)).as("profiles we do not speak").isEmpty();
    }

    @Test
    void unusableCryptoLinesAreSkippedAndAUsableOneAfterThemIsTaken() throws Exception {
        String hostile = offer(SAVP,
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%%%not-base64%%%",
                "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_256,
                "a=crypto:3 AEAD_AES_256_GCM inline:" + KEY_256,
                "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^20|1:4",
                "a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_128,
                "a=crypto:garbage",
                "a=crypto:");
        assertThat(negotiate(hostile, MediaSecurity.REQUIRED, true)).isEmpty();
        assertThat(negotiate(hostile, MediaSecurity.PREFERRED, true)).as("nothing else offered").isEmpty();

        NegotiatedMedia media = negotiate(hostile + "a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "\r\n",
                MediaSecurity.REQUIRED, true).orElseThrow();
        assertThat(media.callerCrypto().tag()).isEqualTo(9);
    }

    @Test
    void preferredTakesSrtpOverTlsAndPlainRtpOtherwise() throws Exception {
        String both = offer(SAVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128, AVP);
        assertThat(negotiate(both, MediaSecurity.PREFERRED, true).orElseThrow().encrypted()).isTrue();
        NegotiatedMedia plain = negotiate(both, MediaSecurity.PREFERRED, false).orElseThrow();
        assertThat(plain.encrypted()).isFalse();
        assertThat(plain.lineIndex()).isEqualTo(1);
        assertThat(OfferAnswer.answer(SdpOfferParser.parse(both), plain, "192.0.2.1", 20000, 1))
                .contains("m=audio 0 RTP/SAVP 0\r\n", "m=audio 20000 RTP/AVP 0\r\n").doesNotContain("a=crypto");

        String srtpOnly = offer(SAVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128);
        assertThat(negotiate(srtpOnly, MediaSecurity.PREFERRED, false).orElseThrow().encrypted())
                .as("a caller insisting on SRTP over UDP still gets it").isTrue();
        assertThat(negotiate(offer(AVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128),
                MediaSecurity.PREFERRED, true).orElseThrow().encrypted()).as("a=crypto on RTP/AVP ignored").isFalse();
    }

    @Test
    void offAnswersPlainRtpOnly() throws Exception {
        String both = offer(SAVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128, AVP);
        assertThat(negotiate(both, MediaSecurity.OFF, true).orElseThrow().encrypted()).isFalse();
        assertThat(negotiate(offer(SAVP, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128),
                MediaSecurity.OFF, true)).isEmpty();
    }

    @Test
    void anAnswerCannotMixUpPlainAndEncryptedLines() throws Exception {
        MediaOffer plainOffer = SdpOfferParser.parse(offer(AVP));
        NegotiatedMedia plain = OfferAnswer.negotiate(plainOffer).orElseThrow();
        assertThatThrownBy(() -> OfferAnswer.answer(plainOffer, plain, "192.0.2.1", 20000, 1,
                SrtpMasterKey.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void floodsOfCryptoAttributesAreRefusedAsABadOffer() {
        StringBuilder flood = new StringBuilder(SAVP);
        for (int i = 0; i < 17; i++) {
            flood.append("\r\na=crypto:").append(i).append(" AES_CM_128_HMAC_SHA1_80 inline:").append(KEY_128);
        }
        assertThatThrownBy(() -> SdpOfferParser.parse(offer(flood.toString())))
                .isInstanceOf(SdpOfferParser.InvalidOfferException.class);
    }

    private static byte[] bytes(int length, int fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }
}
