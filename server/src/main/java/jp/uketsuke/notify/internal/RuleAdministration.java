package jp.uketsuke.notify.internal;

import static jp.uketsuke.notify.internal.DestinationAdministration.event;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.NotificationStatus;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.tenancy.PhoneNumbers;

/**
 * A tenant's rules (which calls notify which destination), its dead-lettered deliveries and the dashboard's count, for
 * holders of {@code notify:manage}; each change is in the operation log. A rule may only point at the tenant's own
 * destinations; another tenant's id is not found, like one that does not exist.
 */
final class RuleAdministration {

    static final int DEAD_LETTERS_SHOWN = 100;

    private final RuleRows rules;
    private final DestinationRows destinations;
    private final DeliveryRows deliveries;
    private final DestinationAdministration access;
    private final AuditLog audit;
    private final Runnable wake;
    private final Clock clock;

    RuleAdministration(RuleRows rules, DestinationRows destinations, DeliveryRows deliveries,
                       DestinationAdministration access, AuditLog audit, Runnable wake, Clock clock) {
        this.rules = rules;
        this.destinations = destinations;
        this.deliveries = deliveries;
        this.access = access;
        this.audit = audit;
        this.wake = wake;
        this.clock = clock;
    }

    /** What the rule form sends; lists may be empty (any). */
    record Form(String destination, List<String> outcomes, List<String> categories, String dialedNumber, String hours,
                boolean enabled) {
    }

    List<RuleRows.Rule> list(Viewer viewer, UUID tenantId) {
        access.check(viewer, tenantId, "notify.rules.read", "tenant:" + tenantId);
        return rules.ofTenant(tenantId);
    }

    UUID create(Viewer viewer, UUID tenantId, Form form) {
        access.check(viewer, tenantId, "notify.rule.create", "tenant:" + tenantId);
        RuleRows.Rule rule = rule(viewer, tenantId, null, 0, form);
        UUID id = rules.insert(rule, viewer.actor(), clock.instant());
        audit.record(event(viewer, tenantId, "notify.rule.create", target(id), AuditEvent.OK));
        return id;
    }

    void change(Viewer viewer, UUID tenantId, UUID id, Form form, int version) {
        access.check(viewer, tenantId, "notify.rule.change", target(id));
        RuleRows.Rule before = found(viewer, tenantId, id, "notify.rule.change");
        RuleRows.Rule rule = rule(viewer, tenantId, id, version < 0 ? before.version() : version, form);
        if (!rules.update(rule, viewer.actor(), clock.instant())) {
            throw new NotifyRefusal("notify.error.changed-meanwhile");
        }
        audit.record(event(viewer, tenantId, "notify.rule.change", target(id), AuditEvent.OK));
    }

    void delete(Viewer viewer, UUID tenantId, UUID id) {
        access.check(viewer, tenantId, "notify.rule.delete", target(id));
        found(viewer, tenantId, id, "notify.rule.delete");
        rules.delete(tenantId, id);
        audit.record(event(viewer, tenantId, "notify.rule.delete", target(id), AuditEvent.OK));
    }

    List<DeliveryRows.Delivery> deadLetters(Viewer viewer, UUID tenantId) {
        access.check(viewer, tenantId, "notify.dead-letters.read", "tenant:" + tenantId);
        audit.record(event(viewer, tenantId, "notify.dead-letters.read", "tenant:" + tenantId, AuditEvent.OK));
        return deliveries.dead(tenantId, DEAD_LETTERS_SHOWN);
    }

    /** Queues a dead-lettered delivery again with a fresh count of attempts. */
    void resend(Viewer viewer, UUID tenantId, UUID deliveryId) {
        access.check(viewer, tenantId, "notify.delivery.resend", delivery(deliveryId));
        boolean ours = deliveries.find(deliveryId).filter(d -> d.tenantId().equals(tenantId)).isPresent();
        if (!ours) {
            audit.record(event(viewer, tenantId, "notify.delivery.resend", delivery(deliveryId), AuditEvent.NOT_FOUND));
            throw new NotifyRefusal.NotFound();
        }
        if (!deliveries.resend(tenantId, deliveryId, viewer.actor(), clock.instant())) {
            throw new NotifyRefusal("notify.error.not-dead");
        }
        audit.record(event(viewer, tenantId, "notify.delivery.resend", delivery(deliveryId), AuditEvent.OK));
        wake.run();
    }

    /** {@link NotificationStatus#failedCount}. */
    int failedCount(Viewer viewer, UUID tenantId) {
        if (!viewer.may(Permissions.NOTIFY_MANAGE, tenantId)) {
            audit.record(event(viewer, tenantId, "notify.failed-count.read", "tenant:" + tenantId, AuditEvent.DENIED));
            return 0;
        }
        int count = deliveries.deadCount(tenantId);
        audit.record(event(viewer, tenantId, "notify.failed-count.read", "tenant:" + tenantId, AuditEvent.OK));
        return count;
    }

    private RuleRows.Rule rule(Viewer viewer, UUID tenantId, UUID id, int version, Form form) {
        UUID destination;
        try {
            destination = UUID.fromString(form.destination() == null ? "" : form.destination().strip());
        } catch (IllegalArgumentException e) {
            throw new NotifyRefusal("notify.error.destination");
        }
        if (destinations.find(tenantId, destination).isEmpty()) {
            audit.record(event(viewer, tenantId, "notify.rule.destination", DestinationAdministration.target(destination),
                    AuditEvent.NOT_FOUND));
            throw new NotifyRefusal.NotFound();
        }
        Set<NotifiedOutcome> outcomes = EnumSet.noneOf(NotifiedOutcome.class);
        for (String o : form.outcomes() == null ? List.<String>of() : form.outcomes()) {
            outcomes.add(FormInput.choice(NotifiedOutcome.class, o, "outcome"));
        }
        Set<PurposeCategory> categories = EnumSet.noneOf(PurposeCategory.class);
        for (String c : form.categories() == null ? List.<String>of() : form.categories()) {
            categories.add(FormInput.choice(PurposeCategory.class, c, "category"));
        }
        String number = FormInput.line(form.dialedNumber(), 30, "number");
        String dialed = null;
        if (!number.isEmpty()) {
            dialed = PhoneNumbers.normalise(number);
            if (dialed.isEmpty() || dialed.length() > 20) {
                throw new NotifyRefusal("notify.error.number");
            }
        }
        RuleRows.Hours hours = form.hours() == null || form.hours().isBlank() ? RuleRows.Hours.ANY
                : FormInput.choice(RuleRows.Hours.class, form.hours(), "hours");
        return new RuleRows.Rule(id, tenantId, destination, outcomes, categories, dialed, hours, form.enabled(), version);
    }

    private RuleRows.Rule found(Viewer viewer, UUID tenantId, UUID id, String action) {
        return rules.find(tenantId, id).orElseThrow(() -> {
            audit.record(event(viewer, tenantId, action, target(id), AuditEvent.NOT_FOUND));
            return new NotifyRefusal.NotFound();
        });
    }

    static String target(UUID id) {
        return "notification-rule:" + id;
    }

    static String delivery(UUID id) {
        return "notification-delivery:" + id;
    }
}
