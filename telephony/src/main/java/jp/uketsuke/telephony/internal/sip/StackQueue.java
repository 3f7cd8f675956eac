package jp.uketsuke.telephony.internal.sip;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.lang.reflect.Field;
import java.util.Queue;
import javax.sip.ListeningPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the oldest datagram in JAIN-SIP's UDP queue has been waiting for one of the stack's threads: the part of a
 * request's delay the application never sees otherwise. The stack keeps the queue and each datagram's arrival time
 * but does not publish them, so the queue is taken from its listening point by reflection, once.
 */
public final class StackQueue {

    private static final Logger log = LoggerFactory.getLogger(StackQueue.class);

    private final Queue<?> queue;

    private StackQueue(Queue<?> queue) {
        this.queue = queue;
    }

    /**
     * The queue of a started stack's UDP listening point; null (with a warning) when this JAIN-SIP version keeps it
     * elsewhere.
     */
    public static StackQueue of(ListeningPoint udp) {
        try {
            MessageProcessor processor = ((ListeningPointImpl) udp).getMessageProcessor();
            Field field = UDPMessageProcessor.class.getDeclaredField("messageQueue");
            field.setAccessible(true);
            Queue<?> queue = (Queue<?>) field.get(processor);
            if (queue == null) {
                throw new IllegalStateException("no queue yet");
            }
            return new StackQueue(queue);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("The SIP stack's UDP queue cannot be watched ({}): overload is judged by calls in set-up only",
                    e.getClass().getName());
            return null;
        }
    }

    /** Milliseconds the oldest waiting datagram has waited; 0 when none waits. */
    public long oldestWaitMillis() {
        Object oldest = queue.peek();
        if (oldest instanceof DatagramQueuedMessageDispatch dispatch) {
            return Math.max(0, System.currentTimeMillis() - dispatch.getReceptionTime());
        }
        return 0;
    }
}
