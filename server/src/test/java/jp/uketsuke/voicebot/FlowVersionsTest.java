package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

/** Versioned flows with the real beans: draft, publish, roll back, import and export, permission and audit. */
class FlowVersionsTest extends RunningServer {

    @Autowired
    FlowEditing flows;
    @Autowired
    PublishedFlows published;
    @Autowired
    JdbcClient jdbc;

    private static Viewer editor(UUID tenant) {
        return new Viewer("user:editor", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "127.0.0.1");
    }

    private static Flow saying(String greeting) {
        return new Flow("en-US", null, List.of(new Node.Say("greeting", Prompt.text(greeting), "bye"),
                new Node.Hangup("bye", Prompt.text("Goodbye."))), List.of(), List.of(), null);
    }

    private long audited(UUID tenant, String action, String result) {
        return jdbc.sql("select count(*) from audit_events where tenant_id = ? and action = ? and result = ?")
                .params(tenant, action, result).query(Long.class).single();
    }

    @Test
    void aNewTenantStartsFromTheStandardFlowOfItsLanguage() {
        UUID tenant = newTenant();
        FlowEditing.Draft draft = flows.draft(editor(tenant), tenant);
        assertThat(draft.flow().language()).isEqualTo("ja-JP");
        assertThat(draft.flow().nodesById()).containsKeys("greeting", "ask", "faq", "message", "goodbye");
        assertThat(draft.basedOn()).isNull();
        assertThat(flows.versions(editor(tenant), tenant)).isEmpty();
        assertThat(published.forCall(tenant, "ja-JP").version()).isZero();
    }

    @Test
    void publishingMakesTheNextVersionWhichTheNextCallUsesAndRollingBackMakesAnOldOneCurrent() {
        UUID tenant = newTenant();
        flows.saveDraft(editor(tenant), tenant, saying("Hello, version one."));
        assertThat(flows.publish(editor(tenant), tenant).number()).isEqualTo(1);
        CompiledFlow duringACall = published.forCall(tenant, "en-US");

        FlowEditing.Draft draft = flows.saveDraft(editor(tenant), tenant, saying("Hello, version two."));
        assertThat(draft.basedOn()).isEqualTo(1);
        assertThat(flows.publish(editor(tenant), tenant).number()).isEqualTo(2);

        // the call in progress keeps what it started with; the next call gets version 2
        assertThat(duringACall.version()).isEqualTo(1);
        assertThat(duringACall.flow()).isEqualTo(saying("Hello, version one."));
        assertThat(published.forCall(tenant, "en-US").flow()).isEqualTo(saying("Hello, version two."));
        assertThat(flows.versions(editor(tenant), tenant)).extracting(FlowEditing.Version::number,
                FlowEditing.Version::inUse).containsExactly(org.assertj.core.groups.Tuple.tuple(2, true),
                org.assertj.core.groups.Tuple.tuple(1, false));

        FlowEditing.Version back = flows.rollBack(editor(tenant), tenant, 1);
        assertThat(back.number()).isEqualTo(1);
        assertThat(back.inUse()).isTrue();
        assertThat(published.forCall(tenant, "en-US").flow()).isEqualTo(saying("Hello, version one."));
        assertThat(flows.version(editor(tenant), tenant, 2)).contains(saying("Hello, version two."));
        assertThat(audited(tenant, "flow.publish", "ok")).isEqualTo(2);
        assertThat(audited(tenant, "flow.rollback", "ok")).isEqualTo(1);
        assertThatThrownBy(() -> flows.rollBack(editor(tenant), tenant, 7)).hasMessage("there is no version 7");
    }

    @Test
    void anInvalidDraftIsKeptButNotPublishedAndThePublishedVersionStays() {
        UUID tenant = newTenant();
        flows.saveDraft(editor(tenant), tenant, saying("Hello."));
        flows.publish(editor(tenant), tenant);
        Flow dangling = new Flow("en-US", null, List.of(new Node.Say("greeting", Prompt.text("Hi."), "nowhere")),
                List.of(), List.of(), null);
        FlowEditing.Draft saved = flows.saveDraft(editor(tenant), tenant, dangling);
        assertThat(saved.problems()).containsExactly(new FlowProblem("greeting", "goes to nowhere, which does not exist"));
        assertThatThrownBy(() -> flows.publish(editor(tenant), tenant)).isInstanceOf(FlowEditing.FlowRejected.class)
                .hasMessageContaining("node greeting: goes to nowhere");
        assertThat(flows.draft(editor(tenant), tenant).flow()).isEqualTo(dangling);
        assertThat(published.forCall(tenant, "en-US").flow()).isEqualTo(saying("Hello."));
        assertThat(audited(tenant, "flow.publish", "rejected")).isEqualTo(1);
    }

    @Test
    void aMalformedImportChangesNothingAndAnExportImportsAgain() {
        UUID tenant = newTenant();
        flows.saveDraft(editor(tenant), tenant, saying("Kept."));
        for (String bad : new String[] {"{", "{\"schema\": 2, \"nodes\": []}", "<xml/>", "{\"schema\": 7}"}) {
            assertThatThrownBy(() -> flows.importDraft(editor(tenant), tenant, bad.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FlowDocuments.InvalidFlowDocument.class);
        }
        assertThat(flows.draft(editor(tenant), tenant).flow()).isEqualTo(saying("Kept."));
        assertThat(audited(tenant, "flow.import", "invalid")).isEqualTo(4);
        byte[] exported = flows.exportDraft(editor(tenant), tenant);
        flows.saveDraft(editor(tenant), tenant, saying("Changed."));
        assertThat(flows.importDraft(editor(tenant), tenant, exported).flow()).isEqualTo(saying("Kept."));
    }

    @Test
    void definitionsAreSealedWithTheTenantsKey() {
        UUID tenant = newTenant();
        flows.saveDraft(editor(tenant), tenant, saying("A secret greeting."));
        flows.publish(editor(tenant), tenant);
        flows.saveDraft(editor(tenant), tenant, saying("Another secret greeting."));
        for (String table : List.of("flow_versions", "flow_drafts")) {
            byte[] stored = jdbc.sql("select definition from " + table + " where tenant_id = ?").param(tenant)
                    .query(byte[].class).single();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret", "greeting", "schema");
        }
    }

    @Test
    void withoutFlowsEditOrOnAnotherTenantEverythingIsRefusedAndLogged() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        Viewer reader = new Viewer("user:reader", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        assertThatThrownBy(() -> flows.draft(reader, tenant)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> flows.saveDraft(reader, tenant, saying("x"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> flows.publish(editor(other), tenant)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> flows.simulate(editor(other), tenant, 0, List.of(), null, false, null))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(audited(tenant, "flow.draft.read", "denied")).isEqualTo(1);
        assertThat(audited(tenant, "flow.publish", "denied")).isEqualTo(1);
        assertThat(flows.versions(editor(tenant), tenant)).isEmpty();
    }
}
