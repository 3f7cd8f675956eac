package jp.uketsuke.voicebot.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.TransferTargets;

/** {@link TransferTargets} from {@link TransferProperties}: staff phones by tenant number and extension, one trunk. */
final class ConfiguredTransferTargets implements TransferTargets {

    private final TransferProperties properties;
    private final Tenants tenants;

    ConfiguredTransferTargets(TransferProperties properties, Tenants tenants) {
        this.properties = properties;
        this.tenants = tenants;
    }

    @Override
    public Optional<Destination> staffPhone(UUID tenantId, String extension) {
        for (Map.Entry<String, Map<String, String>> entry : properties.staffPhones().entrySet()) {
            String uri = entry.getValue().get(extension);
            // a phone is listed under one of the tenant's numbers: another tenant's extension is never reached
            if (uri != null && tenants.lineFor(entry.getKey()).filter(l -> l.tenantId().equals(tenantId)).isPresent()) {
                return Optional.of(new Destination.Contact(uri));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Destination> number(UUID tenantId, String number) {
        return Optional.ofNullable(properties.trunk()).map(trunk -> TransferProperties.route(trunk, number));
    }
}
