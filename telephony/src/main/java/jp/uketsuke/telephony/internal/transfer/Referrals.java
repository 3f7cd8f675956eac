package jp.uketsuke.telephony.internal.transfer;

import gov.nist.javax.sip.stack.SIPClientTransaction;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.ReferResult;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blind transfer as the transferor (RFC 3515, RFC 5589 section 6): REFER on the call's dialog, then the NOTIFYs of
 * the implicit subscription report, in message/sipfrag, how the other side's call to the target goes. A 2xx there
 * means it got through and we hang up; a refused REFER, a failure, or silence until the timeout leave the call ours.
 */
final class Referrals {

    private static final Logger log = LoggerFactory.getLogger(Referrals.class);

    private final String advertisedAddress;
    private final int port;
    private final int tlsPort;
    /** Pending REFERs by the SIP Call-ID of the dialog they were sent on (one at a time per call). */
    private final Map<String, Referral> pending = new ConcurrentHashMap<>();
    private volatile SipProvider provider;
    private volatile MessageFactory messages;
    private volatile HeaderFactory headers;
    private volatile AddressFactory addresses;

    /** One REFER waiting for its outcome. */
    private static final class Referral {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile ReferResult result;

        void complete(ReferResult outcome) {
            synchronized (this) {
                if (result != null) {
                    return;
                }
                result = outcome;
            }
            done.countDown();
        }
    }

