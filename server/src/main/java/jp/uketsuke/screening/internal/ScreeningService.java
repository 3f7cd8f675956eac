package jp.uketsuke.screening.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.screening.AnonymousPolicy;
import jp.uketsuke.screening.ScreeningFeedback;
import jp.uketsuke.screening.ScreeningLists;
import jp.uketsuke.tenancy.PhoneNumbers;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The screening rules and labels as people change them (F4): permission-checked, audited (ids only, never a number
 * or words), and each change makes calls use it: the tenant's lists are read again, its classifier rebuilt.
 */
final class ScreeningService implements ScreeningLists, ScreeningFeedback {

    /** The words a label keeps: the caller's first turns, what screening judges. */
    static final int LABELLED_TURNS = 3;
    static final int MAX_LABELLED_CHARS = 1000;
    private static final String SYSTEM = "system:screening";

    private final ScreeningStore store;
    private final CallScreeningService calls;
    private final TenantModels models;
    private final CallHistory history;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int installationBlocked;

    ScreeningService(ScreeningStore store, CallScreeningService calls, TenantModels models, CallHistory history,
                     AuditLog audit, TransactionTemplate transactions, Clock clock, int installationBlocked) {
        this.store = store;
        this.calls = calls;
        this.models = models;
        this.history = history;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.installationBlocked = installationBlocked;
    }

    @Override
    public Rules rules(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, Permissions.FLOWS_EDIT, "screening.lists.read");
        List<ListedNumber> numbers = store.entries(tenantId).stream()
                .map(e -> new ListedNumber(e.id(), e.list(), PhoneNumbers.mask(e.number()), e.addedAt())).toList();
        record(viewer, tenantId, "screening.lists.read", "tenant:" + tenantId, AuditEvent.OK);
        return new Rules(store.policy(tenantId), numbers, installationBlocked);
    }

    @Override
    public void add(Viewer viewer, UUID tenantId, ListKind list, String number) {
        allowed(viewer, tenantId, Permissions.FLOWS_EDIT, "screening.number.add");
        Objects.requireNonNull(list, "list");
        String normalised = writtenNumber(number);
        if (normalised.isEmpty()) {
            // the rejected text may be a number in a shape we do not know: it is not repeated or logged
            throw new IllegalArgumentException("not a phone number");
        }
        UUID id = transactions.execute(status -> {
            if (store.count(tenantId) >= MAX_NUMBERS) {
                throw new IllegalArgumentException("the lists hold at most " + MAX_NUMBERS + " numbers");
            }
            return store.put(tenantId, list, normalised, viewer.actor(), clock.instant());
        });
        calls.forget(tenantId);
        record(viewer, tenantId, "screening.number.add." + list.name().toLowerCase(Locale.ROOT), "screening-number:" + id,
                AuditEvent.OK);
    }

    @Override
    public boolean remove(Viewer viewer, UUID tenantId, UUID entryId) {
        allowed(viewer, tenantId, Permissions.FLOWS_EDIT, "screening.number.remove");
        boolean removed = entryId != null && store.delete(tenantId, entryId);
        calls.forget(tenantId);
        record(viewer, tenantId, "screening.number.remove", "screening-number:" + entryId,
                removed ? AuditEvent.OK : AuditEvent.NOT_FOUND);
        return removed;
    }

    @Override
    public void setAnonymousPolicy(Viewer viewer, UUID tenantId, AnonymousPolicy policy) {
        allowed(viewer, tenantId, Permissions.FLOWS_EDIT, "screening.anonymous");
        Objects.requireNonNull(policy, "policy");
        store.setPolicy(tenantId, policy, viewer.actor(), clock.instant());
        calls.forget(tenantId);
        record(viewer, tenantId, "screening.anonymous." + policy.name().toLowerCase(Locale.ROOT), "tenant:" + tenantId,
                AuditEvent.OK);
    }

    @Override
    public boolean label(Viewer viewer, UUID callId, Label label) {
        Objects.requireNonNull(label, "label");
        if (!viewer.holds(Permissions.SCREENING_TRAIN)) {
            // refused before the call is read: its words are not opened for someone who may not label it
            record(viewer, viewer.ownTenant().orElse(null), "screening.label", "call:" + callId, AuditEvent.DENIED);
            throw new AccessDeniedException("screening:train is needed to mark calls as sales or not");
        }
        Optional<CallDetail> found = history.find(viewer, callId);
        if (found.isEmpty()) {
            return false;
        }
        UUID tenantId = found.get().summary().tenantId();
        if (!viewer.may(Permissions.SCREENING_TRAIN, tenantId)) {
            record(viewer, tenantId, "screening.label", "call:" + callId, AuditEvent.DENIED);
            throw new AccessDeniedException("screening:train on the call's tenant is needed");
        }
        String words = firstWords(found.get());
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the caller said nothing there is to learn from");
        }
        store.label(tenantId, callId, label, words, viewer.actor(), clock.instant());
        record(viewer, tenantId, "screening.label." + label.name().toLowerCase(Locale.ROOT), "call:" + callId,
                AuditEvent.OK);
        models.rebuildUnlessFrom(tenantId, store.labelStamp(tenantId));
        return true;
    }

    @Override
    public Optional<Label> labelOf(Viewer viewer, UUID tenantId, UUID callId) {
        if (!viewer.may(Permissions.CALLS_READ, tenantId)) {
            return Optional.empty();
        }
        return store.labelOf(tenantId, callId);
    }

    /** The tenant's labelled words for its classifier: a read of personal data by the system, audited as such. */
    static List<Map.Entry<String, Boolean>> labelledWordsForTraining(ScreeningStore store, AuditLog audit,
                                                                     UUID tenantId) {
        List<Map.Entry<String, Boolean>> words = store.labelledWords(tenantId);
        audit.record(new AuditEvent(SYSTEM, tenantId, "screening.labels.read", "tenant:" + tenantId, null,
                AuditEvent.OK));
        return words;
    }

    /**
     * A number as a person writes it ("03-1234-5678", "+81 3…", full-width digits), normalised; "" for anything else,
     * including the SIP and tel: forms trunks send, whose parameters would otherwise be cut off silently.
     */
    static String writtenNumber(String raw) {
        if (raw == null || raw.chars().anyMatch(c -> c == ';' || c == ':' || c == '@')) {
            return "";
        }
        return PhoneNumbers.normalise(raw);
    }

    /** What the caller said first (keys and notes left out), as the screen node judged it. */
    static String firstWords(CallDetail call) {
        String words = call.turns().stream().filter(t -> t.speaker() == Speaker.CALLER)
                .map(t -> t.text().strip()).filter(t -> !t.isEmpty() && !t.startsWith("["))
                .limit(LABELLED_TURNS).collect(Collectors.joining(" "));
        return words.length() > MAX_LABELLED_CHARS ? words.substring(0, MAX_LABELLED_CHARS) : words;
    }

    private void allowed(Viewer viewer, UUID tenantId, String permission, String action) {
        if (tenantId == null || !viewer.may(permission, tenantId)) {
            record(viewer, tenantId, action, "tenant:" + tenantId, AuditEvent.DENIED);
            throw new AccessDeniedException(permission + " on the tenant is needed for its screening rules");
        }
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}
