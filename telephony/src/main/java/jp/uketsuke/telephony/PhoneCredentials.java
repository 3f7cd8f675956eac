package jp.uketsuke.telephony;

import java.util.Objects;

/**
 * What the registrar needs to check a staff phone's digest: the phone's owner and extension, and its password only
 * as the RFC 7616 HA1 values H(username:realm:password) for MD5 and SHA-256, lower-case hex. Never logged.
 *
 * @param tenant    the owning tenant, opaque to telephony (the application's id)
 * @param extension the phone's extension within the tenant, e.g. "201"
 * @param username  the digest username, unique across the installation
 * @param realm     the realm the HA1 values were computed for
 */
public record PhoneCredentials(String tenant, String extension, String username, String realm, String md5Ha1,
                               String sha256Ha1) {

    public PhoneCredentials {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(md5Ha1, "md5Ha1");
        Objects.requireNonNull(sha256Ha1, "sha256Ha1");
    }

    @Override
    public String toString() {
        return "PhoneCredentials[tenant=" + tenant + ", extension=" + extension + ", username=" + username + "]";
    }
}
