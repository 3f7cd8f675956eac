package jp.uketsuke.switchboard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.CallFlows;
import jp.uketsuke.voicebot.FaqEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks every tenant's fixed prompts once at start-up, in the background, so the first calls do not each wait for
 * synthesis: without it, a server taking calls at once made its first callers wait for espeak-ng. Calls that come
 * meanwhile wait for the one synthesis under way ({@link Voice}), never start their own. A tenant without a saved
 * flow is skipped (its language is not known here); its first call makes its prompts.
 */
final class PromptWarmup {

    private static final Logger log = LoggerFactory.getLogger(PromptWarmup.class);
    /** G.711 and G.722: the rates calls play prompts at. */
    private static final int[] SAMPLE_RATES = {8000, 16000};

    private final Tenants tenants;
    private final CallFlows flows;
    private final Voice voice;

    PromptWarmup(Tenants tenants, CallFlows flows, Voice voice) {
        this.tenants = tenants;
        this.flows = flows;
        this.voice = voice;
    }

    /** Starts the warm-up on a virtual thread of its own and returns at once. */
    Thread start() {
        return Thread.ofVirtual().name("prompt-warmup").start(this::run);
    }

    void run() {
        int prompts = 0;
        long started = System.nanoTime();
        for (UUID tenant : tenants.names().keySet()) {
            try {
                Optional<CallFlow> flow = flows.forTenant(tenant);
                if (flow.isEmpty()) {
                    continue;
                }
                for (String text : prompts(flow.get())) {
                    for (int rate : SAMPLE_RATES) {
                        voice.speak(text, flow.get().language(), rate);
                    }
                    prompts++;
                }
            } catch (RuntimeException e) {
                // one tenant's broken flow must not keep the others' prompts cold
                log.warn("Prompts of tenant {} not prepared: {}", tenant, e.getClass().getName());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        log.info("Prepared {} prompts in {} ms", prompts, (System.nanoTime() - started) / 1_000_000);
    }

    /** What a call of this flow may say, each once. */
    static List<String> prompts(CallFlow flow) {
        List<String> texts = new ArrayList<>(List.of(flow.greeting(), flow.question(), flow.notUnderstood(),
                flow.anythingElse(), flow.messagePrompt(), flow.messageThanks(), flow.goodbye(), flow.suspended()));
        for (FaqEntry entry : flow.faq()) {
            texts.add(entry.answer());
        }
        if (flow.transfer() != null) {
            texts.add(flow.transfer().connectingPrompt());
            texts.add(flow.transfer().unavailablePrompt());
        }
        return texts.stream().filter(Objects::nonNull).filter(text -> !text.isBlank()).distinct().toList();
    }
}
