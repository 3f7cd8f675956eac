package jp.uketsuke.switchboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.tenancy.PhoneNumbers;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Transfer targets from configuration, until staff phones register and trunks are configured elsewhere.
 *
 * @param staffPhones per tenant number (any form, e.g. {@code 0500000000}) and extension, the SIP URI of the staff
 *                    phone: {@code uketsuke.transfer.staff-phones.0500000000.201=sip:201@192.0.2.7:5060}
 * @param trunk       where calls to outside numbers go; absent: transfers to numbers are unavailable
 */
@ConfigurationProperties("uketsuke.transfer")
record TransferProperties(Map<String, Map<String, String>> staffPhones, Trunk trunk) {

    /** An upstream trunk for outbound legs; username and password answer its digest challenges (both or neither). */
    record Trunk(String host, Integer port, String transport, String username, String password) {
        @Override
        public String toString() {
            return "Trunk[host=" + host + ", port=" + port + ", transport=" + transport + ", username=" + username
                    + ", password=(hidden)]";
        }
    }

    TransferProperties {
        Map<String, Map<String, String>> checked = new LinkedHashMap<>();
        if (staffPhones != null) {
            staffPhones.forEach((number, phones) -> {
                String normalised = PhoneNumbers.normalise(number);
                if (normalised.isEmpty()) {
                    throw new IllegalArgumentException("uketsuke.transfer.staff-phones: \"" + number
                            + "\" is not a phone number");
                }
                Map<String, String> byExtension = new LinkedHashMap<>();
                (phones == null ? Map.<String, String>of() : phones).forEach((extension, uri) -> {
                    try {
                        byExtension.put(extension, new Destination.Contact(uri).uri());
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new IllegalArgumentException("uketsuke.transfer.staff-phones." + number + "." + extension
                                + ": " + e.getMessage());
                    }
                });
                checked.put(normalised, Map.copyOf(byExtension));
            });
        }
        staffPhones = Map.copyOf(checked);
        if (trunk != null && (trunk.host() == null || trunk.host().isBlank())) {
            trunk = null;
        }
        if (trunk != null) {
            try {
                route(trunk, "0");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("uketsuke.transfer.trunk: " + e.getMessage());
            }
        }
    }

    static Destination.ViaTrunk route(Trunk trunk, String number) {
        return new Destination.ViaTrunk(number, trunk.host().strip(), trunk.port() == null ? 5060 : trunk.port(),
                trunk.transport(), blankToNull(trunk.username()), blankToNull(trunk.password()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
