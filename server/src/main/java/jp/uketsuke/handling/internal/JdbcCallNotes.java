package jp.uketsuke.handling.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.handling.CallHandlingChanged.Change;
import jp.uketsuke.handling.CallNotes;
import jp.uketsuke.handling.NoteInput;
import jp.uketsuke.handling.ShownNote;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.redaction.Redactor;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code call_notes}: each note one JSON document sealed with the tenant's key under
 * "call:&lt;call&gt;:note:&lt;id&gt;", so a note copied to another call or tenant does not open. Rows are only inserted.
 */
final class JdbcCallNotes implements CallNotes {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NOTES = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Vault vault;
    private final HandlingAccess access;
    private final JdbcCallbacks callbacks;
    private final Clock clock;

    JdbcCallNotes(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, HandlingAccess access,
                  JdbcCallbacks callbacks, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.access = access;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /** The sealed document: the field names are not personal data, their values are. */
    record Stored(String name, String company, String category, String text, boolean callback, String number,
                  String by) {
    }

    @Override
    public Optional<List<ShownNote>> notes(Viewer viewer, UUID callId) {
        Optional<UUID> tenant = access.callTenant(viewer, callId, "call.notes.read");
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        boolean unredacted = viewer.may(Permissions.TRANSCRIPTS_UNREDACTED, tenant.get());
        // the operation log tells who saw notes unmasked, as for transcripts (S10)
        String action = unredacted ? "call.notes.read.unredacted" : "call.notes.read";
        record Row(UUID id, String author, OffsetDateTime at, byte[] content) {
        }
        List<Row> rows = jdbc.sql("select id, author, created_at, content from call_notes where call_id = ? and tenant_id = ?"
                        + " order by created_at desc, id limit ?")
                .params(callId, tenant.get(), MAX_NOTES)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class), rs.getBytes(4)))
                .list();
        TenantCipher cipher = vault.forTenant(tenant.get());
        List<ShownNote> shown = new ArrayList<>(rows.size());
        try {
            for (Row r : rows) {
                Stored s = JSON.readValue(new String(cipher.open(r.content(), context(callId, r.id())),
                        StandardCharsets.UTF_8), Stored.class);
                shown.add(new ShownNote(r.id(), callId, r.author(), r.at().toInstant(),
                        unredacted ? s.name() : null, !unredacted && s.name() != null,
                        masked(s.company(), unredacted), PurposeCategory.valueOf(s.category()),
                        masked(s.text(), unredacted), s.callback(), masked(s.number(), unredacted),
                        s.by() == null ? null : Instant.parse(s.by()), !unredacted));
            }
        } catch (CiphertextRejectedException e) {
            access.record(viewer, tenant.get(), action, "call:" + callId, AuditEvent.ERROR);
            throw e;
        }
        access.record(viewer, tenant.get(), action, "call:" + callId, AuditEvent.OK);
        return Optional.of(shown);
    }

    @Override
    public Optional<UUID> add(Viewer viewer, UUID callId, NoteInput note) {
        Optional<UUID> tenant = access.callTenant(viewer, callId, "call.note.add");
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Stored stored = new Stored(note.callerName(), note.company(), note.category().name(), note.text(),
                note.callbackNeeded(), note.callbackNumber(), note.callbackBy() == null ? null : note.callbackBy().toString());
        byte[] sealed = vault.forTenant(tenant.get()).seal(JSON.writeValueAsBytes(stored), context(callId, id));
        Optional<UUID> task = transactions.execute(tx -> {
            jdbc.sql("insert into call_notes (id, call_id, tenant_id, author, created_at, content) values (?, ?, ?, ?, ?, ?)")
                    .params(id, callId, tenant.get(), viewer.actor(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), sealed)
                    .update();
            if (!note.callbackNeeded() || note.callbackBy() == null) {
                return Optional.<UUID>empty();
            }
            String callAssignee = jdbc.sql("select assignee from calls where id = ?").param(callId)
                    .query(String.class).optional().orElse(null);
            return Optional.of(callbacks.insert(callId, tenant.get(), id, note.callbackNumber(), note.callbackBy(),
                    callAssignee != null ? callAssignee : viewer.actor(), viewer.actor()));
        });
        access.record(viewer, tenant.get(), "call.note.add", "call:" + callId + " note:" + id, AuditEvent.OK);
        access.changed(callId, tenant.get(), Change.NOTE, viewer);
        task.ifPresent(t -> {
            access.record(viewer, tenant.get(), "callback.create", "call:" + callId + " callback:" + t, AuditEvent.OK);
            access.changed(callId, tenant.get(), Change.CALLBACK, viewer);
        });
        return Optional.of(id);
    }

    private static String masked(String value, boolean unredacted) {
        return unredacted || value == null ? value : Redactor.redact(value);
    }

    static String context(UUID callId, UUID noteId) {
        return "call:" + callId + ":note:" + noteId;
    }
}
