package jp.uketsuke.telephony.internal.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SDES a=crypto attributes as callers write them, good and hostile. */
class SdesCryptoTest {

    private static final String KEY_128 = Base64.getEncoder().encodeToString(new byte[30]);
    private static final String KEY_256 = Base64.getEncoder().encodeToString(new byte[46]);

    @Test
    void readsBaresipsOfferAndRepeatsTheKeyWhenFormatting() throws Exception {
        SdesCrypto crypto = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:ZSPgfny53Fs+GNJ1vRn45MzYJcsQAVd87Yf1tr7K");
        assertThat(crypto.tag()).isEqualTo(1);
        assertThat(crypto.key().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(SdesCrypto.format(1, crypto.key()))
                .isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:ZSPgfny53Fs+GNJ1vRn45MzYJcsQAVd87Yf1tr7K");
        assertThat(crypto.toString()).doesNotContain("ZSPgfny53");
    }

    @Test
    void acceptsTheAes256SuiteAndLifetimesLongerThanAnyCall() throws Exception {
        assertThat(SdesCrypto.parse("7 AES_256_CM_HMAC_SHA1_80 inline:" + KEY_256).key().suite())
                .isEqualTo(SrtpSuite.AES_256_CM_HMAC_SHA1_80);
        assertThat(SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^31").tag()).isEqualTo(2);
        assertThat(SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^48").tag()).isEqualTo(2);
        assertThat(SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|4294967296").tag()).isEqualTo(2);
    }

    @Test
    void refusesWhatItCannotHonourWithAReasonThatHoldsNoKey() {
        String[] hostile = {
            "1 AES_CM_128_HMAC_SHA1_80 inline:not*base64!",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_256,
            "1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY_128,
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128.substring(4),
            "1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_128,
            "1 AEAD_AES_128_GCM inline:" + KEY_128,
            "1 aes_cm_128_hmac_sha1_80 inline:" + KEY_128,
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^20",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|1:4",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^31|1:4",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + "|2^x",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + ";inline:" + KEY_128,
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + " KDR=1",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128 + " UNENCRYPTED_SRTP",
            "1 AES_CM_128_HMAC_SHA1_80 uri:https://keys.example/1",
            "x AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128,
            "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_128,
            "1 AES_CM_128_HMAC_SHA1_80",
            "",
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + "A".repeat(600),
        };
        for (String value : hostile) {
            assertThatThrownBy(() -> SdesCrypto.parse(value)).as(value)
                    .isInstanceOf(SdesCrypto.UnusableCryptoException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_128).doesNotContain(KEY_256));
        }
    }
}
