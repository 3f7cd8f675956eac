package jp.uketsuke.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AdministratorMail;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DataLevel;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.vault.Vault;
import org.springframework.context.MessageSource;

/**
 * A tenant's notification destinations for holders of {@code notify:manage} (S8): every change checked against the
 * tenant, recorded in the operation log, and announced to the tenant's administrators by e-mail (through identity,
 * which keeps their addresses) and through the tenant's other verified destinations, so that a destination quietly
 * added or pointed elsewhere is seen. A destination receives nothing but its verification code
 * until the code is entered; the code is kept as a keyed hash (the tenant's index key), expires, and allows
 * {@code codeAttempts} wrong entries before a new one must be sent. FULL needs {@code transcripts:unredacted}.
 */
final class DestinationAdministration {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Codes sent to one destination an hour at most: the console must not become a way to spam an address. */
    static final int CODES_PER_HOUR = 5;

    private final DestinationRows rows;
    private final DeliveryRows deliveries;
    private final Channels channels;
    private final Vault vault;
    private final AuditLog audit;
    private final MessageSource messages;
    private final NotifyProperties properties;
    private final AdministratorMail administrators;
    private final Executor mailing;
    private final Runnable wake;
    private final Clock clock;

    /**
     * @param mailing where the administrators' e-mail is sent from: not the console request's thread, which must not
     *                wait for a mail server
     */
    DestinationAdministration(DestinationRows rows, DeliveryRows deliveries, Channels channels, Vault vault,
                              AuditLog audit, MessageSource messages, NotifyProperties properties,
                              AdministratorMail administrators, Executor mailing, Runnable wake, Clock clock) {
        this.rows = rows;
        this.deliveries = deliveries;
        this.channels = channels;
        this.vault = vault;
        this.audit = audit;
        this.messages = messages;
        this.properties = properties;
        this.administrators = administrators;
        this.mailing = mailing;
        this.wake = wake;
        this.clock = clock;
    }

    /** What the form sends; blank address or secret on a change keeps the stored one. */
    record Form(String kind, String name, String level, String address, String secret, String options) {
    }

    /** How a destination stands, for the list. */
    enum State { UNVERIFIED, VERIFIED, FAILING, DISABLED }

    record Listed(DestinationRows.Stored destination, State state) {
    }

    List<Listed> list(Viewer viewer, UUID tenantId) {
        check(viewer, tenantId, "notify.destinations.read", "tenant:" + tenantId);
        audit.record(event(viewer, tenantId, "notify.destinations.read", "tenant:" + tenantId, AuditEvent.OK));
        return rows.ofTenant(tenantId).stream().map(d -> new Listed(d, state(d))).toList();
    }

    private State state(DestinationRows.Stored d) {
        if (!d.enabled()) {
            return State.DISABLED;
        }
        if (!d.verified()) {
            return State.UNVERIFIED;
        }
        return deliveries.failing(d.id()) ? State.FAILING : State.VERIFIED;
    }

    DestinationRows.Stored find(Viewer viewer, UUID tenantId, UUID id) {
        check(viewer, tenantId, "notify.destination.read", target(id));
        return rows.find(tenantId, id).orElseThrow(() -> notFound(viewer, tenantId, "notify.destination.read", id));
    }

    /** The kinds this server can send, in the enum's order. */
    List<ChannelKind> offeredKinds() {
        return java.util.Arrays.stream(ChannelKind.values()).filter(channels.kinds()::contains).toList();
    }

    UUID create(Viewer viewer, UUID tenantId, Form form) {
        check(viewer, tenantId, "notify.destination.create", "tenant:" + tenantId);
        ChannelKind kind = FormInput.choice(ChannelKind.class, form.kind(), "kind");
        Channel channel = channels.of(kind).orElseThrow(() -> new NotifyRefusal("notify.error.kind"));
        String name = name(form.name());
        DataLevel level = level(viewer, tenantId, form.level());
        String address = FormInput.line(form.address(), FormInput.MAX_ADDRESS, "address");
        if (address.isEmpty()) {
            throw new NotifyRefusal("notify.error.address");
        }
        String secret = FormInput.secret(form.secret());
        Map<String, String> options = FormInput.options(form.options());
        checkWith(channel, new Destination(UUID.randomUUID(), tenantId, kind, address, secret, options));
        UUID id = rows.insert(tenantId, kind, name, level, address, secret, options, viewer.actor(), clock.instant());
        audit.record(event(viewer, tenantId, "notify.destination.create", target(id), AuditEvent.OK));
        announce(tenantId, id, "notify.announce.created", viewer, name);
        return id;
    }

