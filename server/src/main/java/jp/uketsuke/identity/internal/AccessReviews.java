package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.AUDIT_READ;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.AccessReviewSignOffs.SignOff;
import org.springframework.stereotype.Service;

/**
 * Access reviews (S3): a reviewer — whoever may read the scope's operation log ({@code audit:read}): a tenant's
 * administrators, the platform's security officers and auditors, and platform readers for the tenants assigned to them
 * — reads the report of a tenant or of the platform, downloads it, and signs it off. A sign-off records the digest of
 * the very report the reviewer saw; one made on a report that has changed since is refused. Reading, exporting and
 * signing off are in the scope's operation log.
 */
@Service
class AccessReviews {

    static final int MAX_COMMENT = 1000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Whether a review is due.
     *
     * @param dueAt empty for a scope without users, which has nothing to review
     */
    record Schedule(Optional<Instant> dueAt, boolean overdue) {
    }

    private final AccessReviewReports reports;
    private final AccessReviewSignOffs signOffs;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final Clock clock;

    AccessReviews(AccessReviewReports reports, AccessReviewSignOffs signOffs, AuditLog audit, IdentityProperties properties,
                  Clock clock) {
        this.reports = reports;
        this.signOffs = signOffs;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** The report as the reviewer reads it on the page. */
    AccessReviewReport review(Viewer viewer, AdminScope scope) {
        requireReviewer(viewer, scope, "access-review.view");
        // user names and sign-in times of staff are personal data too
        record(viewer, scope, "access-review.view", AuditEvent.OK);
        return reports.of(scope);
    }

    /** The report for the CSV download: an export, in the log before any of it leaves. */
    AccessReviewReport export(Viewer viewer, AdminScope scope) {
        requireReviewer(viewer, scope, "access-review.export");
        record(viewer, scope, "access-review.export", AuditEvent.OK);
        return reports.of(scope);
    }

    /**
     * Signs the scope's review off.
     *
     * @param seenSha256 the digest of the report the reviewer was shown
     * @throws Refused 404 out of reach; 400 for a malformed digest or comment; 409 when the report has changed since
     */
    SignOff signOff(Viewer viewer, AdminScope scope, String seenSha256, String comment) {
        requireReviewer(viewer, scope, "access-review.sign-off");
        String digest = seenSha256 == null ? "" : seenSha256.strip();
        String note = comment == null ? "" : comment.strip();
        if (!SHA256.matcher(digest).matches()) {
            throw Refused.invalid("accessReview.error.digest");
        }
        if (note.length() > MAX_COMMENT || note.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
            throw Refused.invalid("accessReview.error.comment");
        }
        if (!reports.of(scope).sha256().equals(digest)) {
            // access changed while the reviewer was reading: they approve only what they saw
            record(viewer, scope, "access-review.sign-off", AuditEvent.DENIED);
            throw Refused.conflict("accessReview.error.changed");
        }
        SignOff signOff = new SignOff(UUID.randomUUID(), scope.tenantId(), viewer.actor(), clock.instant(), digest,
                note.replace("\r\n", "\n"));
        signOffs.add(signOff);
        record(viewer, scope, "access-review.sign-off", AuditEvent.OK);
        return signOff;
    }

    Optional<SignOff> lastSignOff(AdminScope scope) {
        return signOffs.last(scope.tenantId());
    }

    /** Due one interval after the last sign-off, or after the scope's first user when it was never reviewed. */
    Schedule schedule(AdminScope scope) {
        Optional<Instant> from = signOffs.last(scope.tenantId()).map(SignOff::signedAt)
                .or(() -> signOffs.firstUserCreated(scope.tenantId()));
        Optional<Instant> due = from.map(this::plusInterval);
        return new Schedule(due, due.map(d -> !clock.instant().isBefore(d)).orElse(false));
    }

    /** One review interval later, in calendar terms (three months from 31 January is 30 April). */
    Instant plusInterval(Instant from) {
        return from.atZone(ConsoleTime.ZONE).plus(properties.accessReviewInterval()).toInstant();
    }

    private void requireReviewer(Viewer viewer, AdminScope scope, String action) {
        if (!scope.allows(viewer, AUDIT_READ)) {
            record(viewer, scope, action, AuditEvent.DENIED);
            throw Refused.notFound();
        }
    }

    private void record(Viewer viewer, AdminScope scope, String action, String result) {
        audit.record(new AuditEvent(viewer.actor(), scope.tenantId(), action, scope.target(), viewer.sourceAddress(), result));
    }
}
