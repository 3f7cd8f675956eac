package jp.uketsuke.telephony.internal.sip;

import gov.nist.javax.sip.RequestEventExt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.uketsuke.telephony.Admission;
import jp.uketsuke.telephony.CallListener;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import jp.uketsuke.telephony.internal.codec.AudioCodec;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.outbound.OutboundLegs;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;
import jp.uketsuke.telephony.internal.rtp.RtpPortPool;
import jp.uketsuke.telephony.internal.rtp.RtpSession;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.OfferAnswer;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;
import jp.uketsuke.telephony.internal.transfer.Transfers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user agent server: answers INVITEs through the application's {@link CallListener}, keeps
 * each call's dialog, and turns SIP events into call state. Every request is handled inside its
 * own try block, so one broken call or message never touches another.
 */
public final class SipSignalling implements SipListener {

    /** Limits and addresses the signalling needs from the server's settings. */
    public record Config(String advertisedAddress, int port, Duration rtpTimeout, Duration answerDelay,
                         int maxCalls, int maxMessageBytes) {
    }

    private static final Logger log = LoggerFactory.getLogger(SipSignalling.class);
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER", "PUBLISH");

    private final Config config;
    private final CallListener listener;
    private final RtpPortPool ports;
    private final MediaClock clock;
    private final MediaCounters counters;
    private final ScheduledExecutorService timers;
    /** Outbound legs, bridges and REFER: the requests we send and what comes back on their dialogs. */
    private final Transfers transfers;
    /** By SIP Call-ID, which the caller chose. */
    private final Map<String, CallLeg> legs = new ConcurrentHashMap<>();
    /** By our own call id. */
    private final Map<String, CallLeg> legsByCallId = new ConcurrentHashMap<>();
    private final AtomicLong callsTotal = new AtomicLong();
    private final AtomicLong sdpVersion = new AtomicLong(1);
    private volatile SipProvider provider;
    private volatile MessageFactory messages;
    private volatile HeaderFactory headers;
    private volatile AddressFactory addresses;

    public SipSignalling(Config config, CallListener listener, RtpPortPool ports, MediaClock clock,
                         MediaCounters counters, ScheduledExecutorService timers) {
        this.config = config;
        this.listener = listener;
        this.ports = ports;
        this.clock = clock;
        this.counters = counters;
        this.timers = timers;
        this.transfers = new Transfers(new OutboundLegs.Config(config.advertisedAddress(), config.port(),
                config.rtpTimeout()), ports, clock, counters, timers);
    }