    void change(Viewer viewer, UUID tenantId, UUID id, Form form) {
        DestinationRows.Stored before = find(viewer, tenantId, id);
        Channel channel = channels.of(before.kind()).orElseThrow(() -> new NotifyRefusal("notify.error.kind"));
        String name = name(form.name());
        DataLevel level = level(viewer, tenantId, form.level());
        String address = FormInput.line(form.address(), FormInput.MAX_ADDRESS, "address");
        String secret = FormInput.secret(form.secret());
        Map<String, String> options = FormInput.options(form.options());
        Destination current = rows.open(before);
        String newAddress = address.isEmpty() || address.equals(current.address()) ? null : address;
        String newSecret = secret.isEmpty() || secret.equals(current.secret()) ? null : secret;
        checkWith(channel, new Destination(id, tenantId, before.kind(), newAddress != null ? newAddress : current.address(),
                newSecret != null ? newSecret : current.secret(), options));
        if (!rows.update(before, name, level, newAddress, newSecret, options, viewer.actor(), clock.instant())) {
            throw new NotifyRefusal("notify.error.changed-meanwhile");
        }
        boolean reset = newAddress != null || newSecret != null;
        audit.record(event(viewer, tenantId, reset ? "notify.destination.change-receiver" : "notify.destination.change",
                target(id), AuditEvent.OK));
        announce(tenantId, id, reset ? "notify.announce.receiver-changed" : "notify.announce.changed", viewer, name);
    }

    void setEnabled(Viewer viewer, UUID tenantId, UUID id, boolean enabled) {
        DestinationRows.Stored d = find(viewer, tenantId, id);
        rows.setEnabled(tenantId, id, enabled, viewer.actor(), clock.instant());
        audit.record(event(viewer, tenantId, enabled ? "notify.destination.enable" : "notify.destination.disable",
                target(id), AuditEvent.OK));
        announce(tenantId, id, enabled ? "notify.announce.enabled" : "notify.announce.disabled", viewer, d.name());
    }

    void delete(Viewer viewer, UUID tenantId, UUID id) {
        DestinationRows.Stored d = find(viewer, tenantId, id);
        rows.delete(tenantId, id);
        audit.record(event(viewer, tenantId, "notify.destination.delete", target(id), AuditEvent.OK));
        announce(tenantId, null, "notify.announce.deleted", viewer, d.name());
    }

    /** Sends a new code through the destination; the code before it stops working. */
    void sendCode(Viewer viewer, UUID tenantId, UUID id) {
        DestinationRows.Stored d = find(viewer, tenantId, id);
        if (!d.enabled()) {
            throw new NotifyRefusal("notify.error.disabled");
        }
        Instant now = clock.instant();
        if (deliveries.countOf(id, DeliveryRows.EventKind.VERIFY, now.minus(Duration.ofHours(1))) >= CODES_PER_HOUR) {
            audit.record(event(viewer, tenantId, "notify.destination.code-sent", target(id), "rate_limited"));
            throw new NotifyRefusal("notify.error.too-many-codes");
        }
        String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
        rows.setCode(id, codeHash(tenantId, id, code), now.plus(properties.codeValidity()));
        deliveries.insert(tenantId, id, UUID.randomUUID(), DeliveryRows.EventKind.VERIFY, null, code, now);
        audit.record(event(viewer, tenantId, "notify.destination.code-sent", target(id), AuditEvent.OK));
        wake.run();
    }

    /** Checks an entered code; the destination is verified when it is the pending one, not expired, within the tries. */
    void verify(Viewer viewer, UUID tenantId, UUID id, String entered) {
        DestinationRows.Stored d = find(viewer, tenantId, id);
        Optional<DestinationRows.PendingCode> pending = rows.pendingCode(id);
        if (pending.isEmpty()) {
            audit.record(event(viewer, tenantId, "notify.destination.verify", target(id), "no_code"));
            throw new NotifyRefusal("notify.error.no-code");
        }
        // every entry counts, a malformed one too: guessing is what the limit is for
        if (!rows.countAttempt(id, properties.codeAttempts())) {
            audit.record(event(viewer, tenantId, "notify.destination.verify", target(id), "too_many_attempts"));
            throw new NotifyRefusal("notify.error.too-many-attempts");
        }
        if (pending.get().expiresAt().isBefore(clock.instant())) {
            audit.record(event(viewer, tenantId, "notify.destination.verify", target(id), "expired"));
            throw new NotifyRefusal("notify.error.code-expired");
        }
        String code = entered == null ? "" : entered.strip();
        boolean right = code.matches("\\d{6}") && MessageDigest.isEqual(
                codeHash(tenantId, id, code).getBytes(StandardCharsets.US_ASCII),
                pending.get().hash().getBytes(StandardCharsets.US_ASCII));
        if (!right || !rows.verified(id, pending.get().hash(), viewer.actor(), clock.instant())) {
            audit.record(event(viewer, tenantId, "notify.destination.verify", target(id), "wrong_code"));
            throw new NotifyRefusal("notify.error.wrong-code");
        }
        audit.record(event(viewer, tenantId, "notify.destination.verify", target(id), AuditEvent.OK));
        announce(tenantId, id, "notify.announce.verified", viewer, d.name());
    }

