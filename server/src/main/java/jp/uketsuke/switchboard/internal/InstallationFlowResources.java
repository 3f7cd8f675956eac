package jp.uketsuke.switchboard.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.FlowResources;
import jp.uketsuke.voicebot.PromptRecordings;

/**
 * What flows may use here: the languages the installed synthesizers speak, the tenant's registered staff phones and
 * the desk phones configured under its numbers, and the tenant's recorded prompts.
 */
final class InstallationFlowResources implements FlowResources {

    private final SpeechEngines speech;
    private final StaffPhones phones;
    private final TransferProperties transfer;
    private final Tenants tenants;
    private final PromptRecordings recordings;

    InstallationFlowResources(SpeechEngines speech, StaffPhones phones, TransferProperties transfer, Tenants tenants,
                              PromptRecordings recordings) {
        this.speech = speech;
        this.phones = phones;
        this.transfer = transfer;
        this.tenants = tenants;
        this.recordings = recordings;
    }

    @Override
    public Set<String> languages() {
        return speech.languages();
    }

    @Override
    public Set<String> extensions(UUID tenantId) {
        Set<String> extensions = new HashSet<>(phones.extensions(tenantId));
        for (Map.Entry<String, Map<String, String>> line : transfer.staffPhones().entrySet()) {
            if (tenants.lineFor(line.getKey()).filter(l -> l.tenantId().equals(tenantId)).isPresent()) {
                extensions.addAll(line.getValue().keySet());
            }
        }
        return extensions;
    }

    @Override
    public Set<String> recordedPrompts(UUID tenantId) {
        return recordings.ids(tenantId);
    }
}
