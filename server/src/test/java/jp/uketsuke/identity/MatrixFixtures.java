package jp.uketsuke.identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.incidents.IncidentKind;
import jp.uketsuke.incidents.Incidents;
import jp.uketsuke.screening.ScreeningLists;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.StandardFlows;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Objects of a tenant that the authorisation matrix's requests point at, made afresh through the owning module where it
 * offers a way, else written as that module writes them. Kept apart from {@link AuthorisationMatrixTest}, which is
 * about who may do what, not about how each module stores its rows.
 */
final class MatrixFixtures {

    private final JdbcClient jdbc;
    private final FlowEditing flows;
    private final Vault vault;
    private final PromptRecordings recordings;
    private final ScreeningLists screening;
    private final Callbacks callbacks;
    private final Incidents incidents;
    /** The call of each tenant the requests read and work on. */
    private final Map<UUID, UUID> calls;
    /** Distinct line numbers for block-list entries. */
    private final AtomicInteger numbers = new AtomicInteger(1_000);

    MatrixFixtures(JdbcClient jdbc, FlowEditing flows, Vault vault, PromptRecordings recordings, ScreeningLists screening,
                   Callbacks callbacks, Incidents incidents, Map<UUID, UUID> calls) {
        this.jdbc = jdbc;
        this.flows = flows;
        this.vault = vault;
        this.recordings = recordings;
        this.screening = screening;
        this.callbacks = callbacks;
        this.incidents = incidents;
        this.calls = calls;
    }

    private static String unique(String stem) {
        return stem + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A recorded prompt of the tenant, uploaded by its administrator's permission; returns its id. */
    String recording(UUID tenant) {
        Viewer editor = new Viewer("user:fixture", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "127.0.0.1");
        return recordings.upload(editor, tenant, unique("fixture "),
                WavSamples.pcm16(8000, 1, WavSamples.tone(8000, 440, 100))).id();
    }

    /** A number on the tenant's screening block list, put there with its editor's permission; returns the entry. */
    UUID screeningEntry(UUID tenant) {
        Viewer editor = new Viewer("user:fixture", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "127.0.0.1");
        screening.add(editor, tenant, ScreeningLists.ListKind.BLOCK, "06-1234-" + String.valueOf(numbers.incrementAndGet()));
        return jdbc.sql("SELECT id FROM screening_numbers WHERE tenant_id = ? ORDER BY added_at DESC, id").param(tenant)
                .query(UUID.class).list().getFirst();
    }

    int handlingVersion(UUID tenant) {
        return jdbc.sql("SELECT handling_version FROM calls WHERE id = ?").param(calls.get(tenant)).query(Integer.class).single();
    }

    String handlingStatus(UUID tenant) {
        return jdbc.sql("SELECT status FROM calls WHERE id = ?").param(calls.get(tenant)).query(String.class).single();
    }

    /** An open incident of the tenant, opened afresh by a security officer of it; returns its id. */
    UUID incident(UUID tenant) {
        Viewer officer = new Viewer("user:fixture-officer", Set.of(tenant), Set.of(Permissions.INCIDENTS_MANAGE), "127.0.0.1", true);
        return incidents.open(officer, tenant, IncidentKind.OTHER, "matrix", "matrix", false, Instant.now().minusSeconds(60)).id();
    }

    /** A callback task on the tenant's call, made afresh by someone who may read its calls; returns its id. */
    UUID callbackTask(UUID tenant) {
        Viewer reader = new Viewer("user:fixture", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        return callbacks.create(reader, calls.get(tenant), "03-1234-5678", Instant.now().plusSeconds(3600), null)
                .orElseThrow();
    }

    /**
     * A notification destination of the tenant, written as the notify module writes it (address sealed with the
     * tenant's key): this test's server has no channel, so the console could not add one.
     */
    UUID notificationDestination(UUID tenant) {
        UUID id = UUID.randomUUID();
        byte[] address = vault.forTenant(tenant).seal("desk@example.test".getBytes(StandardCharsets.UTF_8),
                "notification-destination:" + id + ":address");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into notification_destinations (id, tenant_id, kind, name, data_level, address, options, enabled,
                    created_by, created_at, changed_by, changed_at, version)
                values (?, ?, 'EMAIL', ?, 'LINK', ?, '{}', true, 'user:fixture', ?, 'user:fixture', ?, 1)""")
                .params(id, tenant, unique("desk "), address, now, now).update();
        return id;
    }

    UUID notificationRule(UUID tenant) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_rules (id, tenant_id, destination_id, outcomes, categories, hours, enabled,
                    changed_by, changed_at, version) values (?, ?, ?, '', '', 'ANY', true, 'user:fixture', ?, 1)""")
                .params(id, tenant, notificationDestination(tenant), OffsetDateTime.now(ZoneOffset.UTC))
                .update();
        return id;
    }

    /** A dead-lettered notification of the tenant, as the outbox leaves one it gave up on. */
    UUID deadNotification(UUID tenant) {
        UUID id = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        UUID destination = notificationDestination(tenant);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into notification_deliveries (id, tenant_id, destination_id, event_id, event_kind, status, attempts,
                    next_attempt_at, last_error, idempotency_key, created_at, updated_at)
                values (?, ?, ?, ?, 'TEST', 'dead', 8, ?, 'gave up', ?, ?, ?)""")
                .params(id, tenant, destination, event, now, "uketsuke-" + event + "-" + destination, now, now).update();
        return id;
    }

    /** The call flow's ids: a version published, a node or an FAQ entry of the draft made afresh for the request. */
    String flowPathValue(String pattern, String variable, UUID tenant) {
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        if (variable.equals("version")) {
            if (flows.versions(editor, tenant).isEmpty()) {
                flows.saveDraft(editor, tenant, StandardFlows.graph(StandardFlows.english(List.of())));
                flows.publish(editor, tenant);
            }
            return "1";
        }
        Flow draft = flows.draft(editor, tenant).flow();
        String id = unique("x");
        if (pattern.startsWith("/flow/faq/")) {
            List<FaqEntry> faq = new ArrayList<>(draft.faq());
            faq.add(new FaqEntry(id, List.of("parking"), "There is parking.", null));
            flows.saveDraft(editor, tenant, new Flow(draft.schema(), draft.language(), draft.start(), draft.nodes(), faq,
                    draft.departments(), draft.hours()));
        } else {
            List<Node> nodes = new ArrayList<>(draft.nodes());
            nodes.add(new Node.Hangup(id, null));
            flows.saveDraft(editor, tenant, new Flow(draft.schema(), draft.language(), draft.start(), nodes, draft.faq(),
                    draft.departments(), draft.hours()));
        }
        return id;
    }
}
