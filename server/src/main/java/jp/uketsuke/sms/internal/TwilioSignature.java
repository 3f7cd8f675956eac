package jp.uketsuke.sms.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): HMAC-SHA1 keyed with the account's auth token over the
 * full URL Twilio called, followed by each POST parameter's name and value (sorted by name, no separators), in
 * base64. A request that does not carry the right one did not come from Twilio.
 */
final class TwilioSignature {

    private final byte[] authToken;

    TwilioSignature(String authToken) {
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    }

    String of(String url, List<Map.Entry<String, String>> parameters) {
        StringBuilder signed = new StringBuilder(url);
        parameters.stream()
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .forEach(p -> signed.append(p.getKey()).append(p.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** Compared in constant time, so the comparison tells nothing about the right signature. */
    boolean verify(String url, List<Map.Entry<String, String>> parameters, String signature) {
        if (signature == null || signature.isBlank() || signature.length() > 100) {
            return false;
        }
        return MessageDigest.isEqual(of(url, parameters).getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII));
    }

}
