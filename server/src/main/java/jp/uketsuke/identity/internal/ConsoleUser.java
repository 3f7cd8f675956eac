package jp.uketsuke.identity.internal;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a console session. Its authorities are the role's permissions plus {@code ROLE_<role>} as they
 * were at sign-in; nothing authorises with them: permissions are read afresh on every request ({@link Access}).
 */
final class ConsoleUser implements UserDetails, CredentialsContainer {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String username;
    private String passwordHash;
    private final UUID tenantId;
    private final Role role;
    private final boolean enabled;
    private final boolean locked;

    ConsoleUser(UserAccount account, boolean locked) {
        this.username = account.username();
        this.passwordHash = account.passwordHash();
        this.tenantId = account.tenantId();
        this.role = account.role();
        this.enabled = account.enabled();
        this.locked = locked;
    }

    UUID tenantId() {
        return tenantId;
    }

    Role role() {
        return role;
    }

    String actor() {
        return "user:" + username;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new ArrayList<>();
        role.permissions().forEach(p -> authorities.add(new SimpleGrantedAuthority(p)));
        authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object o) {
        // sessions are matched by user name (e.g. for concurrent-session control)
        return o instanceof ConsoleUser other && other.username.equals(username);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + role + "]";
    }
}
