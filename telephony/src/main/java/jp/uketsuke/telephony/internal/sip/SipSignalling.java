package jp.uketsuke.telephony.internal.sip;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.TransactionExt;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.HopImpl;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.uketsuke.telephony.Admission;
import jp.uketsuke.telephony.CallListener;
import jp.uketsuke.telephony.CallOrigin;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.OutboundLegMetrics;
import jp.uketsuke.telephony.OverloadReason;
import jp.uketsuke.telephony.PeerSettings.SessionTimerPolicy;
import jp.uketsuke.telephony.PhoneCredentials;
import jp.uketsuke.telephony.Trunk;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import jp.uketsuke.telephony.internal.codec.AudioCodec;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.guard.SourceGuard;
import jp.uketsuke.telephony.internal.outbound.OutboundLegs;
import jp.uketsuke.telephony.internal.registrar.Registrar;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;
import jp.uketsuke.telephony.internal.rtp.RtpPortPool;
import jp.uketsuke.telephony.internal.rtp.RtpSession;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.OfferAnswer;
import jp.uketsuke.telephony.internal.sdp.OfferBody;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpStreams;
import jp.uketsuke.telephony.internal.transfer.Transfers;
import jp.uketsuke.telephony.internal.trunk.TrunkTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user agent server: answers INVITEs through the application's {@link CallListener}, keeps
 * each call's dialog, and turns SIP events into call state. Every request is handled inside its
 * own try block, so one broken call or message never touches another. INVITEs are taken only from
 * a configured trunk or from a staff phone that proves its password; REGISTER goes to the
 * {@link Registrar}; RFC 4028 session timers end calls nobody refreshes.
 */
public final class SipSignalling implements SipListener {

    /** Limits and addresses the signalling needs from the server's settings; {@code tlsPort} 0 without TLS. */
    public record Config(String advertisedAddress, int port, int tlsPort, Duration rtpTimeout, Duration answerDelay,
                         int maxCalls, int maxMessageBytes, SessionTimerPolicy sessionTimers, int maxCallsInSetup,
                         Duration overloadRetryAfter) {
    }

