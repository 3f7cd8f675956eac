package jp.uketsuke.notify;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a channel sends, decrypted for the moment of sending (it is stored sealed with the tenant's key). The address
 * is an e-mail address, a webhook URL or a room/channel id; the secret is a token, a signing key or a private key (PEM),
 * or empty. {@link #toString()} shows neither.
 *
 * @param options per channel, e.g. a LINE WORKS bot id and client id; never secret
 */
public record Destination(UUID id, UUID tenantId, ChannelKind kind, String address, String secret,
                          Map<String, String> options) {

    public Destination {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        secret = secret == null ? "" : secret;
        options = Map.copyOf(options);
    }

    @Override
    public String toString() {
        return "Destination[" + id + ", " + kind + "]";
    }
}
