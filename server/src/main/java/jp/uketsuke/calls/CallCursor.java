package jp.uketsuke.calls;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a page of the call list ends: the (started_at, id) of its last call, the keyset the next page continues
 * after (no OFFSET, so a deep page costs what the first does). Written for clients as an opaque token that carries a
 * tag the calls module makes with the tenant's key ({@link #tag}), so a cursor altered by hand or taken to another
 * tenant is refused rather than read.
 *
 * @param tag 8 bytes binding the position to the tenant; checked by the calls module, not here
 */
public record CallCursor(Instant startedAt, UUID id, byte[] tag) {

    private static final int BYTES = 8 + 8 + 16 + 8;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + (BYTES * 4 + 2) / 3 + "}");

    public CallCursor {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(id, "id");
        if (tag == null || tag.length != 8) {
            throw new IllegalArgumentException("A cursor's tag is 8 bytes");
        }
        tag = tag.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    /** The position as the tag covers it: the tenant, the instant to the microsecond, the call. */
    public static String tagged(UUID tenantId, Instant startedAt, UUID id) {
        return "call-list-cursor:" + tenantId + ":" + startedAt.getEpochSecond() + ":" + startedAt.getNano() / 1000
                + ":" + id;
    }

    public String token() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.putLong(startedAt.getEpochSecond()).putLong(startedAt.getNano() / 1000)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).put(tag);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** @throws InvalidCallQueryException when the token is not one this class wrote (its tag is checked later) */
    public static CallCursor parse(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw invalid();
        }
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
        long seconds = b.getLong();
        long micros = b.getLong();
        UUID id = new UUID(b.getLong(), b.getLong());
        byte[] tag = new byte[8];
        b.get(tag);
        // calls start between 2000 and 9999; anything else was not written by us
        if (seconds < 946_684_800L || seconds > 253_402_300_799L || micros < 0 || micros > 999_999) {
            throw invalid();
        }
        return new CallCursor(Instant.ofEpochSecond(seconds, micros * 1000), id, tag);
    }

    public static InvalidCallQueryException invalid() {
        return new InvalidCallQueryException("cursor", "cursor is not one this list gave out; start from the first page");
    }
}