    public void attach(SipProvider sipProvider, MessageFactory messageFactory, HeaderFactory headerFactory,
                       AddressFactory addressFactory) {
        this.messages = messageFactory;
        this.headers = headerFactory;
        this.addresses = addressFactory;
        this.provider = sipProvider;
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

    private void onInvite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
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
        ContentTypeHeader contentType = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            // offer-less INVITE (offer in the ACK) is not supported
            respond(transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        if (contentType == null || !"application".equalsIgnoreCase(contentType.getContentType())
                || !"sdp".equalsIgnoreCase(contentType.getContentSubType())) {
            Response response = messages.createResponse(Response.UNSUPPORTED_MEDIA_TYPE, request);
            response.addHeader(headers.createAcceptHeader("application", "sdp"));
            transaction.sendResponse(response);
            return;
        }
        MediaOffer offer;
        try {
            offer = SdpOfferParser.parse(new String(body, StandardCharsets.UTF_8));
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
        if (legs.size() >= config.maxCalls()) {
            log.warn("INVITE rejected with 503: {} calls already active", legs.size());
            respond(transaction, Response.SERVICE_UNAVAILABLE);
            return;
        }
        CallRequest callRequest = callRequest(event, request);
        Admission admission;
        try {
            admission = listener.onIncomingCall(callRequest);
        } catch (RuntimeException e) {
            log.warn("call {}: listener failed with {}, answering 500", callRequest.callId(), e.getClass().getName());
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return;
        }
        if (admission instanceof Admission.Reject reject) {
            log.debug("call {} rejected by the application with {}", callRequest.callId(), reject.status());
            Response response = messages.createResponse(reject.status(), request);
            if (reject.reason() != null && !reject.reason().isBlank()) {
                response.setReasonPhrase(reject.reason());
            }
            transaction.sendResponse(response);
            return;
        }
        Admission.Answer answer = (Admission.Answer) admission;
        if (answer == null || answer.session() == null) {
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return;
        }
        NegotiatedMedia media = negotiated.get();
        DatagramChannel channel = ports.open();
        if (channel == null) {
            log.warn("call {} rejected with 503: no free RTP port", callRequest.callId());
            respond(transaction, Response.SERVICE_UNAVAILABLE);
            return;
        }
        AudioCodec codec = AudioCodecs.create(media.codec()).orElseThrow();
        RtpSession rtp;
        try {
            rtp = new RtpSession(callRequest.callId(), channel, ports, counters, media.remote(),
                    media.payloadType(), media.eventPayloadType());
        } catch (IOException e) {
            channel.close();
            respond(transaction, Response.SERVER_INTERNAL_ERROR);
            return;
        }
        ActiveCall call = new ActiveCall(callRequest, codec, rtp, clock, config.rtpTimeout(), this::callEnded);
        call.control(transfers.controlFor(transaction::getDialog));
        String sdp = OfferAnswer.answer(offer, media, config.advertisedAddress(), rtp.localPort(),
                sdpVersion.getAndIncrement());
        String toTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        CallLeg leg = new CallLeg(sipCallId, transaction, request, toTag, call, answer.session(), sdp);
        legs.put(sipCallId, leg);
        legsByCallId.put(callRequest.callId(), leg);
        log.debug("call {} ringing: codec {}, via {}", callRequest.callId(), media.codec(), callRequest.transport());
        synchronized (leg) {
            Response ringing = messages.createResponse(Response.RINGING, request);
            ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(toTag);
            ringing.addHeader(contact());
            transaction.sendResponse(ringing);
            if (config.answerDelay().isZero()) {
                answer(leg);
            } else {
                leg.pendingAnswer = timers.schedule(() -> answer(leg), config.answerDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    private void answer(CallLeg leg) {
        synchronized (leg) {
            if (leg.state != CallLeg.State.RINGING) {
                return;
            }
            try {
                Response ok = messages.createResponse(Response.OK, leg.inviteRequest);
                ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(leg.toTag);
                ok.addHeader(contact());
                ok.addHeader(headers.createAllowHeader(ALLOW));
                ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
                leg.invite.sendResponse(ok);
                leg.state = CallLeg.State.ANSWERED;
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
        ServerTransaction transaction = serverTransaction(event);
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
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        CallLeg leg = legs.get(callId(event.getRequest()));
        if (leg == null) {
            respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
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
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        CallLeg leg = legs.get(callId(event.getRequest()));
        if (leg == null || !leg.call.isActive()) {
            respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        // media stays as negotiated: the answer repeats our current SDP (RFC 3264 section 8)
        Response ok = messages.createResponse(Response.OK, event.getRequest());
        ok.addHeader(contact());
        ok.setContent(leg.localSdp, headers.createContentTypeHeader("application", "sdp"));
        transaction.sendResponse(ok);
    }

    private void onOptions(RequestEvent event) throws Exception {
        Response response = reply(event, Response.OK);
        if (response == null) {
            return;
        }
        response.addHeader(headers.createAllowHeader(ALLOW));
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
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction transaction = provider.getNewClientTransaction(bye);
            dialog.sendRequest(transaction);
            log.debug("call {}: BYE sent", leg.callId());
        } catch (Exception e) {
            log.warn("call {}: BYE could not be sent: {}", leg.callId(), e.getClass().getName());
        }
    }

    private CallRequest callRequest(RequestEvent event, Request request) {
        String dialed = user(request.getRequestURI());
        String caller = user(((javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME))
                .getAddress().getURI());
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String transport = via == null ? "UDP" : via.getTransport().toUpperCase(Locale.ROOT);
        InetSocketAddress remote = InetSocketAddress.createUnresolved("0.0.0.0", 0);
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            remote = new InetSocketAddress(ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        return new CallRequest(UUID.randomUUID().toString(), dialed, caller, remote, transport);
    }

    private static String user(URI uri) {
        if (uri instanceof SipURI sip && sip.getUser() != null) {
            return sip.getUser();
        }
        return "";
    }

    private ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(null, config.advertisedAddress());
        uri.setPort(config.port());
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    private static String toTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to == null ? null : to.getTag();
    }

    private static String callId(Request request) {
        CallIdHeader header = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return header == null ? "" : header.getCallId();
    }

    /** The transaction for this request, or null when it is a retransmission the stack already owns. */
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

    @Override
    public void processResponse(ResponseEvent event) {
        // our BYEs need nothing more than the transaction layer; outbound legs and REFERs do
        transfers.onResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // a lost BYE response or an unanswered final response: the dialog event below cleans up
        transfers.onTimeout(event);
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
        if (leg != null) {
            // e.g. the caller never sent ACK for our 200 OK
            synchronized (leg) {
                leg.state = CallLeg.State.ENDED;
            }
            leg.call.end("dialog terminated", false);
        }
    }
}
