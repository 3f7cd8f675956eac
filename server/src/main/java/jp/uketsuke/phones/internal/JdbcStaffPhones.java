package jp.uketsuke.phones.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhone;
import jp.uketsuke.phones.StaffPhoneRevoked;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.PhoneCredentials;
import jp.uketsuke.telephony.PhoneDirectory;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff phones in table {@code staff_phones}. The password leaves this class once, in the {@link NewStaffPhone}
 * returned to the administrator; what is stored is HA1 = H(username:realm:password) for MD5 and SHA-256 (what digest
 * authentication needs, RFC 7616 / RFC 8760), sealed with the tenant's key. Also the registrar's
 * {@link PhoneDirectory}.
 */
@Service
class JdbcStaffPhones implements StaffPhones, PhoneDirectory {

    private static final Logger log = LoggerFactory.getLogger(JdbcStaffPhones.class);
    private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,10}");
    /** No look-alikes (0/O, 1/l/I), so a password read off a screen is typed right. */
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 24;
    private static final String USERNAME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String realm;
    private final SecureRandom random = new SecureRandom();

    JdbcStaffPhones(JdbcClient jdbc, Vault vault, AuditLog audit, ApplicationEventPublisher events, Clock clock,
                    @Value("${uketsuke.sip.registrar.realm:uketsuke}") String realm) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.realm = realm.strip();
    }

    @Override
    @Transactional
    public NewStaffPhone create(Viewer viewer, UUID tenantId, String extension) {
        String target = "phone:" + tenantId + ":" + extension;
        requireManage(viewer, tenantId, "phone.create", target);
        if (extension == null || !EXTENSION.matcher(extension).matches()) {
            throw new IllegalArgumentException("An extension is 2 to 10 digits");
        }
        if (find(tenantId, extension).isPresent()) {
            throw new IllegalArgumentException("Extension " + extension + " exists");
        }
        UUID id = UUID.randomUUID();
        String password = password();
        Instant now = clock.instant();
        // the random part makes a username hard to guess and, with about 10^9 choices per extension, unique
        String username = extension + "-" + random(USERNAME_ALPHABET, 6);
        try {
            jdbc.sql("""
                    insert into staff_phones (id, tenant_id, extension, username, realm, sealed_digest, created_at,
                    password_set_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, tenantId, extension, username, realm, seal(tenantId, id, username, password),
                            utc(now), utc(now))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw new IllegalArgumentException("Extension " + extension + " exists", taken);
        }
        audit.record(new AuditEvent(viewer.actor(), tenantId, "phone.create", "phone:" + username,
                viewer.sourceAddress(), AuditEvent.OK));
        return new NewStaffPhone(extension, username, password, realm);
    }

    @Override
    @Transactional
    public NewStaffPhone resetPassword(Viewer viewer, UUID tenantId, String extension) {
        requireManage(viewer, tenantId, "phone.password.reset", "phone:" + tenantId + ":" + extension);
        Row row = find(tenantId, extension).orElseThrow(() -> new IllegalArgumentException("No such extension"));
        String password = password();
        jdbc.sql("update staff_phones set realm = ?, sealed_digest = ?, password_set_at = ? where id = ?")
                .params(realm, seal(tenantId, row.id(), row.username(), password), utc(clock.instant()), row.id())
                .update();
        audit.record(new AuditEvent(viewer.actor(), tenantId, "phone.password.reset", "phone:" + row.username(),
                viewer.sourceAddress(), AuditEvent.OK));
        events.publishEvent(new StaffPhoneRevoked(row.username()));
        return new NewStaffPhone(extension, row.username(), password, realm);
    }

    @Override
    @Transactional
    public void remove(Viewer viewer, UUID tenantId, String extension) {
        requireManage(viewer, tenantId, "phone.remove", "phone:" + tenantId + ":" + extension);
        Optional<Row> row = find(tenantId, extension);
        if (row.isEmpty()) {
            return;
        }
        jdbc.sql("delete from staff_phones where id = ?").param(row.get().id()).update();
        audit.record(new AuditEvent(viewer.actor(), tenantId, "phone.remove", "phone:" + row.get().username(),
                viewer.sourceAddress(), AuditEvent.OK));
        events.publishEvent(new StaffPhoneRevoked(row.get().username()));
    }

    @Override
    public List<StaffPhone> list(Viewer viewer, UUID tenantId) {
        if (tenantId == null || !viewer.may(Permissions.USERS_MANAGE, tenantId)) {
            audit.record(new AuditEvent(viewer.actor(), tenantId, "phone.list", "tenant:" + tenantId,
                    viewer.sourceAddress(), AuditEvent.DENIED));
            return List.of();
        }
        return jdbc.sql("""
                select tenant_id, extension, username, created_at, password_set_at from staff_phones
                where tenant_id = ? order by extension""")
                .param(tenantId)
                .query((rs, n) -> new StaffPhone(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public java.util.Set<String> extensions(UUID tenantId) {
        return java.util.Set.copyOf(jdbc.sql("select extension from staff_phones where tenant_id = ?").param(tenantId)
                .query(String.class).list());
    }

    /** The registrar asks here on every authenticated REGISTER and INVITE: one indexed row, one decryption. */
    @Override
    public Optional<PhoneCredentials> find(String username) {
        if (username == null || username.length() > 64) {
            return Optional.empty();
        }
        Optional<Row> found = jdbc.sql("""
                select id, tenant_id, extension, username, realm, sealed_digest from staff_phones where username = ?""")
                .param(username)
                .query(Row::map)
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        try {
            String[] ha1 = new String(vault.forTenant(row.tenantId()).open(row.sealedDigest(), context(row.id())),
                    StandardCharsets.US_ASCII).split(":");
            return Optional.of(new PhoneCredentials(row.tenantId().toString(), row.extension(), row.username(),
                    row.realm(), ha1[0], ha1[1]));
        } catch (CiphertextRejectedException | ArrayIndexOutOfBoundsException e) {
            // altered or moved row: the phone cannot authenticate, and nothing stored is touched
            log.warn("staff phone {} of tenant {}: stored credentials do not open", row.extension(), row.tenantId());
            return Optional.empty();
        }
    }

    private record Row(UUID id, UUID tenantId, String extension, String username, String realm, byte[] sealedDigest) {
        static Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
            return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getBytes(6));
        }
    }

    private Optional<Row> find(UUID tenantId, String extension) {
        return jdbc.sql("""
                select id, tenant_id, extension, username, realm, sealed_digest from staff_phones
                where tenant_id = ? and extension = ?""")
                .params(tenantId, extension)
                .query(Row::map)
                .optional();
    }

    private void requireManage(Viewer viewer, UUID tenantId, String action, String target) {
        if (tenantId == null || !viewer.may(Permissions.USERS_MANAGE, tenantId)) {
            audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(),
                    AuditEvent.DENIED));
            throw new AccessDeniedException("users:manage on the tenant is needed to manage staff phones");
        }
    }

    /** Both HA1 values, sealed together and bound to the row. */
    private byte[] seal(UUID tenantId, UUID id, String username, String password) {
        String ha1 = hex("MD5", username + ":" + realm + ":" + password) + ":"
                + hex("SHA-256", username + ":" + realm + ":" + password);
        return vault.forTenant(tenantId).seal(ha1.getBytes(StandardCharsets.US_ASCII), context(id));
    }

    private static String context(UUID id) {
        return "staff-phone:" + id + ":digest";
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private String password() {
        return random(PASSWORD_ALPHABET, PASSWORD_LENGTH);
    }

    private String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
