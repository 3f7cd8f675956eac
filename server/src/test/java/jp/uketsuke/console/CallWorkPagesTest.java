package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The call page's handling forms, the callbacks list and the recording's play audit, over HTTPS as a browser uses them. */
class CallWorkPagesTest extends RunningServer {

    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"(\\d+)\"");

    @Autowired
    JdbcClient jdbc;

    static int version(String page) {
        Matcher m = VERSION.matcher(page);
        assertThat(m.find()).as("a version on the page").isTrue();
        return Integer.parseInt(m.group(1));
    }

    int audits(String action, UUID call) {
        return jdbc.sql("select count(*) from audit_events where action = ? and target like ?")
                .params(action, "call:" + call + "%").query(Long.class).single().intValue();
    }

    @Test
    void statusMovesThroughTheWorkflowAndAStalePageIsToldNotOverwritten() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "折り返しをお願いします", "お電話ありがとうございます");
        HttpsClient c = signedIn(tenant);
        String page = c.get("/calls/" + call).body();
        assertThat(page).contains("id=\"work-status\"").contains("未対応").contains("対応中にする")
                .contains("<audio id=\"recording\" controls preload=\"none\"");
        String csrf = c.csrfToken("/calls/" + call);
        int seen = version(page);

        HttpResponse<String> moved = c.postWithToken("/calls/" + call + "/status", csrf,
                Map.of("version", seen, "status", "IN_PROGRESS"));
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(c.get("/calls/" + call).body()).contains("status-IN_PROGRESS");

        HttpResponse<String> stale = c.postWithToken("/calls/" + call + "/status", csrf, Map.of("version", seen, "status", "DONE"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("id=\"work-error\"").contains("他の人がこの内容を変更しました").contains("status-IN_PROGRESS");

        int now = version(c.get("/calls/" + call).body());
        for (String bad : new String[] {"CLOSED", "", "done; drop table calls", "x".repeat(5000)}) {
            HttpResponse<String> refused = c.postWithToken("/calls/" + call + "/status", csrf, Map.of("version", now, "status", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("状態の指定が正しくありません");
        }
        HttpResponse<String> backwards = c.postWithToken("/calls/" + call + "/status", csrf, Map.of("version", now, "status", "OPEN"));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(c.postWithToken("/calls/" + call + "/status", csrf, Map.of("version", "abc", "status", "DONE")).statusCode())
                .isEqualTo(409);
        assertThat(c.get("/calls/" + call + "?lang=en").body()).contains("In progress").contains("Mark done");
    }

    @Test
    void formsNeedTheCsrfTokenAndAnotherTenantsCallIsNotFound() {
        UUID mine = newTenant();
        UUID theirs = newTenant();
        UUID theirCall = call(theirs, "their words", "hello");
        UUID myCall = call(mine, "my words", "hello");
        HttpsClient c = signedIn(mine);
        String csrf = c.csrfToken("/calls/" + myCall);

        assertThat(c.postWithToken("/calls/" + myCall + "/status", null, Map.of("version", 0, "status", "DONE")).statusCode())
                .isEqualTo(403);
        for (String path : List.of("/status", "/assignee", "/tags", "/notes", "/callbacks")) {
            HttpResponse<String> r = c.postWithToken("/calls/" + theirCall + path, csrf, Map.of("version", 0,
                    "status", "DONE", "add", "x", "category", "OTHER", "number", "0312345678", "dueAt", "2026-12-01T10:00"));
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("their words");
        }
        assertThat(c.get("/callbacks?tenant=" + theirs).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select status from calls where id = ?").param(theirCall).query(String.class).single()).isEqualTo("OPEN");
    }

    @Test
    void tagsAndAssignmentFromThePage() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);
        String csrf = c.csrfToken("/calls/" + call);

        assertThat(c.postWithToken("/calls/" + call + "/tags", csrf, Map.of("version", version(c.get("/calls/" + call).body()),
                "add", "ＶＩＰ")).statusCode()).isEqualTo(302);
        assertThat(c.get("/calls/" + call).body()).contains("<span class=\"tag-name\">vip</span>");
        for (String bad : new String[] {"x".repeat(21), "a\u0007b", "a\u202eb", " "}) {
            HttpResponse<String> refused = c.postWithToken("/calls/" + call + "/tags", csrf,
                    Map.of("version", version(c.get("/calls/" + call).body()), "add", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("タグは1〜20文字");
        }
        assertThat(c.postWithToken("/calls/" + call + "/assignee", csrf, Map.of("version", version(c.get("/calls/" + call).body()),
                "me", "true")).statusCode()).isEqualTo(302);
        String page = c.get("/calls/" + call).body();
        String me = jdbc.sql("select assignee from calls where id = ?").param(call).query(String.class).single();
        assertThat(me).startsWith("user:staff");
        assertThat(page).contains(me.substring(5));
        HttpResponse<String> stranger = c.postWithToken("/calls/" + call + "/assignee", csrf,
                Map.of("version", version(page), "assignee", "user:someone-else"));
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(audits("call.assign", call)).isEqualTo(1);
    }

    @Test
    void notesArePrefilledOnNoBasisButSavedSealedMaskedForMembersAndMakeCallbacks() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "見積もりの件です", "hi");
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String csrf = admin.csrfToken("/calls/" + call);
        String due = LocalDateTime.now(ZoneId.of("Asia/Tokyo")).minusHours(1).withNano(0).withSecond(0).toString();

        HttpResponse<String> saved = admin.postWithToken("/calls/" + call + "/notes", csrf, Map.of("callerName", "山田太郎",
                "company", "山田商事", "category", "CALLBACK", "text", "見積もりの件", "callbackNeeded", "true",
                "callbackNumber", "090-8765-4321", "callbackBy", due));
        assertThat(saved.statusCode()).isEqualTo(302);
        String page = admin.get("/calls/" + call).body();
        assertThat(page).contains("山田太郎").contains("山田商事").contains("09087654321").contains("期限切れ");

        HttpsClient member = signedIn(tenant);
        String masked = member.get("/calls/" + call).body();
        assertThat(masked).doesNotContain("山田太郎").doesNotContain("8765").contains("見積もりの件");
        String list = member.get("/callbacks").body();
        assertThat(list).contains("id=\"callbacks-list\"").contains("期限切れ 1件").doesNotContain("8765");
        assertThat(audits("call.notes.read.unredacted", call)).isGreaterThanOrEqualTo(1);
        assertThat(audits("call.notes.read", call)).isGreaterThanOrEqualTo(1);

        HttpResponse<String> bad = admin.postWithToken("/calls/" + call + "/notes", csrf, Map.of("callerName", "x".repeat(41),
                "category", "OTHER", "text", "残しておきたい文"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("メモの項目が長すぎる").contains("残しておきたい文");
        assertThat(admin.postWithToken("/calls/" + call + "/notes", csrf, Map.of("category", "NONSENSE")).statusCode()).isEqualTo(400);
        assertThat(admin.postWithToken("/calls/" + call + "/notes", csrf, Map.of("category", "OTHER", "callbackNeeded", "true",
                "callbackNumber", "0312345678", "callbackBy", "tomorrow")).statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("select count(*) from call_notes where call_id = ?").param(call).query(Long.class).single()).isEqualTo(1);

        UUID task = jdbc.sql("select id from call_callbacks where call_id = ?").param(call).query(UUID.class).single();
        HttpResponse<String> done = member.postWithToken("/callbacks/" + task + "/done", member.csrfToken("/callbacks"),
                Map.of("version", 0, "done", "true", "back", "call"));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/calls/" + call + "#callbacks"));
        assertThat(member.get("/callbacks").body()).contains("期限切れ 0件");
        HttpResponse<String> stale = member.postWithToken("/callbacks/" + task + "/done", member.csrfToken("/callbacks"),
                Map.of("version", 0, "done", "false"));
        assertThat(stale.statusCode()).isEqualTo(409);
    }

    @Test
    void aPlayIsAuditedOnceNotOncePerRangeAndSkippingTheStartIsStillAudited() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);
        String wav = "/calls/" + call + "/recording.wav";

        // a player that never asks for byte 0 is audited at its first request
        assertThat(c.getBytes(wav, "Range", "bytes=1000-1999").statusCode()).isEqualTo(206);
        assertThat(audits("recording.play", call)).isEqualTo(1);
        assertThat(c.getBytes(wav, "Range", "bytes=2000-").statusCode()).isEqualTo(206);
        assertThat(c.getBytes(wav, "Range", "bytes=-100").statusCode()).isEqualTo(206);
        assertThat(audits("recording.play", call)).isEqualTo(1);
        // pressing play again starts at byte 0: a new play
        assertThat(c.getBytes(wav, "Range", "bytes=0-").statusCode()).isEqualTo(206);
        assertThat(c.getBytes(wav).statusCode()).isEqualTo(200);
        assertThat(audits("recording.play", call)).isEqualTo(3);
        // another person's ranges are theirs to be audited for
        HttpsClient other = signedIn(tenant);
        assertThat(other.getBytes(wav, "Range", "bytes=500-600").statusCode()).isEqualTo(206);
        assertThat(audits("recording.play", call)).isEqualTo(4);
    }

    @Test
    void theApiCallDetailCarriesHandling() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        String key = apiKey(tenant);
        HttpsClient c = client();

        String body = c.get("/api/v1/calls/" + call, "Authorization", "Bearer " + key).body();

        assertThat(body).contains("\"status\":\"OPEN\"").contains("\"assignee\":null").contains("\"tags\":[]")
                .contains("\"notes\":[]").contains("\"turns\"");
    }

    @Test
    void aPlatformOperatorAssignedToTheTenantIsAmongItsAssignees() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient operator = client();
        MfaLogin login = userWithMfa(null, Role.OPERATOR, operator);
        identity.assign(login.username(), tenant);

        String page = operator.get("/calls/" + call).body();
        assertThat(page).contains("<option value=\"user:" + login.username() + "\"");
        assertThat(operator.postWithToken("/calls/" + call + "/assignee", operator.csrfToken("/calls/" + call),
                Map.of("version", version(page), "me", "true")).statusCode()).isEqualTo(302);
    }
}
