package jp.uketsuke.telephony.internal.registrar;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.uketsuke.telephony.PeerSettings.RegistrarPolicy;
import jp.uketsuke.telephony.PhoneCredentials;
import jp.uketsuke.telephony.PhoneDirectory;
import jp.uketsuke.telephony.Registration;
import jp.uketsuke.telephony.Registrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar for staff phones (RFC 3261 section 10) with digest authentication (RFC 3261 section 22, RFC 7616
 * with qop=auth, RFC 8760 SHA-256): answers REGISTER, keeps the bindings, and checks the credentials a staff phone
 * puts on an INVITE. Nothing here logs a password, a digest or a nonce.
 */
public final class Registrar implements Registrations {

    /** What an authentication attempt amounts to. */
    public sealed interface Verdict {
        /** The phone proved its password on this request. */
        record Authenticated(PhoneCredentials phone) implements Verdict {
        }

        /** Not (yet) authenticated: send this response (401/407 challenge, 400 or 403). */
        record Refused(Response response) implements Verdict {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final RegistrarPolicy policy;
    private final PhoneDirectory directory;
    private final Clock clock;
    private final Nonces nonces;
    private final Bindings bindings;
    private final AuthenticationThrottle throttle;
    private final AtomicLong failures = new AtomicLong();
    private final List<DigestAlgorithm> offered;
    private volatile MessageFactory messages;
    private volatile HeaderFactory headers;
    private volatile AddressFactory addresses;

    public Registrar(RegistrarPolicy policy, PhoneDirectory directory, Clock clock, Consumer<InetAddress> failureHook) {
        this.policy = policy;
        this.directory = directory;
        this.clock = clock;
        this.nonces = new Nonces(clock, policy.nonceLifetime());
        this.bindings = new Bindings(clock, policy.maxBindingsPerPhone());
        this.throttle = new AuthenticationThrottle(clock, policy.failureWindow(), policy.sourceFailureLimit(),
                policy.phoneFailureLimit(), failureHook);
        this.offered = policy.digestAlgorithms().stream().map(a -> DigestAlgorithm.of(a).orElseThrow()).toList();
    }

    public void attach(MessageFactory messageFactory, HeaderFactory headerFactory, AddressFactory addressFactory) {
        this.messages = messageFactory;
        this.headers = headerFactory;
        this.addresses = addressFactory;
    }

    /** Answers one REGISTER: challenge, refusal, or the phone's bindings after applying it. */
    public void onRegister(ServerTransaction transaction, Request request, InetSocketAddress source, String transport)
            throws ParseException, SipException, InvalidArgumentException {
        Verdict verdict = authenticate(request, source.getAddress(), false);
        if (verdict instanceof Verdict.Refused refused) {
            transaction.sendResponse(refused.response());
            return;
        }
        PhoneCredentials phone = ((Verdict.Authenticated) verdict).phone();
        transaction.sendResponse(register(request, phone, source, transport));
    }

    /** Checks the Proxy-Authorization of an INVITE from a staff phone (407 challenges). */
    public Verdict authenticateInvite(Request request, InetAddress source) throws ParseException {
        return authenticate(request, source, true);
    }

    /** Whether some staff phone is registered from {@code address}: an INVITE from there is challenged, not refused. */
    public boolean anyPhoneFrom(InetAddress address) {
        return bindings.anyFrom(address);
    }

    /**
     * Whether some staff phone registered over this very TCP or TLS connection (RFC 5626 calls it a flow): what
     * arrives on it is that phone's, even when the address is also a trunk's.
     */
    public boolean anyPhoneOnConnection(InetSocketAddress source, String transport) {
        return !"UDP".equals(transport) && bindings.anyOnConnection(source, transport);
    }

    @Override
    public List<Registration> contacts(String tenant, String extension) {
        return bindings.matching(r -> r.tenant().equals(tenant) && r.extension().equals(extension));
    }

    @Override
    public List<Registration> ofTenant(String tenant) {
        return bindings.matching(r -> r.tenant().equals(tenant));
    }

    @Override
    public void forget(String username) {
        bindings.forget(username);
    }

    public long failures() {
        return failures.get();
    }

    public long liveBindings() {
        return bindings.live();
    }

    /** Periodic clean-up of expired bindings and nonce counts. */
    public void sweep() {
        bindings.sweep();
        nonces.forgetExpired();
    }

