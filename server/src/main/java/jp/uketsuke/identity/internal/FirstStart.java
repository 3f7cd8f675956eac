package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.IdentityAdmin;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Makes sure an installation can always be signed into: the first start creates the platform administrator. */
@Component
@Order(10)
class FirstStart implements ApplicationRunner {

    private final IdentityAdmin identity;

    FirstStart(IdentityAdmin identity) {
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        identity.createPlatformAdminIfMissing();
    }
}
