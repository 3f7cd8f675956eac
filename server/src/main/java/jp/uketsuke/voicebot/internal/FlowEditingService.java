package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.voicebot.CallerTurn;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.FlowProblem;
import jp.uketsuke.voicebot.FlowResources;
import jp.uketsuke.voicebot.FlowValidator;
import jp.uketsuke.voicebot.Simulation;
import jp.uketsuke.voicebot.Simulator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link FlowEditing} over {@link FlowStore}: permission and tenant scope first, then the work, then the log. */
final class FlowEditingService implements FlowEditing {

    private final FlowStore store;
    private final CompiledFlows compiled;
    private final FlowResources resources;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    /** What simulations use for screening and texts. */
    private final FlowServices simulated;

    FlowEditingService(FlowStore store, CompiledFlows compiled, FlowResources resources, AuditLog audit,
                       TransactionTemplate transactions, Clock clock, FlowServices simulated) {
        this.store = store;
        this.compiled = compiled;
        this.resources = resources;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.simulated = simulated;
    }

    @Override
    public Draft draft(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, "flow.draft.read");
        FlowStore.StoredDraft current = currentDraft(tenantId);
        Draft draft = new Draft(current.flow(), problems(tenantId, current.flow()), current.savedAt(),
                current.basedOn());
        record(viewer, tenantId, "flow.draft.read", "flow:draft", AuditEvent.OK);
        return draft;
    }

    @Override
    public Draft saveDraft(Viewer viewer, UUID tenantId, Flow flow) {
        allowed(viewer, tenantId, "flow.draft.save");
        Integer basedOn = store.draftBasedOn(tenantId).orElseGet(() -> store.inUse(tenantId).orElse(null));
        store.saveDraft(tenantId, flow, basedOn, viewer.actor());
        record(viewer, tenantId, "flow.draft.save", "flow:draft", AuditEvent.OK);
        return new Draft(flow, problems(tenantId, flow), clock.instant(), basedOn);
    }

    @Override
    public Draft importDraft(Viewer viewer, UUID tenantId, byte[] document) {
        allowed(viewer, tenantId, "flow.import");
        Flow flow;
        try {
            flow = FlowDocuments.read(document);
        } catch (FlowDocuments.InvalidFlowDocument e) {
            record(viewer, tenantId, "flow.import", "flow:draft", "invalid");
            throw e;
        }
        Draft draft = saveDraft(viewer, tenantId, flow);
        record(viewer, tenantId, "flow.import", "flow:draft", AuditEvent.OK);
        return draft;
    }

    @Override
    public byte[] exportDraft(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, "flow.export");
        byte[] document = FlowDocuments.write(currentDraft(tenantId).flow());
        record(viewer, tenantId, "flow.export", "flow:draft", AuditEvent.OK);
        return document;
    }

    @Override
    public byte[] exportVersion(Viewer viewer, UUID tenantId, int version) {
        allowed(viewer, tenantId, "flow.export");
        Flow flow = store.version(tenantId, version).orElseThrow(() -> notFound(viewer, tenantId, "flow.export",
                version));
        record(viewer, tenantId, "flow.export", "flow:v" + version, AuditEvent.OK);
        return FlowDocuments.write(flow);
    }

    @Override
    public Version publish(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, "flow.publish");
        Flow flow = currentDraft(tenantId).flow();
        List<FlowProblem> problems = problems(tenantId, flow);
        if (!problems.isEmpty()) {
            record(viewer, tenantId, "flow.publish", "flow:draft", "rejected");
            throw new FlowRejected(problems);
        }
        int version;
        try {
            version = transactions.execute(status -> {
                int v = store.addVersion(tenantId, flow, viewer.actor());
                store.use(tenantId, v);
                requireRecordings(tenantId, flow, v);
                store.deleteDraft(tenantId);
                return v;
            });
        } catch (DuplicateKeyException e) {
            record(viewer, tenantId, "flow.publish", "flow:draft", AuditEvent.ERROR);
            throw new IllegalStateException("someone else published a version meanwhile; look at it and try again");
        } catch (RecordingsGone e) {
            record(viewer, tenantId, "flow.publish", "flow:draft", "rejected");
            throw e;
        }
        record(viewer, tenantId, "flow.publish", "flow:v" + version, AuditEvent.OK);
        return inUse(viewer, tenantId, version);
    }

    @Override
    public Version rollBack(Viewer viewer, UUID tenantId, int version) {
        allowed(viewer, tenantId, "flow.rollback");
        Flow flow = store.version(tenantId, version).orElseThrow(() -> notFound(viewer, tenantId, "flow.rollback",
                version));
        try {
            transactions.executeWithoutResult(status -> {
                store.use(tenantId, version);
                requireRecordings(tenantId, flow, version);
            });
        } catch (RecordingsGone e) {
            record(viewer, tenantId, "flow.rollback", "flow:v" + version, "rejected");
            throw e;
        }
        record(viewer, tenantId, "flow.rollback", "flow:v" + version, AuditEvent.OK);
        return inUse(viewer, tenantId, version);
    }

    @Override
    public List<Version> versions(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, "flow.versions");
        int inUse = store.inUse(tenantId).orElse(0);
        return store.versions(tenantId).stream()
                .map(v -> new Version(v.version(), v.publishedAt(), v.publishedBy(), v.version() == inUse))
                .toList();
    }

    @Override
    public Optional<Flow> version(Viewer viewer, UUID tenantId, int version) {
        allowed(viewer, tenantId, "flow.version.read");
        Optional<Flow> flow = store.version(tenantId, version);
        record(viewer, tenantId, "flow.version.read", "flow:v" + version,
                flow.isPresent() ? AuditEvent.OK : AuditEvent.NOT_FOUND);
        return flow;
    }

    @Override
    public Simulation simulate(Viewer viewer, UUID tenantId, int version, List<CallerTurn> turns, String callerNumber,
                               boolean staffAnswers, Instant at) {
        allowed(viewer, tenantId, "flow.simulate");
        CompiledFlow flow = version == 0 ? CompiledFlow.of(0, currentDraft(tenantId).flow())
                : compiled.version(tenantId, version).orElseThrow(() -> notFound(viewer, tenantId, "flow.simulate",
                        version));
        Clock moment = at == null ? clock : Clock.fixed(at, clock.getZone());
        Simulation simulation = Simulator.run(flow, turns, tenantId, "simulator", callerNumber, staffAnswers,
                simulated, moment);
        record(viewer, tenantId, "flow.simulate", version == 0 ? "flow:draft" : "flow:v" + version, AuditEvent.OK);
        return simulation;
    }

    /**
     * The draft being edited, else the version in use, else the standard flow of the tenant's language. Not validated:
     * only the pages that show problems, and publishing, pay for that.
     */
    private FlowStore.StoredDraft currentDraft(UUID tenantId) {
        Optional<FlowStore.StoredDraft> saved = store.draft(tenantId);
        if (saved.isPresent()) {
            return saved.get();
        }
        Optional<Integer> inUse = store.inUse(tenantId);
        Flow flow = inUse.flatMap(v -> store.version(tenantId, v)).orElseGet(() -> compiled.standard(tenantId).flow());
        return new FlowStore.StoredDraft(flow, null, inUse.orElse(null));
    }

    /**
     * Within the transaction that makes {@code version} the one in use, after its row is locked: a recording deleted
     * meanwhile (deleting takes the same lock) must not go live, as calls would play a chime for it.
     */
    private void requireRecordings(UUID tenantId, Flow flow, int version) {
        Set<String> plays = JdbcPromptRecordings.recordingsOf(flow);
        if (!plays.isEmpty() && !resources.recordedPrompts(tenantId).containsAll(plays)) {
            throw new RecordingsGone("version " + version + " plays recorded prompts that have been deleted; "
                    + "publish a flow without them");
        }
    }

    /** Nothing changed: the flow names recordings that are gone. */
    private static final class RecordingsGone extends IllegalArgumentException {
        RecordingsGone(String message) {
            super(message);
        }
    }

    private List<FlowProblem> problems(UUID tenantId, Flow flow) {
        return FlowValidator.check(flow, resources.capabilities(tenantId));
    }

    private Version inUse(Viewer viewer, UUID tenantId, int version) {
        return versions(viewer, tenantId).stream().filter(v -> v.number() == version).findFirst().orElseThrow();
    }

    private void allowed(Viewer viewer, UUID tenantId, String action) {
        if (tenantId == null || !viewer.may(Permissions.FLOWS_EDIT, tenantId)) {
            record(viewer, tenantId, action, "tenant:" + tenantId, AuditEvent.DENIED);
            throw new AccessDeniedException("flows:edit on the tenant is needed to work on its call flow");
        }
    }

    private IllegalArgumentException notFound(Viewer viewer, UUID tenantId, String action, int version) {
        record(viewer, tenantId, action, "flow:v" + version, AuditEvent.NOT_FOUND);
        return new IllegalArgumentException("there is no version " + version);
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}
