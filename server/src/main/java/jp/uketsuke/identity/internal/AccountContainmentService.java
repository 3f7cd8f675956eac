package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.util.Optional;
import jp.uketsuke.identity.AccountContainment;
import org.springframework.stereotype.Component;

/** The identity side of incident containment: the same account switch and session list the users page uses. */
@Component
class AccountContainmentService implements AccountContainment {

    private final UserAccounts accounts;
    private final ActiveSessions sessions;
    private final Clock clock;

    AccountContainmentService(UserAccounts accounts, ActiveSessions sessions, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public Optional<Account> account(String username) {
        return accounts.find(username).map(a -> new Account(a.username(), a.tenantId(), a.enabled()));
    }

    @Override
    public boolean suspend(String username) {
        boolean found = accounts.disable(username);
        // the account check refuses their sessions anyway; this also empties their list of sessions
        sessions.endAll(username);
        return found;
    }

    @Override
    public boolean reinstate(String username) {
        return accounts.enable(username, clock.instant());
    }

    @Override
    public int endSessions(String username) {
        return sessions.endAll(username);
    }
}
