package jp.uketsuke.telephony.internal.registrar;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.uketsuke.telephony.PhoneCredentials;
import jp.uketsuke.telephony.Registration;

/**
 * The registrar's bindings: for each staff phone, the contacts it registered and until when. Kept in memory
 * (registrations are soft state that phones renew); expired ones are never returned and are swept now and then.
 * Changes to one phone's bindings are atomic (RFC 3261 section 10.3: a REGISTER is applied whole or not at all).
 */
final class Bindings {

    /** One registered contact. {@code key} compares contacts (RFC 3261 URI equality, simplified). */
    record Binding(String key, Registration registration, String callId, long cseq) {
    }

    /** One Contact of a REGISTER: where, and for how many seconds (0: remove). */
    record Change(String key, String contact, long seconds) {
    }

    /** The outcome of a REGISTER. */
    sealed interface Outcome {
        /** Applied; the phone's bindings now. */
        record Applied(List<Binding> current) implements Outcome {
        }

        /** Not applied: the request is out of order (same Call-ID, CSeq not higher) or exceeds the limit. */
        record Refused(int status, String reason) implements Outcome {
        }
    }

    private final Map<String, List<Binding>> byUsername = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxPerPhone;

    Bindings(Clock clock, int maxPerPhone) {
        this.clock = clock;
        this.maxPerPhone = maxPerPhone;
    }

    /** Applies a REGISTER's contacts ({@code removeAll} for "Contact: *" with Expires: 0). */
    Outcome apply(PhoneCredentials phone, List<Change> changes, boolean removeAll, String callId, long cseq,
                  InetSocketAddress source, String transport) {
        Outcome[] outcome = new Outcome[1];
        byUsername.compute(phone.username(), (username, existing) -> {
            Instant now = clock.instant();
            List<Binding> live = new ArrayList<>(existing == null ? List.of() : existing);
            live.removeIf(b -> !b.registration().expiresAt().isAfter(now));
            for (Binding binding : live) {
                boolean touched = removeAll || changes.stream().anyMatch(c -> c.key().equals(binding.key()));
                if (touched && binding.callId().equals(callId) && cseq <= binding.cseq()) {
                    outcome[0] = new Outcome.Refused(500, "Out of order REGISTER");
                    return existing;
                }
            }
            if (removeAll) {
                live.clear();
            }
            for (Change change : changes) {
                live.removeIf(b -> b.key().equals(change.key()));
                if (change.seconds() > 0) {
                    live.add(new Binding(change.key(), new Registration(phone.tenant(), phone.extension(), username,
                            change.contact(), source, transport, now.plusSeconds(change.seconds())), callId, cseq));
                }
            }
            if (live.size() > maxPerPhone) {
                outcome[0] = new Outcome.Refused(403, "Too many registrations");
                return existing;
            }
            live.sort(Comparator.comparing((Binding b) -> b.registration().expiresAt()).reversed());
            outcome[0] = new Outcome.Applied(List.copyOf(live));
            return live.isEmpty() ? null : List.copyOf(live);
        });
        return outcome[0];
    }

    /** The phone's live bindings, without changing anything (a REGISTER without Contact). */
    List<Binding> of(String username) {
        Instant now = clock.instant();
        return byUsername.getOrDefault(username, List.of()).stream()
                .filter(b -> b.registration().expiresAt().isAfter(now)).toList();
    }

    List<Registration> matching(java.util.function.Predicate<Registration> which) {
        Instant now = clock.instant();
        return byUsername.values().stream().flatMap(List::stream).map(Binding::registration)
                .filter(r -> r.expiresAt().isAfter(now)).filter(which)
                .sorted(Comparator.comparing(Registration::expiresAt).reversed()).toList();
    }

    /** Whether some phone registered from {@code address} and is still registered. */
    boolean anyFrom(InetAddress address) {
        Instant now = clock.instant();
        return byUsername.values().stream().flatMap(List::stream).map(Binding::registration)
                .anyMatch(r -> r.expiresAt().isAfter(now) && r.source().getAddress().equals(address));
    }

    /** Whether some phone is registered now over the connection from {@code source} with {@code transport}. */
    boolean anyOnConnection(InetSocketAddress source, String transport) {
        Instant now = clock.instant();
        return byUsername.values().stream().flatMap(List::stream).map(Binding::registration)
                .anyMatch(r -> r.expiresAt().isAfter(now) && r.transport().equals(transport)
                        && r.source().equals(source));
    }

    /** Whether the phone is registered from {@code address} now. */
    boolean phoneFrom(String username, InetAddress address) {
        return of(username).stream().anyMatch(b -> b.registration().source().getAddress().equals(address));
    }

    void forget(String username) {
        byUsername.remove(username);
    }

    long live() {
        Instant now = clock.instant();
        return byUsername.values().stream().flatMap(List::stream)
                .filter(b -> b.registration().expiresAt().isAfter(now)).count();
    }

    /** Drops expired bindings, so a phone that vanished costs no memory. */
    void sweep() {
        Instant now = clock.instant();
        for (String username : List.copyOf(byUsername.keySet())) {
            byUsername.computeIfPresent(username, (u, list) -> {
                List<Binding> live = list.stream().filter(b -> b.registration().expiresAt().isAfter(now)).toList();
                return live.isEmpty() ? null : live;
            });
        }
    }
}