    private Response register(Request request, PhoneCredentials phone, InetSocketAddress source, String transport)
            throws ParseException, InvalidArgumentException {
        URI aor = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(aor instanceof SipURI sip) || !phone.username().equals(sip.getUser())) {
            // a phone registers its own address of record only, never another phone's
            return status(request, Response.FORBIDDEN, "Not your address of record");
        }
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        List<Bindings.Change> changes = new ArrayList<>();
        boolean removeAll = false;
        int contactCount = 0;
        ListIterator<Header> contacts = request.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            contactCount++;
            if (contact.isWildCard() || contact.getAddress() == null || contact.getAddress().isWildcard()) {
                removeAll = true;
                continue;
            }
            long seconds = requestedSeconds(contact.getParameter("expires"), expiresHeader);
            if (seconds < 0) {
                return status(request, Response.BAD_REQUEST, "Bad expires");
            }
            if (seconds > 0 && seconds < policy.minExpires().toSeconds()) {
                Response tooBrief = status(request, Response.INTERVAL_TOO_BRIEF, null);
                tooBrief.addHeader(headers.createMinExpiresHeader((int) policy.minExpires().toSeconds()));
                return tooBrief;
            }
            seconds = Math.min(seconds, policy.maxExpires().toSeconds());
            URI uri = contact.getAddress().getURI();
            if (!(uri instanceof SipURI contactUri)) {
                return status(request, Response.BAD_REQUEST, "Contact must be a SIP URI");
            }
            changes.add(new Bindings.Change(key(contactUri), contactUri.toString(), seconds));
        }
        if (removeAll && (contactCount != 1 || expiresHeader == null || expiresHeader.getExpires() != 0)) {
            // RFC 3261 section 10.3 step 6: "*" only alone and only with Expires: 0
            return status(request, Response.BAD_REQUEST, "Wildcard contact needs Expires: 0");
        }
        List<Bindings.Binding> current;
        if (changes.isEmpty() && !removeAll) {
            current = bindings.of(phone.username());
        } else {
            String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
            long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Bindings.Outcome outcome = bindings.apply(phone, changes, removeAll, callId, cseq, source, transport);
            if (outcome instanceof Bindings.Outcome.Refused refused) {
                return status(request, refused.status(), refused.reason());
            }
            current = ((Bindings.Outcome.Applied) outcome).current();
            log.debug("phone {} of tenant {}: {} contact(s) registered", phone.extension(), phone.tenant(),
                    current.size());
        }
        Response ok = messages.createResponse(Response.OK, request);
        Instant now = clock.instant();
        for (Bindings.Binding binding : current) {
            Address address = addresses.createAddress(binding.registration().contact());
            ContactHeader header = headers.createContactHeader(address);
            header.setExpires((int) Math.max(0, Duration.between(now, binding.registration().expiresAt()).toSeconds()));
            ok.addHeader(header);
        }
        Calendar date = Calendar.getInstance(TimeZone.getTimeZone("GMT"), Locale.ROOT);
        date.setTimeInMillis(clock.millis());
        ok.addHeader(headers.createDateHeader(date));
        return ok;
    }

    /** Seconds asked for: the contact's expires parameter, else the Expires header, else the default; -1: garbage. */
    private long requestedSeconds(String contactExpires, ExpiresHeader expiresHeader) {
        if (contactExpires != null) {
            String digits = contactExpires.strip();
            if (!digits.matches("\\d{1,20}")) {
                return -1;
            }
            // anything beyond a day's worth of digits is clamped anyway: read it without overflowing
            return digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
        }
        if (expiresHeader != null) {
            int seconds = expiresHeader.getExpires();
            return seconds < 0 ? Integer.toUnsignedLong(seconds) : seconds;
        }
        return policy.defaultExpires().toSeconds();
    }

    /** Contacts are the same binding when scheme, user, host (any case), port and transport agree. */
    private static String key(SipURI uri) {
        String transport = uri.getTransportParam();
        return (uri.isSecure() ? "sips:" : "sip:") + (uri.getUser() == null ? "" : uri.getUser()) + "@"
                + uri.getHost().toLowerCase(Locale.ROOT) + ":" + uri.getPort() + ";"
                + (transport == null ? "" : transport.toLowerCase(Locale.ROOT));
    }

