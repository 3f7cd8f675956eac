package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

/** A platform administrator sees a tenant's calls only through an assignment, given and taken in the console. */
class PlatformAdminConsoleTest extends RunningServer {

    @Test
    void platformUsersMustEnrolASecondFactorBeforeTheySeeAnything() {
        String username = unique("platform-admin");
        String oneTime = identity.createPlatformUser(username, Role.PLATFORM_ADMIN);
        HttpsClient admin = client();
        admin.login(username, oneTime);

        HttpResponse<String> changed = admin.changePassword(oneTime, "operator of the platform " + UUID.randomUUID());

        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/mfa/enroll"));
        assertThat(admin.get("/calls").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/mfa/enroll"));
        assertThat(admin.get("/assignments").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/mfa/enroll"));
    }

    @Test
    void platformAdminSeesOnlyAssignedTenantsAndLosesOneAtOnceWhenUnassigned() {
        UUID first = newTenant();
        UUID second = newTenant();
        UUID firstCall = call(first, "first tenant's caller", "hello");
        UUID secondCall = call(second, "second tenant's caller", "hello");
        HttpsClient admin = client();
        UUID self = userId(userWithMfa(null, Role.PLATFORM_ADMIN, admin).username());

        HttpResponse<String> unassigned = admin.get("/calls");
        assertThat(unassigned.statusCode()).isEqualTo(200);
        assertThat(unassigned.body()).contains("表示できるテナントがありません").doesNotContain(firstCall.toString());
        assertThat(admin.get("/calls?tenant=" + first).statusCode()).isEqualTo(404);
        assertThat(admin.get("/calls/" + firstCall).statusCode()).isEqualTo(404);

        for (UUID tenant : new UUID[] {first, second}) {
            HttpResponse<String> assigned = admin.post("/assignments", "/assignments",
                    Map.of("user", self.toString(), "tenant", tenant.toString()));
            assertThat(assigned.statusCode()).isEqualTo(302);
        }

        HttpResponse<String> list = admin.get("/calls?tenant=" + second);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<select").contains(first.toString()).contains(second.toString())
                .contains(secondCall.toString()).doesNotContain(firstCall.toString());
        assertThat(admin.get("/calls?tenant=" + first).body()).contains(firstCall.toString());
        assertThat(admin.get("/calls/" + firstCall).body()).contains("first tenant&#39;s caller");
        assertThat(admin.get("/calls?tenant=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(admin.get("/assignments").body()).contains(assignedRow(first)).contains(assignedRow(second));

        admin.post("/assignments/remove", "/assignments", Map.of("user", self.toString(), "tenant", first.toString()));

        assertThat(admin.get("/calls/" + firstCall).statusCode()).isEqualTo(404);
        assertThat(admin.getBytes("/calls/" + firstCall + "/recording.wav").statusCode()).isEqualTo(404);
        assertThat(admin.get("/calls?tenant=" + first).statusCode()).isEqualTo(404);
        assertThat(admin.get("/calls?tenant=" + second).body()).contains(secondCall.toString());
    }

    @Test
    void assignmentsAreForPlatformUsersOnlyAndBadFormsChangeNothing() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        userWithMfa(null, Role.PLATFORM_ADMIN, admin);
        Login member = userWithPassword(tenant);
        String token = admin.csrfToken("/assignments");

        // a tenant user cannot be assigned anywhere: as absent as a user that does not exist
        for (Map<String, String> form : List.of(
                Map.of("user", userId(member.username()).toString(), "tenant", tenant.toString()),
                Map.of("user", UUID.randomUUID().toString(), "tenant", tenant.toString()),
                Map.of("user", userId(member.username()).toString(), "tenant", UUID.randomUUID().toString()),
                Map.of("user", "'; drop table assignments; --", "tenant", tenant.toString()),
                Map.of("tenant", tenant.toString()))) {
            assertThat(admin.postWithToken("/assignments", token, form).statusCode()).as(form.toString()).isEqualTo(404);
        }
        assertThat(admin.postWithToken("/assignments/remove", token,
                Map.of("user", UUID.randomUUID().toString(), "tenant", tenant.toString())).statusCode()).isEqualTo(404);
        assertThat(admin.get("/assignments").body()).doesNotContain(assignedRow(tenant));
    }

    /** What the assignments table has for each assignment to the tenant: the tenant in its removal form. */
    private static String assignedRow(UUID tenant) {
        return "name=\"tenant\" value=\"" + tenant + "\"";
    }
}
