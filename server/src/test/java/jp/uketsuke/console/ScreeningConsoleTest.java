package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's sales-call screening (F4): lists and anonymous policy for flow editors, numbers shown masked, bad
 * input refused with nothing stored; the call page's 営業電話 / 営業ではない buttons for {@code screening:train},
 * refused and audited for staff without it.
 */
class ScreeningConsoleTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    private long rows(String table, UUID tenant) {
        return jdbc.sql("select count(*) from " + table + " where tenant_id = ?").param(tenant).query(Long.class).single();
    }

    @Test
    void anEditorKeepsTheListsAndPolicyAndSeesNumbersOnlyMasked() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String csrf = admin.csrfToken("/screening?tenant=" + tenant);

        HttpResponse<String> added = admin.postWithToken("/screening/numbers", csrf,
                Map.of("tenant", tenant.toString(), "list", "BLOCK", "number", "03-6666-1234"));
        assertThat(added.statusCode()).isEqualTo(302);
        String page = admin.get("/screening?tenant=" + tenant).body();
        assertThat(page).contains("036-****-1234").doesNotContain("0366661234").doesNotContain("6666");

        HttpResponse<String> notANumber = admin.postWithToken("/screening/numbers", csrf,
                Map.of("tenant", tenant.toString(), "list", "BLOCK", "number", "<script>alert(1)</script>"));
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("id=\"screening-error\"").doesNotContain("<script>alert(1)");
        HttpResponse<String> noSuchList = admin.postWithToken("/screening/numbers", csrf,
                Map.of("tenant", tenant.toString(), "list", "EVERYONE", "number", "03-6666-0000"));
        assertThat(noSuchList.statusCode()).isEqualTo(400);
        HttpResponse<String> noSuchPolicy = admin.postWithToken("/screening/anonymous", csrf,
                Map.of("tenant", tenant.toString(), "policy", "MAYBE"));
        assertThat(noSuchPolicy.statusCode()).isEqualTo(400);
        HttpResponse<String> noSuchEntry = admin.postWithToken("/screening/numbers/remove", csrf,
                Map.of("tenant", tenant.toString(), "entry", "not-an-id"));
        assertThat(noSuchEntry.statusCode()).isEqualTo(404);
        assertThat(rows("screening_numbers", tenant)).isEqualTo(1);
        assertThat(rows("screening_policies", tenant)).isZero();

        assertThat(admin.postWithToken("/screening/anonymous", csrf,
                Map.of("tenant", tenant.toString(), "policy", "DECLINE")).statusCode()).isEqualTo(302);
        assertThat(admin.get("/screening?tenant=" + tenant).body()).containsPattern("value=\"DECLINE\"[^>]*checked");
        UUID entry = jdbc.sql("select id from screening_numbers where tenant_id = ?").param(tenant).query(UUID.class).single();
        assertThat(admin.postWithToken("/screening/numbers/remove", csrf,
                Map.of("tenant", tenant.toString(), "entry", entry.toString())).statusCode()).isEqualTo(302);
        assertThat(rows("screening_numbers", tenant)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_events where tenant_id = ? and action like 'screening.%'")
                .param(tenant).query(Long.class).single()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void staffWithoutScreeningTrainAreRefusedAndAuditedAndNothingIsLearnt() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "新電力のご案内でお電話いたしました", "ご用件をお話しください。");
        Login member = userWithPassword(tenant);
        HttpsClient staff = client();
        staff.login(member.username(), member.password());
        assertThat(staff.get("/calls/" + call).body()).doesNotContain("id=\"screening-label\"");
        String csrf = staff.csrfToken("/calls/" + call);
        HttpResponse<String> refused = staff.postWithToken("/calls/" + call + "/screening", csrf,
                Map.of("label", "SALES"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("新電力");
        assertThat(rows("screening_labels", tenant)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'access.denied' and actor = ?")
                .param("user:" + member.username()).query(Long.class).single()).isPositive();
    }

    @Test
    void anOperatorMarksACallAsSalesOnTheCallPage() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "新電力のご案内でお電話いたしました", "ご用件をお話しください。");
        UUID other = call(newTenant(), "新電力のご案内でお電話いたしました", "ご用件をお話しください。");
        HttpsClient admin = client();
        userWithMfa(tenant, Role.TENANT_ADMIN, admin);
        assertThat(admin.get("/calls/" + call).body()).contains("id=\"screening-sales\"", "id=\"screening-not-sales\"");
        String csrf = admin.csrfToken("/calls/" + call);

        assertThat(admin.postWithToken("/calls/" + call + "/screening", csrf, Map.of("label", "PROBABLY"))
                .statusCode()).isEqualTo(400);
        assertThat(admin.postWithToken("/calls/" + other + "/screening", csrf, Map.of("label", "SALES"))
                .statusCode()).as("another tenant's call").isEqualTo(404);
        assertThat(admin.postWithToken("/calls/not-a-call/screening", csrf, Map.of("label", "SALES"))
                .statusCode()).isEqualTo(404);
        assertThat(rows("screening_labels", tenant)).isZero();

        HttpResponse<String> marked = admin.postWithToken("/calls/" + call + "/screening", csrf,
                Map.of("label", "SALES"));
        assertThat(marked.statusCode()).isEqualTo(302);
        assertThat(marked.headers().firstValue("Location").orElse("")).endsWith("?screening=saved");
        assertThat(rows("screening_labels", tenant)).isEqualTo(1);
        assertThat(admin.get("/calls/" + call + "?screening=saved").body()).contains("id=\"screening-label\"");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'screening.label.sales' and target = ?")
                .param("call:" + call).query(Long.class).single()).isEqualTo(1);
    }
}
