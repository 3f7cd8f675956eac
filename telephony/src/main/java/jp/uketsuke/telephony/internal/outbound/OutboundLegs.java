package jp.uketsuke.telephony.internal.outbound;

import gov.nist.javax.sip.ResponseEventExt;
import gov.nist.javax.sip.header.HeaderFactoryExt;
import gov.nist.javax.sip.stack.HopImpl;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.DialOutcome;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.OutboundLegMetrics;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import jp.uketsuke.telephony.internal.call.CallControl;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;
import jp.uketsuke.telephony.internal.rtp.RtpPortPool;
import jp.uketsuke.telephony.internal.rtp.RtpSession;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user agent client for outbound legs: sends the INVITE with our offer, answers a trunk's digest challenge
 * once, cancels what rings too long, acknowledges the answer and turns it into a call with media, and ends it with
 * BYE from either side. An answer we cannot use (no SDP, none of our codecs, no SRTP where it is required) is
 * acknowledged and hung up at once. A leg whose signalling is TLS offers SRTP (SDES) unless the calling call's media
 * security is OFF; SDES keys never go over clear signalling. A staff phone registered over TLS is reached over the
 * connection it registered on (its flow, RFC 5626), for the whole dialog.
 * Nothing about who is called is logged: legs are named by our own id.
 */
public final class OutboundLegs {

    /** Addresses and limits from the server's settings; {@code tlsPort} 0 without SIP over TLS. */
    public record Config(String advertisedAddress, int port, int tlsPort, Duration rtpTimeout) {
    }

    /**
     * Gives an answered leg its own call control (REFER on its dialog, further legs, bridging): requests in the dialog
     * over {@code flow} when not null, further legs under the same media {@code security}.
     */
    @FunctionalInterface
    public interface Controls {
        CallControl forDialog(Supplier<Dialog> dialog, Hop flow, MediaSecurity security);
    }

    private static final Logger log = LoggerFactory.getLogger(OutboundLegs.class);
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";
    /** A challenge, and a second one only when the first nonce had merely gone stale. */
    private static final int MAX_AUTH_ATTEMPTS = 2;
    /**
     * How long a leg we gave up on may wait for its final response (64 * T1, RFC 3261 Timer B): the stack has no
     * Timer C, and a callee that rang and went silent must not hold the leg and its RTP port for ever.
     */
    private static final Duration GIVE_UP_GRACE = Duration.ofSeconds(32);

    private final Config config;
    private final RtpPortPool ports;
    private final MediaClock clock;
    private final MediaCounters counters;
    private final ScheduledExecutorService timers;
    private final Controls controls;
    /** By SIP Call-ID, which we chose. */
    private final Map<String, Dialing> legs = new ConcurrentHashMap<>();
    /** Answered legs by our own call id. */
    private final Map<String, Dialing> answered = new ConcurrentHashMap<>();
    /** Counted by each {@link Dialing} as it starts and as it is settled. */
    final LegCounters legCounters = new LegCounters();
    private volatile SipProvider provider;
    private volatile MessageFactory messages;
    private volatile HeaderFactory headers;
    private volatile AddressFactory addresses;

    public OutboundLegs(Config config, RtpPortPool ports, MediaClock clock, MediaCounters counters,
                        ScheduledExecutorService timers, Controls controls) {
        this.config = config;
        this.ports = ports;
        this.clock = clock;
        this.counters = counters;
        this.timers = timers;
        this.controls = controls;
    }

    public void attach(SipProvider sipProvider, MessageFactory messageFactory, HeaderFactory headerFactory,
                       AddressFactory addressFactory) {
        this.messages = messageFactory;
        this.headers = headerFactory;
        this.addresses = addressFactory;
        this.provider = sipProvider;
    }

