package jp.uketsuke.switchboard.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.PublishedFlows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every tenant's published flow (building its FAQ index), speaks its prompts and loads its recorded prompts
 * once at start-up, in the background, so the first calls do not each wait for loading and synthesis: without it, a server taking calls at
 * once made its first callers wait for the synthesizer. Calls that come meanwhile wait for the one synthesis under
 * way ({@link Voice}), never start their own.
 */
final class PromptWarmup {

    private static final Logger log = LoggerFactory.getLogger(PromptWarmup.class);
    /** G.711 and G.722: the rates calls play prompts at. */
    private static final int[] SAMPLE_RATES = {8000, 16000};

    private final Tenants tenants;
    private final PublishedFlows flows;
    private final Voice voice;
    private final PromptRecordings recordings;

    PromptWarmup(Tenants tenants, PublishedFlows flows, Voice voice, PromptRecordings recordings) {
        this.tenants = tenants;
        this.flows = flows;
        this.voice = voice;
        this.recordings = recordings;
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
                CompiledFlow flow = flows.forCall(tenant, tenants.language(tenant).orElse("ja-JP"));
                for (Map.Entry<String, String> prompt : prompts(flow.flow()).entrySet()) {
                    for (int rate : SAMPLE_RATES) {
                        voice.speak(prompt.getKey(), prompt.getValue(), rate);
                    }
                    prompts++;
                }
                for (String recording : recordings(flow.flow())) {
                    for (int rate : SAMPLE_RATES) {
                        recordings.audio(tenant, recording, rate);
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

    /** Ids of the recordings a call of this flow may play, each once. */
    static Set<String> recordings(Flow flow) {
        Set<String> ids = new LinkedHashSet<>();
        flow.nodes().forEach(n -> n.prompts().stream().map(Prompt::audio).filter(Objects::nonNull).forEach(ids::add));
        return ids;
    }

    /** What a call of this flow may say, each once: text and its language. */
    static Map<String, String> prompts(Flow flow) {
        List<Prompt> all = new ArrayList<>();
        flow.nodes().forEach(n -> all.addAll(n.prompts()));
        Map<String, String> texts = new LinkedHashMap<>();
        for (Prompt p : all) {
            if (p.text() != null) {
                texts.putIfAbsent(p.text(), p.languageIn(flow.language()));
            }
        }
        for (FaqEntry entry : flow.faq()) {
            texts.putIfAbsent(entry.answer(), flow.language());
        }
        return texts;
    }
}