    private Verdict authenticate(Request request, InetAddress source, boolean proxy) throws ParseException {
        if (throttle.sourceBlocked(source)) {
            failures.incrementAndGet();
            return refuse(request, Response.FORBIDDEN, "Too many failed attempts");
        }
        List<AuthorizationHeader> credentials = new ArrayList<>();
        ListIterator<Header> found = request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        while (found.hasNext()) {
            if (found.next() instanceof AuthorizationHeader header && "Digest".equalsIgnoreCase(header.getScheme())) {
                credentials.add(header);
            }
        }
        if (credentials.isEmpty()) {
            return challenge(request, proxy, false);
        }
        Optional<Offered> chosen = choose(credentials);
        if (chosen.isEmpty()) {
            // credentials for another realm or an algorithm we did not offer
            fail(source, null);
            return challenge(request, proxy, false);
        }
        AuthorizationHeader header = chosen.get().header();
        DigestAlgorithm algorithm = chosen.get().algorithm();
        String username = header.getUsername();
        String nonce = header.getNonce();
        String digestUri = header.getParameter("uri");
        String response = header.getResponse();
        String qop = header.getQop();
        String nonceCount = header.getParameter("nc");
        String cnonce = header.getCNonce();
        if (username == null || username.isEmpty() || nonce == null || digestUri == null || response == null
                || cnonce == null || nonceCount == null || !nonceCount.matches("[0-9A-Fa-f]{8}")) {
            fail(source, null);
            return refuse(request, Response.BAD_REQUEST, "Incomplete credentials");
        }
        if (qop == null || !"auth".equalsIgnoreCase(qop.strip())) {
            // without qop there is no nonce count, hence no replay protection: we offered qop=auth only
            fail(source, null);
            return challenge(request, proxy, false);
        }
        if (!isSipUri(digestUri)) {
            fail(source, null);
            return refuse(request, Response.BAD_REQUEST, "Bad digest URI");
        }
        Optional<PhoneCredentials> phone = directory.find(username);
        if (phone.isEmpty() || !phone.get().realm().equals(policy.realm())) {
            if (phone.isPresent()) {
                log.warn("phone {} of tenant {} has credentials for another realm: it needs a new password",
                        phone.get().extension(), phone.get().tenant());
            }
            fail(source, null);
            return challenge(request, proxy, false);
        }
        if (throttle.phoneBlocked(username) && !bindings.phoneFrom(username, source)) {
            failures.incrementAndGet();
            return refuse(request, Response.FORBIDDEN, "Too many failed attempts");
        }
        String expected = algorithm.response(algorithm.ha1Of(phone.get()), nonce, nonceCount, cnonce,
                request.getMethod(), digestUri);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            fail(source, username);
            return challenge(request, proxy, false);
        }
        switch (nonces.use(nonce, nonceCount)) {
            case FRESH -> {
                throttle.succeeded(username);
                return new Verdict.Authenticated(phone.get());
            }
            case STALE, FOREIGN -> {
                // the password was right, only the nonce is old (or from before a restart): ask again, stale=true
                return challenge(request, proxy, true);
            }
            default -> {
                fail(source, username);
                return challenge(request, proxy, false);
            }
        }
    }

    private record Offered(AuthorizationHeader header, DigestAlgorithm algorithm) {
    }

    /** The credentials for our realm in the most preferred algorithm we offered. */
    private Optional<Offered> choose(List<AuthorizationHeader> credentials) {
        for (DigestAlgorithm algorithm : offered) {
            for (AuthorizationHeader header : credentials) {
                if (policy.realm().equals(header.getRealm())
                        && DigestAlgorithm.of(header.getAlgorithm()).filter(algorithm::equals).isPresent()) {
                    return Optional.of(new Offered(header, algorithm));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The digest URI must be a SIP URI, but need not equal the Request-URI: phones (and SIPp) write the registrar's
     * or proxy's address there rather than the callee's. The nonce count already makes every response single-use.
     */
    private boolean isSipUri(String digestUri) {
        try {
            return addresses.createURI(digestUri) instanceof SipURI;
        } catch (ParseException | RuntimeException unparseable) {
            return false;
        }
    }

    private void fail(InetAddress source, String knownUsername) {
        failures.incrementAndGet();
        throttle.failed(source, knownUsername);
    }

    private Verdict challenge(Request request, boolean proxy, boolean stale) throws ParseException {
        Response response = messages.createResponse(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED
                : Response.UNAUTHORIZED, request);
        String nonce = nonces.issue();
        for (DigestAlgorithm algorithm : offered) {
            // one challenge per algorithm, most preferred first (RFC 8760 section 2.4), sharing one nonce
            String value = "Digest realm=\"" + policy.realm() + "\", nonce=\"" + nonce + "\", algorithm="
                    + algorithm.token() + ", qop=\"auth\"" + (stale ? ", stale=true" : "");
            response.addHeader(headers.createHeader(proxy ? "Proxy-Authenticate" : WWWAuthenticateHeader.NAME, value));
        }
        return new Verdict.Refused(response);
    }

    private Verdict refuse(Request request, int status, String reason) throws ParseException {
        return new Verdict.Refused(status(request, status, reason));
    }

    private Response status(Request request, int status, String reason) throws ParseException {
        Response response = messages.createResponse(status, request);
        if (reason != null) {
            response.setReasonPhrase(reason);
        }
        return response;
    }
}
