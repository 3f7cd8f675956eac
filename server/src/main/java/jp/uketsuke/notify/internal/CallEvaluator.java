package jp.uketsuke.notify.internal;

import static jp.uketsuke.notify.internal.DestinationRows.utc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.hours.OpeningStatus;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.ShownSummary;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.PublishedFlows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides which destinations hear of each closed call, from the database alone: the calls closed within
 * {@code catchUpWindow} that have no row in {@code notification_call_marks}. A call's mark and its deliveries are
 * written in one transaction, so a call is queued once (the mark's key, on any number of nodes) and a stop at any
 * moment before the commit leaves it to be found at the next look (no mark yet): nothing depends on the
 * {@code CallCompleted} event arriving, which only wakes the worker. A call waits up to {@code summaryWait} for its
 * summary, since rules may ask for its purpose.
 */
final class CallEvaluator {

    private static final Logger log = LoggerFactory.getLogger(CallEvaluator.class);
    static final String ACTOR = "system:notify";
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RuleRows rules;
    private final DeliveryRows deliveries;
    private final CallHistory history;
    private final CallSummaries summaries;
    private final PublishedFlows flows;
    private final Tenants tenants;
    private final Duration summaryWait;
    private final Duration window;
    private final Clock clock;

    CallEvaluator(JdbcClient jdbc, TransactionTemplate transactions, RuleRows rules, DeliveryRows deliveries,
                  CallHistory history, CallSummaries summaries, PublishedFlows flows, Tenants tenants,
                  Duration summaryWait, Duration window, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rules = rules;
        this.deliveries = deliveries;
        this.history = history;
        this.summaries = summaries;
        this.flows = flows;
        this.tenants = tenants;
        this.summaryWait = summaryWait;
        this.window = window;
        this.clock = clock;
    }

    record ClosedCall(UUID callId, UUID tenantId, CallOutcome outcome, String dialedNumber, Instant startedAt,
                      boolean summarised) {
    }

    /** Evaluates the calls that are ready; returns how many deliveries were queued. */
    int evaluateReady() {
        Instant now = clock.instant();
        List<ClosedCall> ready = jdbc.sql("""
                        select c.id, c.tenant_id, c.outcome, c.dialed_number, c.started_at, s.call_id
                        from calls c left join notification_call_marks m on m.call_id = c.id
                                     left join call_summaries s on s.call_id = c.id
                        where m.call_id is null and c.ended_at is not null and c.outcome <> ? and c.ended_at > ?
                          and (s.call_id is not null or c.ended_at <= ?)
                        order by c.ended_at limit ?""")
                .params(CallOutcome.IN_PROGRESS.name(), utc(now.minus(window)), utc(now.minus(summaryWait)), BATCH)
                .query((rs, n) -> new ClosedCall(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        CallOutcome.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6) != null))
                .list();
        int queued = 0;
        for (ClosedCall call : ready) {
            try {
                queued += evaluate(call);
            } catch (RuntimeException e) {
                // one call's trouble (its tenant's keys, a broken flow) must not hold up the others; it is tried again
                log.warn("Could not evaluate notifications of call {} ({})", call.callId(), e.getClass().getSimpleName());
            }
        }
        return queued;
    }

    /** Queues the call's deliveries and marks it evaluated, in one transaction; 0 when another node did it first. */
    int evaluate(ClosedCall call) {
        List<RuleRows.Rule> usable = rules.usable(call.tenantId());
        Set<UUID> destinations = new LinkedHashSet<>();
        if (!usable.isEmpty()) {
            Facts facts = new Facts(call);
            for (RuleRows.Rule rule : usable) {
                if (facts.matches(rule)) {
                    destinations.add(rule.destinationId());
                }
            }
        }
        Instant now = clock.instant();
        try {
            Integer queued = transactions.execute(status -> {
                jdbc.sql("insert into notification_call_marks (call_id, tenant_id, evaluated_at) values (?, ?, ?)")
                        .params(call.callId(), call.tenantId(), utc(now)).update();
                int n = 0;
                for (UUID destination : destinations) {
                    if (deliveries.insert(call.tenantId(), destination, call.callId(), DeliveryRows.EventKind.CALL,
                            call.callId(), null, now)) {
                        n++;
                    }
                }
                return n;
            });
            return queued == null ? 0 : queued;
        } catch (DuplicateKeyException evaluatedElsewhere) {
            return 0;
        }
    }

    /** What rules ask of one call, each read at most once and only when a rule asks. */
    private final class Facts {

        private final ClosedCall call;
        private Set<NotifiedOutcome> outcomes;
        private Optional<PurposeCategory> category;
        private Boolean open;

        Facts(ClosedCall call) {
            this.call = call;
        }

        boolean matches(RuleRows.Rule rule) {
            if (rule.dialedNumber() != null && !rule.dialedNumber().equals(call.dialedNumber())) {
                return false;
            }
            if (!rule.outcomes().isEmpty() && rule.outcomes().stream().noneMatch(outcomes(rule)::contains)) {
                return false;
            }
            if (!rule.categories().isEmpty() && category().filter(rule.categories()::contains).isEmpty()) {
                return false;
            }
            return switch (rule.hours()) {
                case ANY -> true;
                case OPEN -> open();
                case CLOSED -> !open();
            };
        }

        private Set<NotifiedOutcome> outcomes(RuleRows.Rule rule) {
            if (outcomes == null) {
                outcomes = EnumSet.noneOf(NotifiedOutcome.class);
                outcomes.addAll(NotifiedOutcome.of(call.outcome()));
            }
            // a missed transfer is in the turns: read (audited) only when a rule asks for it and the call was not transferred
            if (rule.outcomes().contains(NotifiedOutcome.TRANSFER_MISSED) && call.outcome() != CallOutcome.TRANSFERRED
                    && !outcomes.contains(NotifiedOutcome.TRANSFER_MISSED) && transferTried()) {
                outcomes.add(NotifiedOutcome.TRANSFER_MISSED);
            }
            return outcomes;
        }

        private boolean transferTried() {
            Viewer system = new Viewer(ACTOR, Set.of(call.tenantId()), Set.of(Permissions.CALLS_READ), null);
            return history.find(system, call.callId()).map(CallDetail::turns).orElse(List.of()).stream()
                    .anyMatch(t -> t.text() != null && t.text().startsWith("[TRANSFER"));
        }

        private Optional<PurposeCategory> category() {
            if (category == null) {
                Viewer system = new Viewer(ACTOR, Set.of(call.tenantId()), Set.of(Permissions.CALLS_READ), null);
                category = call.summarised() ? summaries.find(system, call.callId()).map(ShownSummary::category)
                        : Optional.empty();
            }
            return category;
        }

        private boolean open() {
            if (open == null) {
                String language = tenants.language(call.tenantId()).orElse("ja-JP");
                OpeningStatus status = flows.forCall(call.tenantId(), language).flow().hoursOrStandard()
                        .status(call.startedAt());
                open = status.kind() == OpeningStatus.Kind.OPEN;
            }
            return open;
        }
    }
}
