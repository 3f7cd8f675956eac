package jp.uketsuke.identity.internal;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads console users for form login; Spring Security turns "not found" into the same error as a wrong password. */
@Service
class ConsoleUsers implements UserDetailsService {

    private final UserAccounts accounts;
    private final LoginThrottle throttle;

    ConsoleUsers(UserAccounts accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return accounts.find(username)
                .map(a -> new ConsoleUser(a, throttle.accountBlocked(a.username())))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