    /**
     * Starts an outbound leg; returns at once, its outcome comes through {@link OutboundLeg#await}.
     *
     * @param security the media security of the call it is placed for: SRTP offered over TLS unless OFF, and with
     *                 REQUIRED the leg must be over TLS and its answer must take SRTP
     */
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout, MediaSecurity security) {
        if (destination == null || callerId == null || ringTimeout == null || ringTimeout.isNegative()
                || ringTimeout.isZero() || security == null) {
            throw new IllegalArgumentException("a leg needs a destination, a caller-id and a positive ring timeout");
        }
        if (provider == null) {
            throw new IllegalStateException("the SIP server is not started");
        }
        if (destination instanceof Destination.ViaTrunk trunk) {
            // a carrier that must carry SRTP gets it whatever the call's own policy
            security = security.atLeast(trunk.mediaSecurity());
        }
        String id = UUID.randomUUID().toString();
        Target target;
        try {
            target = target(destination);
        } catch (ParseException | IllegalArgumentException e) {
            return failed(id, "unusable destination: " + e.getMessage());
        }
        boolean overTls = target.transport().equals("TLS");
        if (overTls && config.tlsPort() == 0) {
            return failed(id, "SIP over TLS is off");
        }
        if (security == MediaSecurity.REQUIRED && !overTls) {
            // SDES keys must not cross clear signalling, and plain RTP is what REQUIRED refuses
            return failed(id, "SRTP required but the destination is not reached over TLS");
        }
        DatagramChannel channel = ports.open();
        if (channel == null) {
            return failed(id, "no free RTP port");
        }
        int rtpPort;
        try {
            rtpPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            closeQuietly(channel);
            return failed(id, "RTP port unusable");
        }
        CallIdHeader sipCallId = provider.getNewCallId();
        LegSdp.OfferedKeys keys = overTls && security != MediaSecurity.OFF ? LegSdp.OfferedKeys.fresh() : null;
        String sdp = LegSdp.offer(config.advertisedAddress(), rtpPort,
                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), keys);
        Dialing leg = new Dialing(this, id, sipCallId.getCallId(), callerId, target.calledUser(), target.transport(),
                target.credentials(), channel, rtpPort, sdp, keys, security, target.flow());
        try {
            Request invite = invite(target, callerId, sipCallId, sdp);
            synchronized (leg) {
                leg.inviteRequest = invite;
                leg.invite = provider.getNewClientTransaction(invite);
                legs.put(leg.sipCallId, leg);
                leg.ringTimer = timers.schedule(() -> giveUp(leg, new DialOutcome.NoAnswer()), ringTimeout.toMillis(),
                        TimeUnit.MILLISECONDS);
                leg.invite.sendRequest();
            }
            log.debug("leg {}: INVITE sent over {}", id, target.transport());
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            log.warn("leg {}: INVITE could not be sent: {}", id, e.getClass().getName());
            synchronized (leg) {
                leg.state = Dialing.State.ENDED;
            }
            finish(leg);
            leg.decide(new DialOutcome.Failed("INVITE could not be sent"));
        }
        return leg;
    }

    /** Legs started, settled and answered now, and their media, for metrics. */
    public OutboundLegMetrics metrics() {
        return legCounters.snapshot(answered.size(), counters);
    }

    /** Ends every leg (BYE or CANCEL); used on shutdown. */
    public void endAll() {
        for (Dialing leg : legs.values()) {
            try {
                giveUp(leg, new DialOutcome.Cancelled());
            } catch (RuntimeException e) {
                log.warn("leg {}: could not end cleanly on shutdown: {}", leg.id, e.getClass().getName());
            }
        }
    }

    /** Stops a leg: CANCEL while it rings (now or with its first provisional response), BYE when answered. */
    void giveUp(Dialing leg, DialOutcome outcome) {
        ActiveCall call = null;
        synchronized (leg) {
            switch (leg.state) {
                case CALLING -> {
                    leg.state = Dialing.State.GIVING_UP;
                    leg.cancelPending = true;
                }
                case PROCEEDING -> {
                    leg.state = Dialing.State.GIVING_UP;
                    sendCancel(leg);
                }
                case ANSWERED -> {
                    if (!(outcome instanceof DialOutcome.Cancelled)) {
                        return; // the ring timer firing after the answer
                    }
                    call = leg.call;
                }
                default -> {
                    return;
                }
            }
        }
        if (call != null) {
            call.hangup();
            return;
        }
        log.debug("leg {}: given up ({})", leg.id, outcome.getClass().getSimpleName());
        leg.decide(outcome);
        timers.schedule(() -> endUnanswered(leg, outcome), GIVE_UP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Responses to our INVITEs, BYEs and CANCELs; false when the response is not for one of our legs. */
    public boolean onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        Dialing leg = legs.get(callId(response));
        if (leg == null) {
            return false;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !Request.INVITE.equals(cseq.getMethod())) {
            return true; // BYE and CANCEL: the transaction layer is all they need
        }
        try {
            onInviteResponse(leg, event, cseq.getSeqNumber());
        } catch (Exception | LinkageError e) {
            log.warn("leg {}: response {} could not be handled: {}", leg.id, response.getStatusCode(),
                    e.getClass().getName());
            endUnanswered(leg, new DialOutcome.Failed("response could not be handled"));
        }
        return true;
    }

    private void onInviteResponse(Dialing leg, ResponseEvent event, long seq) throws Exception {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            synchronized (leg) {
                if (leg.state == Dialing.State.CALLING) {
                    leg.state = Dialing.State.PROCEEDING;
                } else if (leg.state == Dialing.State.GIVING_UP && leg.cancelPending) {
                    leg.cancelPending = false;
                    sendCancel(leg);
                }
            }
            return;
        }
        if (status < 300) {
            answered(leg, event, seq);
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && retryWithCredentials(leg, response)) {
            return;
        }
        synchronized (leg) {
            if (leg.state == Dialing.State.ANSWERED || leg.state == Dialing.State.ENDED) {
                return; // another fork's failure after the answer, or a retransmission
            }
        }
        log.debug("leg {}: refused with {}", leg.id, status);
        String reason = response.getReasonPhrase() == null ? "" : response.getReasonPhrase();
        endUnanswered(leg, new DialOutcome.Rejected(status, reason.length() > 64 ? reason.substring(0, 64) : reason));
    }

    /** A 2xx: acknowledge it, then either start the leg's media or, when unusable or unwanted, hang up. */
    private void answered(Dialing leg, ResponseEvent event, long seq) throws Exception {
        Dialog dialog = event.getDialog() != null ? event.getDialog()
                : event.getClientTransaction() != null ? event.getClientTransaction().getDialog() : null;
        if (dialog == null) {
            log.warn("leg {}: 2xx without a dialog", leg.id);
            endUnanswered(leg, new DialOutcome.Failed("answer could not be acknowledged"));
            return;
        }
        ActiveCall call;
        synchronized (leg) {
            if (leg.state == Dialing.State.ANSWERED) {
                if (dialog != leg.dialog) {
                    // a second fork answered too: it gets its ACK and a BYE
                    acknowledge(leg, dialog, seq);
                    bye(leg, dialog);
                }
                return; // the stack re-acknowledges a retransmitted 2xx of our dialog itself
            }
            acknowledge(leg, dialog, seq);
            if (leg.state != Dialing.State.CALLING && leg.state != Dialing.State.PROCEEDING) {
                // we had given up when the answer crossed our CANCEL
                bye(leg, dialog);
                leg.state = Dialing.State.ENDED;
                finish(leg);
                return;
            }
            Optional<NegotiatedMedia> media = sdpOf(event.getResponse())
                    .flatMap(answer -> LegSdp.accept(answer, leg.keys, leg.security));
            if (media.isEmpty()) {
                log.info("leg {}: answer without usable media (or without SRTP where required), hanging up", leg.id);
                bye(leg, dialog);
                leg.state = Dialing.State.ENDED;
                finish(leg);
                leg.decide(new DialOutcome.Failed("answer without usable media"));
                return;
            }
            NegotiatedMedia chosen = media.get();
            SrtpStreams srtp = null;
            if (chosen.encrypted()) {
                SrtpMasterKey ours = leg.keys.take(chosen.callerCrypto().tag(), chosen.callerCrypto().key().suite())
                        .orElseThrow();
                srtp = SrtpStreams.of(chosen.callerCrypto().key(), ours);
                leg.encrypted = true;
            }
            if (leg.keys != null) {
                leg.keys.close(); // the keys of the suites not chosen
            }
            RtpSession rtp;
            try {
                rtp = new RtpSession(leg.id, leg.channel, ports, counters, chosen.remote(), chosen.payloadType(),
                        chosen.eventPayloadType(), srtp);
            } catch (IOException e) {
                if (srtp != null) {
                    srtp.close();
                }
                bye(leg, dialog);
                leg.state = Dialing.State.ENDED;
                finish(leg);
                leg.decide(new DialOutcome.Failed("RTP port unusable"));
                return;
            }
            leg.portHandedOver = true;
            // no origin: nobody called in, we placed this leg
            call = new ActiveCall(new CallRequest(leg.id, leg.calledUser, leg.callerId.number(), remote(event),
                    leg.transport, null), AudioCodecs.create(chosen.codec()).orElseThrow(), rtp, clock, config.rtpTimeout(),
                    this::legEnded);
            call.control(controls.forDialog(() -> leg.dialog, leg.flow, leg.security));
            leg.call = call;
            leg.dialog = dialog;
            leg.state = Dialing.State.ANSWERED;
            if (leg.ringTimer != null) {
                leg.ringTimer.cancel(false);
            }
            answered.put(leg.id, leg);
        }
        call.startMedia();
        log.debug("leg {} answered: codec {}, {}", leg.id, call.codec(), leg.encrypted ? "SRTP" : "RTP");
        leg.decide(new DialOutcome.Answered(call));
    }

    /** Sends the INVITE again with our digest answer; false when we cannot or should not (credentials failed). */
    private boolean retryWithCredentials(Dialing leg, Response response) throws Exception {
        if (leg.credentials == null) {
            return false;
        }
        Optional<DigestClient.Challenge> challenge = DigestClient.choose(response);
        if (challenge.isEmpty()) {
            log.info("leg {}: challenge with no digest algorithm we support", leg.id);
            return false;
        }
        synchronized (leg) {
            if (leg.state != Dialing.State.CALLING && leg.state != Dialing.State.PROCEEDING) {
                return false;
            }
            if (leg.authAttempts >= MAX_AUTH_ATTEMPTS || leg.authAttempts > 0 && !challenge.get().stale()) {
                log.info("leg {}: credentials refused", leg.id);
                return false;
            }
            leg.authAttempts++;
            Request retry = (Request) leg.inviteRequest.clone();
            ((ViaHeader) retry.getHeader(ViaHeader.NAME)).removeParameter("branch");
            CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            retry.removeHeader(javax.sip.header.AuthorizationHeader.NAME);
            retry.removeHeader(javax.sip.header.ProxyAuthorizationHeader.NAME);
            retry.addHeader(DigestClient.answer(headers, challenge.get(), leg.credentials, Request.INVITE,
                    retry.getRequestURI(), 1));
            leg.inviteRequest = retry;
            leg.invite = provider.getNewClientTransaction(retry);
            leg.state = Dialing.State.CALLING;
            leg.invite.sendRequest();
        }
        log.debug("leg {}: INVITE sent again with {} credentials", leg.id, challenge.get().algorithm().token());
        return true;
    }

    /** Our INVITE got no final response: the callee is unreachable. */
    public boolean onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null) {
            return false;
        }
        Request request = event.getClientTransaction().getRequest();
        Dialing leg = legs.get(callId(request));
        if (leg == null) {
            return false;
        }
        if (Request.INVITE.equals(request.getMethod())) {
            synchronized (leg) {
                if (leg.invite != event.getClientTransaction() || leg.state == Dialing.State.ANSWERED) {
                    return true;
                }
            }
            log.info("leg {}: no response to INVITE", leg.id);
            endUnanswered(leg, new DialOutcome.Failed("no response"));
        }
        return true;
    }

    /**
     * In-dialog requests of our legs: the callee's BYE, a re-INVITE or UPDATE (answered with our unchanged media),
     * the ACK of those. False when the request is not for one of our legs.
     */
    public boolean handles(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        Dialing leg = legs.get(callId(request));
        if (leg == null) {
            return false;
        }
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return true;
        }
        if (!Request.BYE.equals(method) && !Request.INVITE.equals(method) && !Request.UPDATE.equals(method)) {
            return false;
        }
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return true;
        }
        ActiveCall call;
        synchronized (leg) {
            call = leg.state == Dialing.State.ANSWERED ? leg.call : null;
        }
        if (call == null || !call.isActive()) {
            transaction.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return true;
        }
        Response ok = messages.createResponse(Response.OK, request);
        if (Request.BYE.equals(method)) {
            transaction.sendResponse(ok);
            call.end("callee hung up", false);
            return true;
        }
        byte[] body = request.getRawContent();
        if (leg.keys != null && !"TLS".equals(transportOf(transaction))
                && (Request.INVITE.equals(method) || body != null && body.length > 0)) {
            // our answer repeats the SDP that holds our SRTP key, so far sent over TLS only
            transaction.sendResponse(messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
            return true;
        }
        ok.addHeader(contact(leg.transport));
        ok.addHeader(headers.createAllowHeader(ALLOW));
        if (Request.INVITE.equals(method) || body != null && body.length > 0) {
            // media stays as negotiated (RFC 3264 section 8): the answer repeats our SDP
            ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
        }
        transaction.sendResponse(ok);
        return true;
    }

    /** Called once when an answered leg's call ends, however. */
    private void legEnded(ActiveCall call, boolean byeNeeded) {
        Dialing leg = answered.remove(call.request().callId());
        if (leg == null) {
            return;
        }
        legs.remove(leg.sipCallId, leg);
        Dialog dialog;
        synchronized (leg) {
            leg.state = Dialing.State.ENDED;
            dialog = leg.dialog;
        }
        if (byeNeeded) {
            bye(leg, dialog);
        }
        log.debug("leg {} ended", leg.id);
    }

    /** A leg that ends without ever being answered: forget it, return its port, settle the outcome. */
    private void endUnanswered(Dialing leg, DialOutcome outcome) {
        synchronized (leg) {
            if (leg.state == Dialing.State.ANSWERED || leg.state == Dialing.State.ENDED) {
                return;
            }
            leg.state = Dialing.State.ENDED;
        }
        finish(leg);
        leg.decide(outcome);
    }

    private void finish(Dialing leg) {
        legs.remove(leg.sipCallId, leg);
        if (leg.keys != null) {
            leg.keys.close();
        }
        synchronized (leg) {
            if (leg.ringTimer != null) {
                leg.ringTimer.cancel(false);
            }
            if (!leg.portHandedOver) {
                leg.portHandedOver = true;
                closeQuietly(leg.channel);
                ports.release(leg.rtpPort);
            }
        }
    }

    private OutboundLeg failed(String id, String reason) {
        log.info("leg {}: not placed: {}", id, reason);
        Dialing leg = new Dialing(this, id, "", null, "", "UDP", null, null, 0, "", null, MediaSecurity.OFF, null);
        leg.state = Dialing.State.ENDED;
        leg.decide(new DialOutcome.Failed(reason));
        return leg;
    }

    /**
     * Where the INVITE goes, as what transport, and with which credentials; {@code flow}: the TLS connection a
     * phone registered over, which the whole dialog uses (null when the contact is called directly).
     */
    private record Target(SipURI requestUri, String transport, String calledUser, Address route, boolean trunk,
                          DigestClient.Credentials credentials, Hop flow) {
    }

    private Target target(Destination destination) throws ParseException {
        return switch (destination) {
            case Destination.Contact contact -> {
                URI parsed = addresses.createURI(contact.uri());
                if (!(parsed instanceof SipURI uri) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not a sip: URI with a host");
                }
                String transport = uri.isSecure() ? "TLS" : transportOf(uri.getTransportParam());
                if (transport.equals("TLS") && config.tlsPort() == 0) {
                    throw new IllegalArgumentException("a TLS contact needs SIP over TLS");
                }
                Address route = null;
                Hop flow = null;
                if (contact.via() != null) {
                    SipURI next = addresses.createSipURI(null, contact.via().getAddress().getHostAddress());
                    next.setPort(contact.via().getPort());
                    next.setLrParam();
                    if (!transport.equals("UDP")) {
                        next.setTransportParam(transport.toLowerCase(Locale.ROOT));
                    }
                    route = addresses.createAddress(next);
                    if (transport.equals("TLS")) {
                        flow = new HopImpl(contact.via().getAddress().getHostAddress(), contact.via().getPort(), "TLS");
                    }
                }
                yield new Target(uri, transport, uri.getUser() == null ? "" : uri.getUser(), route, false, null, flow);
            }
            case Destination.ViaTrunk trunk -> {
                SipURI uri = addresses.createSipURI(trunk.number(), trunk.host());
                uri.setPort(trunk.port());
                if (!trunk.transport().equals("UDP")) {
                    // over TLS the stack's network layer checks the trunk's certificate and name (TlsNetworkLayer)
                    uri.setTransportParam(trunk.transport().toLowerCase(Locale.ROOT));
                }
                DigestClient.Credentials credentials = trunk.username() == null ? null
                        : new DigestClient.Credentials(trunk.username(), trunk.password());
                yield new Target(uri, trunk.transport(), trunk.number(), null, true, credentials, null);
            }
        };
    }

    private static String transportOf(String param) {
        String transport = param == null ? "UDP" : param.toUpperCase(Locale.ROOT);
        if (!transport.equals("UDP") && !transport.equals("TCP") && !transport.equals("TLS")) {
            throw new IllegalArgumentException("transport " + transport + " is not supported for outbound legs");
        }
        return transport;
    }

    private Request invite(Target target, CallerId callerId, CallIdHeader callId, String sdp)
            throws ParseException, InvalidArgumentException {
        SipURI fromUri = addresses.createSipURI(callerId.number(), config.advertisedAddress());
        Address from = addresses.createAddress(fromUri);
        if (!callerId.displayName().isEmpty()) {
            from.setDisplayName(callerId.displayName());
        }
        SipURI toUri = (SipURI) target.requestUri().clone();
        toUri.removeParameter("transport");
        Request invite = messages.createRequest(target.requestUri(), Request.INVITE, callId,
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(from, Long.toHexString(ThreadLocalRandom.current().nextLong())),
                headers.createToHeader(addresses.createAddress(toUri), null),
                List.of(headers.createViaHeader(config.advertisedAddress(), portFor(target.transport()),
                        target.transport(), null)),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(contact(target.transport()));
        invite.addHeader(headers.createAllowHeader(ALLOW));
        if (target.route() != null) {
            invite.addHeader(headers.createRouteHeader(target.route()));
        }
        if (target.trunk()) {
            // the carrier shows this number (the tenant's own) to the called party
            SipURI asserted = addresses.createSipURI(callerId.number(), target.requestUri().getHost());
            Address identity = addresses.createAddress(asserted);
            if (!callerId.displayName().isEmpty()) {
                identity.setDisplayName(callerId.displayName());
            }
            invite.addHeader(((HeaderFactoryExt) headers).createPAssertedIdentityHeader(identity));
        }
        invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    private ContactHeader contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI("uketsuke", config.advertisedAddress());
        uri.setPort(portFor(transport));
        if (!transport.equals("UDP")) {
            uri.setTransportParam(transport.toLowerCase(Locale.ROOT));
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** TLS has its own port; UDP and TCP share one. */
    private int portFor(String transport) {
        return transport.equals("TLS") ? config.tlsPort() : config.port();
    }

    /** The ACK of a 2xx; over the phone's flow when there is one (it goes to the phone's Contact otherwise). */
    private void acknowledge(Dialing leg, Dialog dialog, long seq) throws SipException, InvalidArgumentException,
            ParseException {
        Request ack = dialog.createAck(seq);
        if (leg.flow != null) {
            ack.addFirst(flowRoute(leg.flow));
        }
        dialog.sendAck(ack);
    }

    private javax.sip.header.RouteHeader flowRoute(Hop flow) throws ParseException {
        SipURI next = addresses.createSipURI(null, flow.getHost());
        next.setPort(flow.getPort());
        next.setTransportParam("tls");
        next.setLrParam();
        return headers.createRouteHeader(addresses.createAddress(next));
    }

    private void bye(Dialing leg, Dialog dialog) {
        try {
            if (dialog == null || dialog.getState() != DialogState.CONFIRMED) {
                return;
            }
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction transaction = provider.getNewClientTransaction(bye);
            if (leg.flow != null && transaction instanceof SIPClientTransaction client) {
                client.setNextHop(leg.flow);
            }
            dialog.sendRequest(transaction);
            log.debug("leg {}: BYE sent", leg.id);
        } catch (Exception e) {
            log.warn("leg {}: BYE could not be sent: {}", leg.id, e.getClass().getName());
        }
    }

    private static String transportOf(ServerTransaction transaction) {
        return transaction instanceof gov.nist.javax.sip.TransactionExt ext && ext.getTransport() != null
                ? ext.getTransport().toUpperCase(Locale.ROOT) : "UDP";
    }

    private void sendCancel(Dialing leg) {
        try {
            Request cancel = leg.invite.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
            log.debug("leg {}: CANCEL sent", leg.id);
        } catch (Exception e) {
            log.warn("leg {}: CANCEL could not be sent: {}", leg.id, e.getClass().getName());
        }
    }

    private static Optional<String> sdpOf(Response response) {
        byte[] body = response.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME);
        if (body == null || body.length == 0 || type == null || !"application".equalsIgnoreCase(type.getContentType())
                || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return Optional.empty();
        }
        return Optional.of(new String(body, StandardCharsets.UTF_8));
    }

    private static InetSocketAddress remote(ResponseEvent event) {
        if (event instanceof ResponseEventExt ext && ext.getRemoteIpAddress() != null) {
            return new InetSocketAddress(ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        return InetSocketAddress.createUnresolved("0.0.0.0", 0);
    }

    private ServerTransaction serverTransaction(RequestEvent event) {
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction != null) {
            return transaction;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        } catch (SipException e) {
            log.debug("no server transaction for {}: {}", event.getRequest().getMethod(), e.getClass().getName());
            return null;
        }
    }

    private static String callId(Message message) {
        CallIdHeader header = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return header == null ? "" : header.getCallId();
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a UDP channel has nothing to flush
        }
    }
}