    private static final Logger log = LoggerFactory.getLogger(SipSignalling.class);
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, REGISTER";
    /** Request-URI schemes a call can be addressed with; others get 416 (RFC 3261 section 8.2.2.1). */
    private static final Set<String> URI_SCHEMES = Set.of("sip", "sips", "tel");
    /** Option tags a caller may put in Require; others get 420 (RFC 3261 section 8.2.2.3). */
    private static final Set<String> SUPPORTED_EXTENSIONS = Set.of("timer");
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "PRACK", "REFER", "PUBLISH");
    private static final int SESSION_INTERVAL_TOO_SMALL = 422;

    private final Config config;
    private final CallListener listener;
    private final RtpPortPool ports;
    private final MediaClock clock;
    private final MediaCounters counters;
    private final ScheduledExecutorService timers;
    private final TrunkTable trunks;
    private final Registrar registrar;
    private final SourceGuard guard;
    /** Outbound legs, bridges and REFER: the requests we send and what comes back on their dialogs. */
    private final Transfers transfers;
    /** By SIP Call-ID, which the caller chose. */
    private final Map<String, CallLeg> legs = new ConcurrentHashMap<>();
    /** By our own call id. */
    private final Map<String, CallLeg> legsByCallId = new ConcurrentHashMap<>();
    /** Calls whose application decision is still running, by SIP Call-ID: true once the caller has cancelled. */
    private final Map<String, AtomicBoolean> cancelledInSetup = new ConcurrentHashMap<>();
    private final AtomicLong callsTotal = new AtomicLong();
    private final AtomicLong sdpVersion = new AtomicLong(1);
    private final AtomicLong forbidden = new AtomicLong();
    private final AtomicLong sessionsExpired = new AtomicLong();
    private final CallSetups setups;
    private volatile SipProvider provider;
    private volatile MessageFactory messages;
    private volatile HeaderFactory headers;
    private volatile AddressFactory addresses;

    public SipSignalling(Config config, CallListener listener, RtpPortPool ports, MediaClock clock,
                         MediaCounters counters, ScheduledExecutorService timers, TrunkTable trunks,
                         Registrar registrar, SourceGuard guard) {
        this.config = config;
        this.listener = listener;
        this.ports = ports;
        this.clock = clock;
        this.counters = counters;
        this.timers = timers;
        this.trunks = trunks;
        this.registrar = registrar;
        this.guard = guard;
        this.setups = new CallSetups(config.maxCallsInSetup(), config.maxCalls(), config.overloadRetryAfter());
        this.transfers = new Transfers(new OutboundLegs.Config(config.advertisedAddress(), config.port(),
                config.tlsPort(), config.rtpTimeout()), ports, clock, counters, timers);
    }

    public void attach(SipProvider sipProvider, MessageFactory messageFactory, HeaderFactory headerFactory,
                       AddressFactory addressFactory) {
        this.messages = messageFactory;
        this.headers = headerFactory;
        this.addresses = addressFactory;
        this.provider = sipProvider;
        registrar.attach(messageFactory, headerFactory, addressFactory);
        transfers.attach(sipProvider, messageFactory, headerFactory, addressFactory);
    }

    /** Places an outbound leg (see {@link jp.uketsuke.telephony.Call#dial}). */
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
        return transfers.dial(destination, callerId, ringTimeout);
    }

    public long callsActive() {
        return legs.size();
    }

    public long callsTotal() {
        return callsTotal.get();
    }

    /** INVITEs answered 403, by us or by the application. */
    public long invitesForbidden() {
        return forbidden.get();
    }

    public long sessionsExpired() {
        return sessionsExpired.get();
    }

    public OutboundLegMetrics outboundLegMetrics() {
        return transfers.outboundLegMetrics();
    }

    /** Calls taken from the network and not yet ringing or refused. */
    public long callsInSetup() {
        return setups.inSetup();
    }

    /** New calls refused with 503 because the server was full, by reason. */
    public Map<OverloadReason, Long> callsRefused() {
        return setups.refused();
    }

    /** Ends every call (BYE for confirmed ones, 480 for ringing ones); used on shutdown. */
    public void endAll() {
        transfers.endAll();
        for (CallLeg leg : legs.values()) {
            try {
                synchronized (leg) {
                    if (leg.state == CallLeg.State.RINGING) {
                        cancelRinging(leg, Response.TEMPORARILY_UNAVAILABLE);
                        continue;
                    }
                }
                leg.call.end("server shutting down", true);
            } catch (RuntimeException e) {
                log.warn("call {}: could not end cleanly on shutdown: {}", leg.callId(), e.getClass().getName());
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        try {
            if (request.getContentLength() != null
                    && request.getContentLength().getContentLength() > config.maxMessageBytes()) {
                replyStateless(event, Response.MESSAGE_TOO_LARGE);
                return;
            }
            if (refusedBeforeMethod(event)) {
                return;
            }
            if (transfers.handles(event)) {
                return;
            }
            switch (method) {
                case Request.INVITE -> {
                    if (toTag(request) == null) {
                        onInvite(event);
                    } else {
                        onReInvite(event);
                    }
                }
                case Request.ACK -> onAck(request);
                case Request.BYE -> onBye(event);
                case Request.CANCEL -> onCancel(event);
                case Request.OPTIONS -> onOptions(event);
                case Request.REGISTER -> onRegister(event);
                case Request.UPDATE -> onUpdate(event);
                default -> {
                    if (KNOWN_UNSUPPORTED.contains(method)) {
                        Response response = reply(event, Response.METHOD_NOT_ALLOWED);
                        if (response != null) {
                            response.addHeader(headers.createAllowHeader(ALLOW));
                            send(event, response);
                        }
                    } else {
                        replyStateless(event, Response.NOT_IMPLEMENTED);
                    }
                }
            }
        } catch (Exception | LinkageError failure) {
            log.warn("{} request failed with {}", method, failure.getClass().getName());
            if (!Request.ACK.equals(method)) {
                replyStateless(event, Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    /**
     * What RFC 3261 checks of every request before its method (RFC 4475 badvers, unkscm, novelsc, bext01):
     * true when the request was answered here.
     */
    private boolean refusedBeforeMethod(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return false;
        }
        if (request instanceof SIPRequest sip && sip.getRequestLine() != null
                && !"SIP/2.0".equalsIgnoreCase(sip.getRequestLine().getSipVersion())) {
            replyStateless(event, Response.VERSION_NOT_SUPPORTED);
            return true;
        }
        String scheme = request.getRequestURI().getScheme();
        if (scheme == null || !URI_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            send(event, reply(event, Response.UNSUPPORTED_URI_SCHEME));
            return true;
        }
        if (Request.CANCEL.equals(method)) {
            return false;
        }
        List<String> unsupported = new ArrayList<>();
        for (ListIterator<?> required = request.getHeaders(RequireHeader.NAME); required.hasNext(); ) {
            String tag = ((RequireHeader) required.next()).getOptionTag();
            if (tag != null && !SUPPORTED_EXTENSIONS.contains(tag)) {
                unsupported.add(tag);
            }
        }
        if (!unsupported.isEmpty()) {
            Response response = reply(event, Response.BAD_EXTENSION);
            for (String tag : unsupported) {
                response.addHeader(headers.createUnsupportedHeader(tag));
            }
            send(event, response);
            return true;
        }
        return false;
    }

    /** Whether the caller's Accept (if any) lets us answer with SDP (RFC 4475 sdp01). */
    private static boolean acceptsSdp(Request request) {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return true;
        }
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = accept.getContentType();
            String subType = accept.getContentSubType();
            if (type == null || type.isEmpty()) {
                continue;
            }
            boolean typeMatches = "*".equals(type) || "application".equalsIgnoreCase(type);
            boolean subTypeMatches = subType == null || "*".equals(subType) || "sdp".equalsIgnoreCase(subType);
            if (typeMatches && subTypeMatches) {
                return true;
            }
        }
        return false;
    }

    private void onInvite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction transaction = serverTransaction(event, true);
        if (transaction == null) {
            return;
        }
        InetSocketAddress source = source(event);
        CallOrigin origin = admit(request, transaction, source, transport(transaction, request));
        if (origin == null) {
            return;
        }
        transaction.sendResponse(messages.createResponse(Response.TRYING, request));
        String sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        if (legs.containsKey(sipCallId)) {
            // a second INVITE with a live Call-ID but no To tag is a loop or a forgery, not a new call
            respond(transaction, Response.LOOP_DETECTED);
            return;
        }
        callsTotal.incrementAndGet();
        if (!acceptsSdp(request)) {
            // our answer must carry SDP, which the caller says it cannot take
            respond(transaction, Response.NOT_ACCEPTABLE);
            return;
        }
        ContentTypeHeader contentType = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            // offer-less INVITE (offer in the ACK) is not supported
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        OfferBody.Found found = contentType == null ? new OfferBody.Unsupported("no Content-Type")
                : OfferBody.of(contentType.getContentType(), contentType.getContentSubType(),
                        contentType.getParameter("boundary"), body);
        if (found instanceof OfferBody.Unsupported unsupported) {
            log.info("INVITE rejected with 415: {}", unsupported.why());
            Response response = messages.createResponse(Response.UNSUPPORTED_MEDIA_TYPE, request);
            response.addHeader(headers.createAcceptHeader("application", "sdp"));
            response.addHeader(headers.createAcceptHeader("multipart", "mixed"));
            transaction.sendResponse(response);
            return;
        }
        if (found instanceof OfferBody.Malformed malformed) {
            log.info("INVITE rejected with 400: {}", malformed.why());
            respond(transaction, Response.BAD_REQUEST);
            return;
        }
        MediaOffer offer;
        try {
            offer = SdpOfferParser.parse(((OfferBody.Sdp) found).text());
        } catch (SdpOfferParser.InvalidOfferException e) {
            log.info("INVITE rejected with 400: {}", e.getMessage());
            respond(transaction, Response.BAD_REQUEST);
            return;
        }
        Optional<NegotiatedMedia> negotiated = OfferAnswer.negotiate(offer);
        if (negotiated.isEmpty()) {
            log.info("INVITE rejected with 488: no common codec");
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        SessionTimer.Negotiation timer = SessionTimer.negotiate(request, config.sessionTimers());
        if (timer instanceof SessionTimer.TooSmall small) {
            transaction.sendResponse(tooSmall(request, small));
            return;
        }
        CallSetups.Slot setup = setups.begin(legs.size());
        if (setup == null) {
            Response full = messages.createResponse(Response.SERVICE_UNAVAILABLE, request);
            full.addHeader(headers.createRetryAfterHeader(setups.retryAfterSeconds()));
            transaction.sendResponse(full);
            return;
        }
        CallRequest callRequest;
        SourceGuard.Lease dialog;
        try {
            callRequest = callRequest(request, source, origin, transaction);
            dialog = callRequest.remote().isUnresolved() ? () -> { } : guard.openDialog(callRequest.remote().getAddress());
        } catch (RuntimeException | Error e) {
            setup.close();
            throw e;
        }
        if (dialog == null) {
            setup.close();
            log.info("INVITE rejected with 503: its source holds too many calls");
            respond(transaction, Response.SERVICE_UNAVAILABLE);
            return;
        }
        // the application's decision and the media set-up run on a virtual thread of their own, so the stack's
        // threads stay free to parse, to take ACKs and BYEs of calls already up, and to refuse what is over the limit
        AtomicBoolean cancelled = new AtomicBoolean();
        cancelledInSetup.put(sipCallId, cancelled);
        Thread.ofVirtual().name("setup-" + callRequest.callId()).start(() -> {
            boolean established = false;
            try {
                established = admitAndRing(request, transaction, sipCallId, callRequest, offer, timer, dialog,
                        cancelled);
            } catch (Exception | LinkageError failure) {
                log.warn("call {}: set-up failed with {}", callRequest.callId(), failure.getClass().getName());
                try {
                    respond(transaction, Response.SERVER_INTERNAL_ERROR);
                } catch (Exception unanswerable) {
                    log.debug("call {}: 500 not sent either", callRequest.callId());
                }
            } finally {
                cancelledInSetup.remove(sipCallId, cancelled);
                setup.close();
                if (!established) {
                    dialog.close();
                }
            }
        });
    }

    /** Asks the application and rings; true when the call now exists (its leg then holds the dialog slot). */
    private boolean admitAndRing(Request request, ServerTransaction transaction, String sipCallId,
                                 CallRequest callRequest, MediaOffer offer, SessionTimer.Negotiation timer,
                                 SourceGuard.Lease dialog, AtomicBoolean cancelled) throws Exception {
        Admission admission;
        try {
            admission = listener.onIncomingCall(callRequest);
        } catch (RuntimeException e) {
            log.warn("call {}: listener failed with {}, answering 500", callRequest.callId(), e.getClass().getName());
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return false;
        }
        if (admission instanceof Admission.Reject reject) {
            log.debug("call {} rejected by the application with {}", callRequest.callId(), reject.status());
            if (reject.status() == Response.FORBIDDEN) {
                forbidden.incrementAndGet();
            }
            Response response = messages.createResponse(reject.status(), request);
            if (reject.reason() != null && !reject.reason().isBlank()) {
                response.setReasonPhrase(reject.reason());
            }
            transaction.sendResponse(response);
            return false;
        }
        Admission.Answer answer = (Admission.Answer) admission;
        if (answer == null || answer.session() == null) {
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return false;
        }
        boolean overTls = "TLS".equals(callRequest.transport());
        // the one place a trunk's policy meets the application's: the stricter wins
        MediaSecurity security = callRequest.origin() instanceof CallOrigin.FromTrunk trunks
                ? answer.security().atLeast(trunks.mediaSecurity()) : answer.security();
        Optional<NegotiatedMedia> secured = OfferAnswer.negotiate(offer, security, overTls);
        if (secured.isEmpty()) {
            log.info("call {} rejected with 488: its offer over {} does not meet media security {}",
                    callRequest.callId(), callRequest.transport(), security);
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return false;
        }
        NegotiatedMedia media = secured.get();
        DatagramChannel channel = ports.open();
        if (channel == null) {
            log.warn("call {} rejected with 503: no free RTP port", callRequest.callId());
            respond(transaction, Response.SERVICE_UNAVAILABLE);
            return false;
        }
        AudioCodec codec = AudioCodecs.create(media.codec()).orElseThrow();
        // a fresh key per call for what we send; the caller's key from its offer for what it sends
        SrtpMasterKey ourKey = media.encrypted() ? SrtpMasterKey.generate(media.callerCrypto().key().suite()) : null;
        RtpSession rtp;
        String sdp;
        try {
            sdp = OfferAnswer.answer(offer, media, config.advertisedAddress(),
                    ((InetSocketAddress) channel.getLocalAddress()).getPort(), sdpVersion.getAndIncrement(), ourKey);
            rtp = new RtpSession(callRequest.callId(), channel, ports, counters, media.remote(),
                    media.payloadType(), media.eventPayloadType(),
                    media.encrypted() ? SrtpStreams.of(media.callerCrypto().key(), ourKey) : null);
        } catch (IOException e) {
            channel.close();
            if (ourKey != null) {
                ourKey.destroy();
            }
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return false;
        }
        ActiveCall call = new ActiveCall(callRequest, codec, rtp, clock, config.rtpTimeout(), this::callEnded);
        HopImpl flow = overTls ? flow(callRequest) : null;
        call.control(transfers.controlFor(transaction::getDialog, flow, security));
        String toTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        CallLeg leg = new CallLeg(sipCallId, transaction, request, toTag, call, answer.session(), sdp,
                contact(request, overTls), flow, overTls, media.encrypted(), dialog);
        leg.sessionInterval = timer instanceof SessionTimer.Agreed agreed ? agreed : null;
        leg.callerAllowsUpdate = SessionTimer.allowsUpdate(request);
        legs.put(sipCallId, leg);
        legsByCallId.put(callRequest.callId(), leg);
        log.debug("call {} ringing: codec {}, via {}, {}", callRequest.callId(), media.codec(),
                callRequest.transport(), media.encrypted() ? "SRTP " + media.callerCrypto().key().suite() : "RTP");
        synchronized (leg) {
            // a CANCEL that came while the application decided is honoured now that there is a leg to end
            if (cancelled.get() || leg.state != CallLeg.State.RINGING) {
                if (leg.state == CallLeg.State.RINGING) {
                    cancelRinging(leg, Response.REQUEST_TERMINATED);
                }
                return true;
            }
            Response ringing = messages.createResponse(Response.RINGING, request);
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
            ringing.addHeader(leg.contact);
            transaction.sendResponse(ringing);
            if (config.answerDelay().isZero()) {
                answer(leg);
            } else {
                leg.pendingAnswer = timers.schedule(() -> answer(leg), config.answerDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        return true;
    }

    private void answer(CallLeg leg) {
        synchronized (leg) {
            if (leg.state != CallLeg.State.RINGING) {
                return;
            }
            try {
                Response ok = messages.createResponse(Response.OK, leg.inviteRequest);
                ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(leg.toTag);
                ok.addHeader(leg.contact);
                ok.addHeader(headers.createAllowHeader(ALLOW));
                addSessionHeaders(ok, leg.sessionInterval);
                ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
                leg.invite.sendResponse(ok);
                leg.state = CallLeg.State.ANSWERED;
                scheduleSession(leg);
                log.debug("call {} answered", leg.callId());
            } catch (Exception e) {
                log.warn("call {}: 200 OK could not be sent: {}", leg.callId(), e.getClass().getName());
                leg.state = CallLeg.State.ENDED;
                leg.call.end("answer failed", false);
            }
        }
    }

    private void onAck(Request request) {
        CallLeg leg = legs.get(callId(request));
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            if (leg.state != CallLeg.State.ANSWERED) {
                // ACK of a re-INVITE or a retransmission
                return;
            }
            leg.state = CallLeg.State.CONFIRMED;
        }
        leg.call.start(leg.session);
    }

    private void onBye(RequestEvent event) throws Exception {
        ServerTransaction transaction = serverTransaction(event, true);
        if (transaction == null) {
            return;
        }
        CallLeg leg = legs.get(callId(event.getRequest()));
        if (leg == null) {
            respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(transaction, Response.OK);
        boolean ackOvertaken;
        synchronized (leg) {
            ackOvertaken = leg.state == CallLeg.State.ANSWERED;
            leg.state = CallLeg.State.ENDED;
        }
        leg.call.end("caller hung up", false);
        if (ackOvertaken) {
            // a BYE is sent only after our 200 OK, so the call was answered even though its ACK has not
            // been processed yet: the session still runs (on the ended call) and the call is on record
            leg.call.start(leg.session);
        }
    }

    private void onCancel(RequestEvent event) throws Exception {
        ServerTransaction transaction = serverTransaction(event, true);
        if (transaction == null) {
            return;
        }
        String sipCallId = callId(event.getRequest());
        AtomicBoolean inSetup = cancelledInSetup.get(sipCallId);
        if (inSetup != null) {
            // flagged before the leg is looked up: the set-up thread checks the flag after it adds the leg
            inSetup.set(true);
        }
        CallLeg leg = legs.get(sipCallId);
        if (leg == null) {
            respond(transaction, inSetup != null ? Response.OK : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(transaction, Response.OK);
        synchronized (leg) {
            if (leg.state == CallLeg.State.RINGING) {
                cancelRinging(leg, Response.REQUEST_TERMINATED);
            }
        }
    }

    /** Ends a call that was never answered, with a final error response to its INVITE. */
    private void cancelRinging(CallLeg leg, int status) {
        synchronized (leg) {
            if (leg.pendingAnswer != null) {
                leg.pendingAnswer.cancel(false);
            }
            leg.state = CallLeg.State.ENDED;
            try {
                Response response = messages.createResponse(status, leg.inviteRequest);
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(leg.toTag);
                leg.invite.sendResponse(response);
            } catch (Exception e) {
                log.warn("call {}: {} could not be sent: {}", leg.callId(), status, e.getClass().getName());
            }
        }
        leg.call.end(status == Response.REQUEST_TERMINATED ? "caller cancelled" : "not answered", false);
    }

    private void onReInvite(RequestEvent event) throws Exception {
        ServerTransaction transaction = serverTransaction(event, true);
        if (transaction == null) {
            return;
        }
        CallLeg leg = legs.get(callId(event.getRequest()));
        if (leg == null || !leg.call.isActive()) {
            respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        if (leg.encrypted && leg.overTls && !"TLS".equals(transport(transaction, event.getRequest()))) {
            // our answer holds this call's SRTP key, so far only ever sent over TLS: not over clear signalling now
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        Response refused = refreshSession(leg, event.getRequest());
        if (refused != null) {
            transaction.sendResponse(refused);
            return;
        }
        // media stays as negotiated: the answer repeats our current SDP (RFC 3264 section 8)
        Response ok = messages.createResponse(Response.OK, event.getRequest());
        ok.addHeader(leg.contact);
        addSessionHeaders(ok, leg.sessionInterval);
        ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
        transaction.sendResponse(ok);
    }

    /** UPDATE inside a call: a session refresh (RFC 4028) and, with a body, an offer we answer as before. */
    private void onUpdate(RequestEvent event) throws Exception {
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        Request request = event.getRequest();
        CallLeg leg = toTag(request) == null ? null : legs.get(callId(request));
        if (leg == null || !leg.call.isActive()) {
            respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        byte[] body = request.getRawContent();
        boolean offer = body != null && body.length > 0;
        if (offer && leg.encrypted && leg.overTls && !"TLS".equals(transport(transaction, request))) {
            // our answer would repeat this call's SRTP key, so far only ever sent over TLS
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        Response refused = refreshSession(leg, request);
        if (refused != null) {
            transaction.sendResponse(refused);
            return;
        }
        Response ok = messages.createResponse(Response.OK, request);
        ok.addHeader(leg.contact);
        addSessionHeaders(ok, leg.sessionInterval);
        if (offer) {
            ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
        }
        transaction.sendResponse(ok);
    }

    private void onRegister(RequestEvent event) throws Exception {
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        registrar.onRegister(transaction, event.getRequest(), source(event), transport(transaction, event.getRequest()));
    }

    /**
     * Who may call: a trunk's source address, or a staff phone proving its password (407 challenge, asked of
     * addresses where a phone is registered and of requests that bring credentials). Everyone else gets 403.
     * A connection a phone registered over is the phone's, even from a trunk's address (a softphone's TLS
     * connection leaves from whatever address the system picks). Returns null when a response has been sent instead.
     */
    private CallOrigin admit(Request request, ServerTransaction transaction, InetSocketAddress source,
                             String transport) throws Exception {
        InetAddress address = source.getAddress();
        boolean credentials = request.getHeader(ProxyAuthorizationHeader.NAME) != null;
        List<Trunk> fromTrunks = trunks.sending(address);
        if (!credentials && !fromTrunks.isEmpty() && !registrar.anyPhoneOnConnection(source, transport)) {
            return new CallOrigin.FromTrunk(fromTrunks);
        }
        if (address != null && (credentials || registrar.anyPhoneFrom(address))) {
            Registrar.Verdict verdict = registrar.authenticateInvite(request, address);
            if (verdict instanceof Registrar.Verdict.Authenticated authenticated) {
                PhoneCredentials phone = authenticated.phone();
                return new CallOrigin.FromPhone(phone.tenant(), phone.extension(), phone.username());
            }
            Response response = ((Registrar.Verdict.Refused) verdict).response();
            if (response.getStatusCode() == Response.FORBIDDEN) {
                forbidden.incrementAndGet();
            }
            transaction.sendResponse(response);
            return null;
        }
        forbidden.incrementAndGet();
        log.debug("INVITE refused with 403: not from a trunk or a registered staff phone");
        respond(transaction, Response.FORBIDDEN);
        return null;
    }

    /**
     * Applies what a refresh (re-INVITE or UPDATE) asks of the session timer. Returns the 422 to send when the
     * interval is too small (the session keeps its current timer), else null.
     */
    private Response refreshSession(CallLeg leg, Request request) throws ParseException {
        SessionTimer.Negotiation negotiation = SessionTimer.negotiate(request, config.sessionTimers());
        if (negotiation instanceof SessionTimer.TooSmall small) {
            return tooSmall(request, small);
        }
        synchronized (leg) {
            leg.sessionInterval = negotiation instanceof SessionTimer.Agreed agreed ? agreed : null;
            if (leg.state == CallLeg.State.ANSWERED || leg.state == CallLeg.State.CONFIRMED) {
                scheduleSession(leg);
            }
        }
        return null;
    }

    private Response tooSmall(Request request, SessionTimer.TooSmall small) throws ParseException {
        Response response = messages.createResponse(SESSION_INTERVAL_TOO_SMALL, request);
        response.setReasonPhrase("Session Interval Too Small");
        response.addHeader(headers.createHeader("Min-SE", String.valueOf(small.minSeconds())));
        return response;
    }

    private void addSessionHeaders(javax.sip.message.Message message, SessionTimer.Agreed session)
            throws ParseException {
        message.addHeader(headers.createSupportedHeader("timer"));
        if (session == null) {
            return;
        }
        message.addHeader(headers.createHeader("Session-Expires", session.headerValue()));
        if (session.callerSupportsTimer() && message instanceof Response) {
            message.addHeader(headers.createRequireHeader("timer"));
        }
    }

    /** (Re)starts the session's clock from now: a refresh of ours when we refresh, else the end of the call. */
    private void scheduleSession(CallLeg leg) {
        synchronized (leg) {
            if (leg.sessionDue != null) {
                leg.sessionDue.cancel(false);
                leg.sessionDue = null;
            }
            SessionTimer.Agreed session = leg.sessionInterval;
            if (session == null || leg.state == CallLeg.State.ENDED) {
                return;
            }
            if (session.refresher() == SessionTimer.Refresher.UAC) {
                leg.sessionDue = timers.schedule(() -> sessionExpired(leg), session.byeAfter().toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                leg.sessionDue = timers.schedule(() -> sendRefresh(leg), session.refreshAfter().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private void sessionExpired(CallLeg leg) {
        synchronized (leg) {
            if (leg.state == CallLeg.State.ENDED || leg.state == CallLeg.State.RINGING) {
                return;
            }
        }
        sessionsExpired.incrementAndGet();
        log.info("call {}: session not refreshed in time (RFC 4028), hanging up", leg.callId());
        leg.call.end("session expired", true);
    }

    /** We are the refresher: an UPDATE (or a re-INVITE repeating our SDP) with the session interval. */
    private void sendRefresh(CallLeg leg) {
        try {
            Dialog dialog = leg.invite.getDialog();
            SessionTimer.Agreed session;
            boolean update;
            synchronized (leg) {
                session = leg.sessionInterval;
                update = leg.callerAllowsUpdate;
                if (session == null || leg.state != CallLeg.State.CONFIRMED || dialog == null
                        || dialog.getState() != DialogState.CONFIRMED) {
                    return;
                }
                // if no answer comes, the session ends when it would have expired
                leg.sessionDue = timers.schedule(() -> sessionExpired(leg), session.refreshAfter().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            Request refresh = dialog.createRequest(update ? Request.UPDATE : Request.INVITE);
            refresh.addHeader(leg.contact);
            addSessionHeaders(refresh, session);
            if (!update) {
                refresh.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
            }
            sendInDialog(leg, dialog, refresh);
            log.debug("call {}: session refresh sent ({})", leg.callId(), refresh.getMethod());
        } catch (Exception e) {
            log.warn("call {}: session refresh could not be sent: {}", leg.callId(), e.getClass().getName());
        }
    }

    private void onOptions(RequestEvent event) throws Exception {
        Response response = reply(event, Response.OK);
        if (response == null) {
            return;
        }
        response.addHeader(headers.createAllowHeader(ALLOW));
        response.addHeader(headers.createSupportedHeader("timer"));
        response.addHeader(headers.createAcceptHeader("application", "sdp"));
        send(event, response);
    }

    /** Called exactly once per call, by {@link ActiveCall#end}. */
    private void callEnded(ActiveCall call, boolean byeNeeded) {
        CallLeg leg = legsByCallId.remove(call.request().callId());
        if (leg == null) {
            return;
        }
        legs.remove(leg.sipCallId, leg);
        synchronized (leg) {
            if (leg.sessionDue != null) {
                leg.sessionDue.cancel(false);
                leg.sessionDue = null;
            }
        }
        leg.dialogSlot.close();
        if (!byeNeeded) {
            return;
        }
        synchronized (leg) {
            if (leg.state == CallLeg.State.RINGING) {
                cancelRinging(leg, Response.TEMPORARILY_UNAVAILABLE);
                return;
            }
            leg.state = CallLeg.State.ENDED;
        }
        sendBye(leg);
    }

    private void sendBye(CallLeg leg) {
        try {
            Dialog dialog = leg.invite.getDialog();
            if (dialog == null || dialog.getState() != DialogState.CONFIRMED) {
                return;
            }
            sendInDialog(leg, dialog, dialog.createRequest(Request.BYE));
            log.debug("call {}: BYE sent", leg.callId());
        } catch (Exception e) {
            log.warn("call {}: BYE could not be sent: {}", leg.callId(), e.getClass().getName());
        }
    }

    /**
     * Our request in a call's dialog, over the caller's own TLS connection when it came over TLS: a softphone's
     * Contact rarely accepts connections (it has no certificate, or sits behind NAT), and this one is already
     * authenticated; a re-INVITE refresh carries the SRTP key, which must never go over clear signalling.
     */
    private void sendInDialog(CallLeg leg, Dialog dialog, Request request) throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        if (leg.flow != null && transaction instanceof SIPClientTransaction client) {
            client.setNextHop(leg.flow);
        }
        dialog.sendRequest(transaction);
    }

    private CallRequest callRequest(Request request, InetSocketAddress source, CallOrigin origin,
                                    ServerTransaction transaction) {
        String dialed = user(request.getRequestURI());
        String caller = user(((javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME))
                .getAddress().getURI());
        return new CallRequest(UUID.randomUUID().toString(), dialed, caller, source, transport(transaction, request),
                origin);
    }

    /** Where the request came from on the wire (not what its headers claim). */
    private static InetSocketAddress source(RequestEvent event) {
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            return new InetSocketAddress(ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        return InetSocketAddress.createUnresolved("0.0.0.0", 0);
    }

    private static String user(URI uri) {
        if (uri instanceof SipURI sip && sip.getUser() != null) {
            return sip.getUser();
        }
        return "";
    }

    /**
     * The transport the request really came over, from the connection that carried it; the Via says
     * only what the sender claims, and a policy that requires TLS must not trust a claim.
     */
    private static String transport(ServerTransaction transaction, Request request) {
        if (transaction instanceof TransactionExt ext && ext.getTransport() != null) {
            return ext.getTransport().toUpperCase(Locale.ROOT);
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "UDP" : via.getTransport().toUpperCase(Locale.ROOT);
    }

    /** Our Contact for a call: the TLS port with transport=tls (or a sips: URI for sips: calls) over TLS. */
    private ContactHeader contact(Request request, boolean overTls) throws ParseException {
        SipURI uri = addresses.createSipURI(null, config.advertisedAddress());
        if (overTls) {
            uri.setPort(config.tlsPort());
            if (request.getRequestURI().isSipURI() && ((SipURI) request.getRequestURI()).isSecure()) {
                uri.setSecure(true);
            } else {
                uri.setTransportParam("tls");
            }
        } else {
            uri.setPort(config.port());
        }
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    /** Where the caller's connection comes from: requests we send in its dialog go back over it. */
    private static HopImpl flow(CallRequest request) {
        InetSocketAddress remote = request.remote();
        if (remote.isUnresolved() || remote.getPort() == 0) {
            return null;
        }
        return new HopImpl(remote.getAddress().getHostAddress(), remote.getPort(), "TLS");
    }

    private static String toTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static String callId(javax.sip.message.Message request) {
        CallIdHeader header = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return header == null ? "" : header.getCallId();
    }

    /** The transaction for this request, or null when it is a retransmission the stack already owns. */
    private ServerTransaction serverTransaction(RequestEvent event) {
        return serverTransaction(event, false);
    }

    /** As above; with {@code refuse}, a request the stack takes no transaction for gets 400 rather than silence. */
    private ServerTransaction serverTransaction(RequestEvent event, boolean refuse) {
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction != null) {
            return transaction;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        } catch (SipException e) {
            // e.g. an RFC 2543 INVITE without Contact (RFC 4475 inv2543): answer rather than stay silent
            log.debug("no server transaction for {}: {}", event.getRequest().getMethod(), e.getClass().getName());
            if (refuse) {
                replyStateless(event, Response.BAD_REQUEST);
            }
            return null;
        }
    }

    private void respond(ServerTransaction transaction, int status) throws ParseException, SipException,
            javax.sip.InvalidArgumentException {
        transaction.sendResponse(messages.createResponse(status, transaction.getRequest()));
    }

    private Response reply(RequestEvent event, int status) throws ParseException {
        return messages.createResponse(status, event.getRequest());
    }

    /** Sends through a transaction when one can be had (absorbs retransmissions), else statelessly. */
    private void send(RequestEvent event, Response response) throws SipException, javax.sip.InvalidArgumentException {
        ServerTransaction transaction = serverTransaction(event);
        if (transaction != null) {
            transaction.sendResponse(response);
        } else if (event.getServerTransaction() == null) {
            provider.sendResponse(response);
        }
    }

    private void replyStateless(RequestEvent event, int status) {
        try {
            provider.sendResponse(messages.createResponse(status, event.getRequest()));
        } catch (Exception e) {
            log.debug("could not answer {} with {}: {}", event.getRequest().getMethod(), status,
                    e.getClass().getName());
        }
    }

    /** Responses to our BYEs (the transaction layer handles them) and to our session refreshes. */
    @Override
    public void processResponse(ResponseEvent event) {
        if (transfers.onResponse(event)) {
            return; // an outbound leg's or a REFER's
        }
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || response.getStatusCode() < 200
                || !(Request.UPDATE.equals(cseq.getMethod()) || Request.INVITE.equals(cseq.getMethod()))) {
            return;
        }
        CallLeg leg = legs.get(callId(response));
        if (leg == null) {
            return;
        }
        int status = response.getStatusCode();
        try {
            if (Request.INVITE.equals(cseq.getMethod()) && status < 300 && event.getDialog() != null) {
                event.getDialog().sendAck(event.getDialog().createAck(cseq.getSeqNumber()));
            }
        } catch (Exception e) {
            log.warn("call {}: ACK for our refresh could not be sent: {}", leg.callId(), e.getClass().getName());
        }
        if (status < 300) {
            synchronized (leg) {
                if (leg.sessionInterval != null) {
                    leg.sessionInterval = confirmedInterval(response, leg.sessionInterval);
                }
            }
            scheduleSession(leg);
        } else if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
            // RFC 4028 section 10: the dialog is gone on the other side
            leg.call.end("session refresh failed", true);
        } else if (Request.UPDATE.equals(cseq.getMethod())
                && (status == Response.METHOD_NOT_ALLOWED || status == Response.NOT_IMPLEMENTED)) {
            synchronized (leg) {
                leg.callerAllowsUpdate = false;
            }
            sendRefresh(leg);
        }
        // any other refusal: the session ends when it expires, as already scheduled
    }

    /** The interval the other side confirmed in its 2xx (it may have raised it), keeping who refreshes. */
    private static SessionTimer.Agreed confirmedInterval(Response response, SessionTimer.Agreed ours) {
        Header header = response.getHeader("Session-Expires");
        if (header instanceof gov.nist.javax.sip.header.extensions.SessionExpiresHeader se && se.getExpires() > 0) {
            return new SessionTimer.Agreed(se.getExpires(), ours.refresher(), ours.callerSupportsTimer());
        }
        return ours;
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (transfers.onTimeout(event)) {
            return;
        }
        // a lost BYE response or an unanswered final response: the dialog event below cleans up; an unanswered
        // session refresh of ours means the caller is gone
        if (event.isServerTransaction() || event.getClientTransaction() == null) {
            return;
        }
        Request request = event.getClientTransaction().getRequest();
        if (Request.UPDATE.equals(request.getMethod()) || Request.INVITE.equals(request.getMethod())) {
            CallLeg leg = legs.get(callId(request));
            if (leg != null) {
                leg.call.end("session refresh timed out", true);
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("SIP transport error ({})", event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        Dialog dialog = event.getDialog();
        if (dialog == null || dialog.getCallId() == null) {
            return;
        }
        CallLeg leg = legs.get(dialog.getCallId().getCallId());
        Dialog ours = leg == null ? null : leg.invite.getDialog();
        if (leg != null && (ours == null || ours == dialog)) {
            // e.g. the caller never sent ACK for our 200 OK; not the dialog of an INVITE we challenged (407),
            // which the phone's answered INVITE shares its Call-ID with, ending when that transaction does
            synchronized (leg) {
                leg.state = CallLeg.State.ENDED;
            }
            leg.call.end("dialog terminated", false);
        }
    }
}
