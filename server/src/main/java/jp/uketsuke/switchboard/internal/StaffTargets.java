package jp.uketsuke.switchboard.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.Registration;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.Trunk;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.switchboard.TransferTargets;

/**
 * {@link TransferTargets} from what telephony knows now and from configuration: a staff phone where the registrar
 * last saw it register (or, for phones that do not register, where {@code uketsuke.transfer.staff-phones} says),
 * an outside number through the trunk that serves the tenant's number (or {@code uketsuke.transfer.trunk}).
 */
final class StaffTargets implements TransferTargets {

    private final TransferProperties properties;
    private final Tenants tenants;
    /** Asked at each transfer: the registrar belongs to the SIP server, which needs the receptionist that needs us. */
    private final Supplier<Registrations> registrations;
    private final Supplier<List<Trunk>> trunks;

    StaffTargets(TransferProperties properties, Tenants tenants, Supplier<Registrations> registrations,
                 Supplier<List<Trunk>> trunks) {
        this.properties = properties;
        this.tenants = tenants;
        this.registrations = registrations;
        this.trunks = trunks;
    }

    @Override
    public Optional<Destination> staffPhone(UUID tenantId, String extension) {
        Registrations registrar = registrations.get();
        if (registrar != null) {
            for (Registration registration : registrar.contacts(tenantId.toString(), extension)) {
                try {
                    // over UDP the phone is reached where it registered from, which is its NAT binding; over TLS
                    // through the connection it registered on (a phone holds no certificate to accept one of ours)
                    boolean flow = "UDP".equalsIgnoreCase(registration.transport())
                            || "TLS".equalsIgnoreCase(registration.transport());
                    return Optional.of(new Destination.Contact(registration.contact(),
                            flow && !registration.source().isUnresolved() ? registration.source() : null));
                } catch (IllegalArgumentException unusable) {
                    // a contact we cannot call (e.g. sips: without SIP over TLS): try the next registration
                }
            }
        }
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
    public Optional<Destination> number(UUID tenantId, String line, String number) {
        String tenantNumber = PhoneNumbers.normalise(line);
        List<Trunk> configured = trunks.get();
        if (!tenantNumber.isEmpty() && configured != null
                && tenants.lineFor(tenantNumber).filter(l -> l.tenantId().equals(tenantId)).isPresent()) {
            for (Trunk trunk : configured) {
                if (trunk.delivers(tenantNumber)) {
                    Trunk.Credentials credentials = trunk.credentials();
                    return Optional.of(new Destination.ViaTrunk(number, trunk.host(), trunk.port(), trunk.transport(),
                            credentials == null ? null : credentials.username(),
                            credentials == null ? null : credentials.password(), trunk.mediaSecurity()));
                }
            }
        }
        return Optional.ofNullable(properties.trunk()).map(trunk -> TransferProperties.route(trunk, number));
    }
}
