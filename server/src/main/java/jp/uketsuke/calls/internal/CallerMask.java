package jp.uketsuke.calls.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.TenantCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A call's sealed caller number as lists show it: masked, or blank when withheld or damaged. One place for both readers. */
final class CallerMask {

    private static final Logger log = LoggerFactory.getLogger(CallerMask.class);

    private CallerMask() {
    }

    static String maskedOrBlank(UUID callId, byte[] sealedCaller, TenantCipher cipher) {
        if (sealedCaller == null) {
            return "";
        }
        try {
            return PhoneNumbers.mask(new String(cipher.open(sealedCaller, JdbcCallJournal.callerContext(callId)),
                    StandardCharsets.UTF_8));
        } catch (CiphertextRejectedException e) {
            // one damaged row must not hide the whole list; it shows without a number and is reported
            log.warn("Caller number of call {} did not authenticate", callId);
            return "";
        }
    }
}
