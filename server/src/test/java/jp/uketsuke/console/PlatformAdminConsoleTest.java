package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

class PlatformAdminConsoleTest extends RunningServer {

    @Test
    void platformAdminPicksAmongTenantsAndSeesEachOnesCalls() {
        UUID first = newTenant();
        UUID second = newTenant();
        apiKey(first);
        apiKey(second);
        UUID firstCall = call(first, "first tenant's caller", "hello");
        UUID secondCall = call(second, "second tenant's caller", "hello");
        String oneTime = identity.resetPassword(IdentityAdmin.PLATFORM_ADMIN);
        // another test on this server may have enrolled the one platform administrator already
        identity.resetMfa(IdentityAdmin.PLATFORM_ADMIN);
        HttpsClient admin = client();
        admin.login(IdentityAdmin.PLATFORM_ADMIN, oneTime);
        String password = "operator of the platform " + UUID.randomUUID();
        HttpResponse<String> changed = admin.changePassword(oneTime, password);
        // platform users must enrol a second factor before they see anything
        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/mfa/enroll"));
        assertThat(admin.get("/calls?tenant=" + second).statusCode()).isEqualTo(302);
        admin.enrolMfa();

        HttpResponse<String> list = admin.get("/calls?tenant=" + second);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<select").contains(first.toString()).contains(second.toString())
                .contains(secondCall.toString()).doesNotContain(firstCall.toString());
        assertThat(admin.get("/calls?tenant=" + first).body()).contains(firstCall.toString());
        assertThat(admin.get("/calls/" + firstCall).body()).contains("first tenant&#39;s caller");
        assertThat(admin.get("/calls?tenant=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }
}
