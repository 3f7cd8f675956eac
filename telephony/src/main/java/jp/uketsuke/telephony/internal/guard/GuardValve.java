package jp.uketsuke.telephony.internal.guard;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.SIPHeaderList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.ListIterator;
import javax.sip.SipStack;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Response;
import jp.uketsuke.telephony.SipDropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SourceGuard} as JAIN-SIP's message valve ({@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}):
 * the stack calls it for every parsed message before it creates a transaction or dialog or tells the
 * application, and drops what it refuses. The stack makes the instance; {@link #attach} hands it the guard.
 */
public final class GuardValve implements SIPMessageValve {

    private static final Logger log = LoggerFactory.getLogger(GuardValve.class);

    private volatile SourceGuard guard;
    private volatile boolean datagramsCountedAtSocket;

    /** Gives the guard to the valve the stack made from its properties; false when the stack has none. */
    public static boolean attach(SipStack stack, SourceGuard guard, boolean datagramsCountedAtSocket) {
        if (!(stack instanceof SIPTransactionStack transactionStack)) {
            return false;
        }
        boolean attached = false;
        for (SIPMessageValve valve : transactionStack.sipMessageValves) {
            if (valve instanceof GuardValve guardValve) {
                guardValve.datagramsCountedAtSocket = datagramsCountedAtSocket;
                guardValve.guard = guard;
                attached = true;
            }
        }
        return attached;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SourceGuard current = guard;
        if (current == null) {
            return true;
        }
        try {
            InetAddress source = channel.getPeerPacketSourceAddress();
            if (source == null) {
                return true;
            }
            boolean countRate = channel.isReliable() || !datagramsCountedAtSocket;
            SipDropReason reason = current.admitRequest(source, userAgent(request), headerCount(request), countRate);
            if (reason == null) {
                return true;
            }
            if (channel.isReliable() && current.isBlocked(source)) {
                // a blocked source's connection is cut, so it cannot keep a reader thread busy
                channel.close();
            }
            return false;
        } catch (RuntimeException e) {
            // a fault in the guard must not take calls down with it: let the message through
            log.warn("SIP guard failed on a request: {}", e.getClass().getName());
            return true;
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        SourceGuard current = guard;
        if (current == null) {
            return true;
        }
        InetAddress source = channel.getPeerPacketSourceAddress();
        return source == null || !current.isBlocked(source);
    }

    @Override
    public void init(SipStack stack) {
    }

    @Override
    public void destroy() {
    }

    private static String userAgent(SIPRequest request) {
        if (!(request.getHeader(UserAgentHeader.NAME) instanceof SIPHeader header)) {
            return null;
        }
        return header.getHeaderValue();
    }

    /** Header field values: a Via list counts each hop; headers the parser could not read count too. */
    static int headerCount(SIPRequest request) {
        int count = 0;
        for (Iterator<SIPHeader> headers = request.getHeaders(); headers.hasNext(); ) {
            SIPHeader header = headers.next();
            count += header instanceof SIPHeaderList<?> list ? Math.max(1, list.size()) : 1;
        }
        for (ListIterator<String> unparsed = request.getUnrecognizedHeaders(); unparsed.hasNext(); unparsed.next()) {
            count++;
        }
        return count;
    }
}