    /** Queues a test notice to a verified destination. */
    void sendTest(Viewer viewer, UUID tenantId, UUID id) {
        DestinationRows.Stored d = find(viewer, tenantId, id);
        if (!d.verified() || !d.enabled()) {
            throw new NotifyRefusal("notify.error.not-verified");
        }
        deliveries.insert(tenantId, id, UUID.randomUUID(), DeliveryRows.EventKind.TEST, null, null, clock.instant());
        audit.record(event(viewer, tenantId, "notify.destination.test", target(id), AuditEvent.OK));
        wake.run();
    }

    /**
     * Tells the tenant's administrators (holders of {@code notify:manage} or {@code users:manage} with an address) by
     * e-mail, and the tenant's verified destinations (those enabled, other than the one changed), what was done and by
     * whom. The destinations hear through the outbox (durable); the e-mail is sent once, off the request's thread, and
     * each message is in the operation log.
     */
    private void announce(UUID tenantId, UUID changed, String key, Viewer viewer, String name) {
        String text = messages.getMessage(key, new Object[] {name, viewer.actor(), NoticeRenderer.time(clock.instant())},
                key, Locale.JAPANESE) + "\n" + messages.getMessage(key, new Object[] {name, viewer.actor(),
                NoticeRenderer.time(clock.instant())}, key, Locale.ENGLISH);
        UUID event = UUID.randomUUID();
        boolean queued = false;
        for (DestinationRows.Stored d : rows.ofTenant(tenantId)) {
            if (d.verified() && d.enabled() && !d.id().equals(changed)) {
                queued |= deliveries.insert(tenantId, d.id(), event, DeliveryRows.EventKind.ANNOUNCE, null, text,
                        clock.instant());
            }
        }
        if (queued) {
            wake.run();
        }
        String subject = messages.getMessage("notifyproof.announce.mail.subject", null, Locale.JAPANESE) + " / "
                + messages.getMessage("notifyproof.announce.mail.subject", null, Locale.ENGLISH);
        String body = text + "\n\n" + messages.getMessage("notifyproof.announce.mail.footer", null, Locale.JAPANESE)
                + "\n" + messages.getMessage("notifyproof.announce.mail.footer", null, Locale.ENGLISH);
        mailing.execute(() -> {
            try {
                administrators.tell(viewer.actor(), tenantId,
                        java.util.Set.of(Permissions.NOTIFY_MANAGE, Permissions.USERS_MANAGE), subject, body);
            } catch (RuntimeException e) {
                // the change is saved and logged; the class only, a message could name an address
                org.slf4j.LoggerFactory.getLogger(DestinationAdministration.class)
                        .warn("Administrators not told of a destination change ({})", e.getClass().getSimpleName());
            }
        });
    }

    private String codeHash(UUID tenantId, UUID id, String code) {
        return vault.forTenant(tenantId).index("notification-code:" + id + ":" + code);
    }

    private static void checkWith(Channel channel, Destination destination) {
        try {
            channel.check(destination);
        } catch (InvalidDestination e) {
            throw new NotifyRefusal("notify.error.invalid", e.getMessage());
        }
    }

    private static String name(String value) {
        String name = FormInput.line(value, FormInput.MAX_NAME, "name");
        if (name.isEmpty()) {
            throw new NotifyRefusal("notify.error.name");
        }
        return name;
    }

    /** FULL sends callers' words unmasked: only someone who may read them may choose it (S8). */
    private DataLevel level(Viewer viewer, UUID tenantId, String value) {
        DataLevel level = value == null || value.isBlank() ? DataLevel.SUMMARY
                : FormInput.choice(DataLevel.class, value, "level");
        if (level == DataLevel.FULL && !viewer.may(Permissions.TRANSCRIPTS_UNREDACTED, tenantId)) {
            audit.record(event(viewer, tenantId, "notify.destination.level-full", "tenant:" + tenantId, AuditEvent.DENIED));
            throw new NotifyRefusal("notify.error.full-needs-permission");
        }
        return level;
    }

    void check(Viewer viewer, UUID tenantId, String action, String target) {
        if (!viewer.may(Permissions.NOTIFY_MANAGE, tenantId)) {
            audit.record(event(viewer, tenantId, action, target, AuditEvent.DENIED));
            throw new NotifyRefusal.NotFound();
        }
    }

    private NotifyRefusal.NotFound notFound(Viewer viewer, UUID tenantId, String action, UUID id) {
        audit.record(event(viewer, tenantId, action, target(id), AuditEvent.NOT_FOUND));
        return new NotifyRefusal.NotFound();
    }

    static AuditEvent event(Viewer viewer, UUID tenantId, String action, String target, String result) {
        return new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result);
    }

    static String target(UUID id) {
        return "notification-destination:" + id;
    }
}
