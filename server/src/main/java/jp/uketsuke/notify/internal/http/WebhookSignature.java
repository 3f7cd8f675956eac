package jp.uketsuke.notify.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks' symmetric signature: {@code v1,} and the base64 of HMAC-SHA256, keyed by the secret's bytes
 * ({@code whsec_} and base64), over {@code webhook-id.webhook-timestamp.body}. docs/WEBHOOKS.md tells receivers
 * how to check it.
 */
final class WebhookSignature {

    static final String PREFIX = "whsec_";
    /** Standard Webhooks asks for 24 to 64 bytes of key. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    private WebhookSignature() {
    }

    /** The key inside {@code whsec_<base64>}, or null when the secret does not have that form. */
    static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String sign(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
