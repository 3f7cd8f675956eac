package jp.uketsuke.switchboard.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.calls.CallOutcome;
import org.springframework.context.event.EventListener;

/**
 * Counts closed calls by outcome ({@code uketsuke_calls_completed_total{outcome="faq_answered"}}): how many callers the
 * bot served, left a message, were put through. Learns of them as every other module does, from {@link CallCompleted}.
 */
final class CallOutcomeMeter {

    private final Map<CallOutcome, Counter> counters = new EnumMap<>(CallOutcome.class);

    CallOutcomeMeter(MeterRegistry meters) {
        for (CallOutcome outcome : CallOutcome.values()) {
            if (outcome != CallOutcome.IN_PROGRESS) {
                counters.put(outcome, Counter.builder("uketsuke.calls.completed")
                        .description("call records closed, by how the call ended")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters));
            }
        }
    }

    @EventListener
    void count(CallCompleted completed) {
        Counter counter = counters.get(completed.outcome());
        if (counter != null) {
            counter.increment();
        }
    }
}