    Referrals(String advertisedAddress, int port, int tlsPort) {
        this.advertisedAddress = advertisedAddress;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    void attach(SipProvider sipProvider, MessageFactory messageFactory, HeaderFactory headerFactory,
                AddressFactory addressFactory) {
        this.messages = messageFactory;
        this.headers = headerFactory;
        this.addresses = addressFactory;
        this.provider = sipProvider;
    }

    /** {@code flow}: the TLS connection the call came over, which the REFER must take too; null otherwise. */
    ReferResult refer(ActiveCall call, Supplier<Dialog> dialogs, Hop flow, Destination target, Duration timeout)
            throws InterruptedException {
        Dialog dialog = dialogs.get();
        if (!call.isActive() || dialog == null || dialog.getState() != DialogState.CONFIRMED) {
            return new ReferResult.NotTransferred(0, "call not established");
        }
        String sipCallId = dialog.getCallId().getCallId();
        Referral referral = new Referral();
        if (pending.putIfAbsent(sipCallId, referral) != null) {
            return new ReferResult.NotTransferred(0, "a transfer of this call is already under way");
        }
        try {
            Request refer = dialog.createRequest(Request.REFER);
            refer.addHeader(headers.createReferToHeader(addresses.createAddress(referTo(target))));
            SipURI us = addresses.createSipURI("uketsuke", advertisedAddress);
            us.setPort(flow == null ? port : tlsPort);
            if (flow != null) {
                us.setTransportParam("tls");
            }
            refer.addHeader(headers.createHeader("Referred-By", "<" + us + ">"));
            // instead of the dialog's Contact, not beside it: a request has one Contact
            refer.setHeader(headers.createContactHeader(addresses.createAddress(us)));
            ClientTransaction transaction = provider.getNewClientTransaction(refer);
            if (flow != null && transaction instanceof SIPClientTransaction client) {
                // a caller over TLS is reached over its own connection: its Contact rarely accepts one of ours
                client.setNextHop(flow);
            }
            dialog.sendRequest(transaction);
            log.debug("call {}: REFER sent", call.request().callId());
            if (!referral.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                referral.complete(new ReferResult.NotTransferred(0, "no outcome within " + timeout.toSeconds() + " s"));
            }
        } catch (ParseException | SipException | RuntimeException e) {
            log.warn("call {}: REFER could not be sent: {}", call.request().callId(), e.getClass().getName());
            referral.complete(new ReferResult.NotTransferred(0, "REFER could not be sent"));
        } finally {
            pending.remove(sipCallId, referral);
        }
        ReferResult result = referral.result;
        log.info("call {}: blind transfer {}", call.request().callId(),
                result instanceof ReferResult.Transferred ? "succeeded" : "failed");
        if (result instanceof ReferResult.Transferred) {
            call.end("transferred", true);
        }
        return result;
    }

    /** The Refer-To URI: the contact itself, or the number at the trunk. */
    private javax.sip.address.URI referTo(Destination target) throws ParseException {
        return switch (target) {
            case Destination.Contact contact -> addresses.createURI(contact.uri());
            case Destination.ViaTrunk trunk -> {
                SipURI uri = addresses.createSipURI(trunk.number(), trunk.host());
                uri.setPort(trunk.port());
                if (trunk.transport().equals("TCP")) {
                    uri.setTransportParam("tcp");
                }
                yield uri;
            }
        };
    }

    /** The response to a REFER of ours: 2xx waits for NOTIFY, anything final else ends the attempt. */
    boolean onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !Request.REFER.equals(cseq.getMethod())) {
            return false;
        }
        Referral referral = pending.get(callId(response));
        int status = response.getStatusCode();
        if (referral != null && status >= 300) {
            referral.complete(new ReferResult.NotTransferred(status, "REFER refused"));
        }
        return true;
    }

    boolean onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() || event.getClientTransaction() == null
                || !Request.REFER.equals(event.getClientTransaction().getRequest().getMethod())) {
            return false;
        }
        Referral referral = pending.get(callId(event.getClientTransaction().getRequest()));
        if (referral != null) {
            referral.complete(new ReferResult.NotTransferred(Response.REQUEST_TIMEOUT, "no response to REFER"));
        }
        return true;
    }

    /**
     * A NOTIFY of a REFER subscription: answered 200 when its sipfrag reads, 400 when not (and then ignored), 481 when
     * no REFER of ours is waiting. Other requests are not ours.
     */
    boolean handles(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        if (!Request.NOTIFY.equals(request.getMethod())) {
            return false;
        }
        EventHeader eventHeader = (EventHeader) request.getHeader(EventHeader.NAME);
        if (eventHeader == null || !"refer".equalsIgnoreCase(eventHeader.getEventType())) {
            return false;
        }
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return true;
        }
        Referral referral = pending.get(callId(request));
        if (referral == null) {
            Response gone = messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request);
            gone.setReasonPhrase("Subscription does not exist");
            transaction.sendResponse(gone);
            return true;
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        OptionalInt status = type != null && "message".equalsIgnoreCase(type.getContentType())
                && "sipfrag".equalsIgnoreCase(type.getContentSubType())
                ? Sipfrag.status(request.getRawContent()) : OptionalInt.empty();
        if (status.isEmpty()) {
            log.info("NOTIFY for a transfer without a readable sipfrag: answered 400");
            transaction.sendResponse(messages.createResponse(Response.BAD_REQUEST, request));
            return true;
        }
        transaction.sendResponse(messages.createResponse(Response.OK, request));
        int code = status.getAsInt();
        if (code >= 200 && code < 300) {
            referral.complete(new ReferResult.Transferred(code));
        } else if (code >= 300) {
            referral.complete(new ReferResult.NotTransferred(code, "the target could not be reached"));
        } else if (terminated(request)) {
            referral.complete(new ReferResult.NotTransferred(code, "subscription ended without an outcome"));
        }
        return true;
    }

    private static boolean terminated(Request request) {
        SubscriptionStateHeader state = (SubscriptionStateHeader) request.getHeader(SubscriptionStateHeader.NAME);
        return state != null && state.getState() != null
                && state.getState().toLowerCase(Locale.ROOT).equals(SubscriptionStateHeader.TERMINATED.toLowerCase(Locale.ROOT));
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
            log.debug("no server transaction for NOTIFY: {}", e.getClass().getName());
            return null;
        }
    }

    private static String callId(Message message) {
        CallIdHeader header = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return header == null ? "" : header.getCallId();
    }
}
