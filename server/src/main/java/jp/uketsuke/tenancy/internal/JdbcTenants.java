package jp.uketsuke.tenancy.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.tenancy.TenantLine;
import jp.uketsuke.tenancy.TenantStatus;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.vault.Vault;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenants and their numbers in tables {@code tenants} and {@code phone_numbers}. */
public final class JdbcTenants implements Tenants {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Vault vault;
    private final Clock clock;

    public JdbcTenants(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public Optional<TenantLine> lineFor(String dialed) {
        String number = PhoneNumbers.normalise(dialed);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select t.id, t.name, t.status, t.language from phone_numbers p join tenants t on t.id = p.tenant_id
                where p.number = ?""")
                .param(number)
                .query((rs, n) -> new TenantLine(rs.getObject(1, UUID.class), rs.getString(2), number,
                        TenantStatus.valueOf(rs.getString(3)), rs.getString(4)))
                .optional();
    }

    @Override
    public UUID create(String name, String language) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("A tenant name is 1 to 200 characters");
        }
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("Language must be a tag such as \"ja\" or \"en\"");
        }
        UUID id = UUID.randomUUID();
        // the tenant exists only together with its keys
        transactions.executeWithoutResult(status -> {
            jdbc.sql("insert into tenants (id, name, status, language, created_at) values (?, ?, ?, ?, ?)")
                    .params(id, name.strip(), TenantStatus.ACTIVE.name(), language, now())
                    .update();
            vault.createTenantKeys(id);
        });
        return id;
    }

    @Override
    public void assignNumber(UUID tenantId, String number) {
        String normalised = PhoneNumbers.normalise(number);
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("Not a phone number");
        }
        try {
            jdbc.sql("insert into phone_numbers (number, tenant_id, assigned_at) values (?, ?, ?)")
                    .params(normalised, tenantId, now())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("Number " + normalised + " is already assigned", e);
        } catch (DataIntegrityViolationException e) {
            throw new IllegalArgumentException("No tenant " + tenantId, e);
        }
    }

    @Override
    public void setStatus(UUID tenantId, TenantStatus status) {
        int updated = jdbc.sql("update tenants set status = ? where id = ?").params(status.name(), tenantId).update();
        if (updated == 0) {
            throw new IllegalArgumentException("No tenant " + tenantId);
        }
    }

    @Override
    public Optional<String> name(UUID tenantId) {
        return jdbc.sql("select name from tenants where id = ?").param(tenantId).query(String.class).optional();
    }

    @Override
    public Optional<String> language(UUID tenantId) {
        return jdbc.sql("select language from tenants where id = ?").param(tenantId).query(String.class).optional();
    }

    @Override
    public Map<UUID, String> names() {
        Map<UUID, String> names = new LinkedHashMap<>();
        jdbc.sql("select id, name from tenants order by name, id")
                .query(rs -> {
                    names.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        return names;
    }

    @Override
    public Optional<MediaSecurity> mediaSecurity(UUID tenantId) {
        return jdbc.sql("select media_security from tenants where id = ? and media_security is not null")
                .param(tenantId)
                .query((rs, n) -> MediaSecurity.valueOf(rs.getString(1)))
                .optional();
    }

    @Override
    public void setMediaSecurity(UUID tenantId, MediaSecurity security) {
        int updated = jdbc.sql("update tenants set media_security = ? where id = ?")
                .params(security == null ? null : security.name(), tenantId).update();
        if (updated == 0) {
            throw new IllegalArgumentException("No tenant " + tenantId);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
