package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who may send us calls and registrations, and how long their sessions live: the trunks calls come in on, the
 * registrar staff phones register with, and RFC 4028 session timers. INVITEs from anywhere else get 403.
 *
 * @param trunks        upstream trunks; none by default, so nothing is answered until one is configured
 * @param registrar     digest authentication and binding limits for staff phones
 * @param sessionTimers RFC 4028 limits
 */
public record PeerSettings(List<Trunk> trunks, RegistrarPolicy registrar, SessionTimerPolicy sessionTimers) {

    /**
     * How the registrar authenticates staff phones and how long their registrations last.
     *
     * @param realm              digest realm; the stored credentials of every phone are bound to it, so changing it
     *                           means new passwords for all phones
     * @param digestAlgorithms   challenges offered, most preferred first: "SHA-256" and/or "MD5" (RFC 8760). Some
     *                           older softphones stop at the first challenge they do not know; list "MD5" alone for
     *                           them
     * @param minExpires         shorter registrations get 423 Interval Too Brief
     * @param maxExpires         longer registrations are shortened to this
     * @param defaultExpires     for a REGISTER that names no expiry
     * @param nonceLifetime      a nonce older than this gets a new challenge with stale=true
     * @param maxBindingsPerPhone contacts one phone may have registered at once
     * @param sourceFailureLimit failed authentications from one address within {@code failureWindow} before that
     *                           address is refused (403) for the rest of the window
     * @param phoneFailureLimit  failed authentications for one phone within the window before attempts for it are
     *                           refused from every address that does not already hold a registration of it
     * @param failureWindow      how long failures count
     */
    public record RegistrarPolicy(String realm, List<String> digestAlgorithms, Duration minExpires, Duration maxExpires,
                                  Duration defaultExpires, Duration nonceLifetime, int maxBindingsPerPhone,
                                  int sourceFailureLimit, int phoneFailureLimit, Duration failureWindow) {

        private static final Set<String> ALGORITHMS = Set.of("SHA-256", "MD5");

        public RegistrarPolicy {
            if (realm == null || realm.isBlank() || realm.length() > 100 || realm.contains("\"")
                    || realm.contains("\\")) {
                throw new IllegalArgumentException("the registrar realm is 1-100 characters without quotes or "
                        + "backslashes");
            }
            digestAlgorithms = digestAlgorithms.stream().map(a -> a.strip().toUpperCase(Locale.ROOT)).distinct().toList();
            if (digestAlgorithms.isEmpty() || !ALGORITHMS.containsAll(digestAlgorithms)) {
                throw new IllegalArgumentException("digest algorithms are SHA-256 and/or MD5, not " + digestAlgorithms);
            }
            Objects.requireNonNull(minExpires, "minExpires");
            Objects.requireNonNull(maxExpires, "maxExpires");
            Objects.requireNonNull(defaultExpires, "defaultExpires");
            Objects.requireNonNull(nonceLifetime, "nonceLifetime");
            Objects.requireNonNull(failureWindow, "failureWindow");
            if (minExpires.toSeconds() < 1 || maxExpires.compareTo(minExpires) < 0
                    || defaultExpires.compareTo(minExpires) < 0 || defaultExpires.compareTo(maxExpires) > 0) {
                throw new IllegalArgumentException("registration expiry must satisfy 1 s <= minimum <= default <= maximum");
            }
            if (nonceLifetime.toSeconds() < 1 || failureWindow.toSeconds() < 1) {
                throw new IllegalArgumentException("nonce lifetime and failure window must be at least a second");
            }
            if (maxBindingsPerPhone < 1 || sourceFailureLimit < 1 || phoneFailureLimit < 1) {
                throw new IllegalArgumentException("binding and failure limits must be at least 1");
            }
        }

        public static RegistrarPolicy defaults() {
            return new RegistrarPolicy("uketsuke", List.of("SHA-256", "MD5"), Duration.ofSeconds(60),
                    Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), 5, 10, 20, Duration.ofMinutes(15));
        }

        public RegistrarPolicy withRealm(String value) {
            return new RegistrarPolicy(value, digestAlgorithms, minExpires, maxExpires, defaultExpires, nonceLifetime,
                    maxBindingsPerPhone, sourceFailureLimit, phoneFailureLimit, failureWindow);
        }

        public RegistrarPolicy withDigestAlgorithms(List<String> value) {
            return new RegistrarPolicy(realm, value, minExpires, maxExpires, defaultExpires, nonceLifetime,
                    maxBindingsPerPhone, sourceFailureLimit, phoneFailureLimit, failureWindow);
        }

        public RegistrarPolicy withExpires(Duration min, Duration byDefault, Duration max) {
            return new RegistrarPolicy(realm, digestAlgorithms, min, max, byDefault, nonceLifetime,
                    maxBindingsPerPhone, sourceFailureLimit, phoneFailureLimit, failureWindow);
        }

        public RegistrarPolicy withNonceLifetime(Duration value) {
            return new RegistrarPolicy(realm, digestAlgorithms, minExpires, maxExpires, defaultExpires, value,
                    maxBindingsPerPhone, sourceFailureLimit, phoneFailureLimit, failureWindow);
        }

        public RegistrarPolicy withFailureLimits(int perSource, int perPhone, Duration window) {
            return new RegistrarPolicy(realm, digestAlgorithms, minExpires, maxExpires, defaultExpires, nonceLifetime,
                    maxBindingsPerPhone, perSource, perPhone, window);
        }

        public RegistrarPolicy withMaxBindingsPerPhone(int value) {
            return new RegistrarPolicy(realm, digestAlgorithms, minExpires, maxExpires, defaultExpires, nonceLifetime,
                    value, sourceFailureLimit, phoneFailureLimit, failureWindow);
        }
    }

    /**
     * RFC 4028 session timers: a call whose session is not refreshed in time is ended with BYE.
     *
     * @param minimum   our Min-SE: a smaller Session-Expires gets 422 (RFC 4028 asks for at least 90 s on the network;
     *                  tests use less)
     * @param preferred the session interval we ask for when the caller supports timers but names none, and the most
     *                  we accept (a longer one is shortened)
     */
    public record SessionTimerPolicy(Duration minimum, Duration preferred) {
        public SessionTimerPolicy {
            Objects.requireNonNull(minimum, "minimum");
            Objects.requireNonNull(preferred, "preferred");
            if (minimum.toSeconds() < 1 || preferred.compareTo(minimum) < 0) {
                throw new IllegalArgumentException("session timers need 1 s <= minimum <= preferred");
            }
        }

        public static SessionTimerPolicy defaults() {
            return new SessionTimerPolicy(Duration.ofSeconds(90), Duration.ofMinutes(30));
        }
    }

    public PeerSettings {
        trunks = List.copyOf(trunks);
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(sessionTimers, "sessionTimers");
        if (trunks.stream().map(Trunk::name).distinct().count() != trunks.size()) {
            throw new IllegalArgumentException("two trunks have the same name");
        }
    }

    /** No trunks, default registrar and session timers. */
    public static PeerSettings defaults() {
        return new PeerSettings(List.of(), RegistrarPolicy.defaults(), SessionTimerPolicy.defaults());
    }

    public PeerSettings withTrunks(List<Trunk> value) {
        return new PeerSettings(value, registrar, sessionTimers);
    }

    public PeerSettings withRegistrar(RegistrarPolicy value) {
        return new PeerSettings(trunks, value, sessionTimers);
    }

    public PeerSettings withSessionTimers(SessionTimerPolicy value) {
        return new PeerSettings(trunks, registrar, value);
    }
}
