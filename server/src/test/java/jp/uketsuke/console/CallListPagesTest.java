package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The call list page, its live stream and the dashboard, over HTTPS against the running server. */
class CallListPagesTest extends RunningServer {

    /** The forms a number can take in a URL (query-encoded or not): none may appear in one the console makes. */
    static final List<String> NUMBER_FORMS = List.of("09012345678", "090-1234-5678", "090%2D1234", "12345678",
            "1234-5678", "81901234", "%2B81");

    @Autowired
    JdbcClient jdbc;

    @Test
    void theListShowsStatusCategoryAndOutcomeInJapaneseAndEnglish() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "伝言をお願いします", "お電話ありがとうございます");
        HttpsClient c = signedIn(tenant);

        String page = c.get("/calls").body();

        assertThat(page).contains("/calls/" + id).contains("090-****-5678").doesNotContain("09012345678")
                .contains("伝言を受付").contains("未対応").contains("用件の種類").contains("id=\"call-filters\"")
                .contains("<label for=\"filter-caller\"").contains("/js/call-list.js");
        assertThat(c.get("/calls?lang=en").body()).contains("Message taken").contains("Open").contains("Assigned to me");
    }

    @Test
    void aCallInProgressIsListedAsSuch() {
        UUID tenant = newTenant();
        UUID live = journal.open(tenant, "09011112222", "0500000000", Instant.now());
        HttpsClient c = signedIn(tenant);

        String page = c.get("/calls?outcome=IN_PROGRESS").body();

        assertThat(page).contains("/calls/" + live).contains("in-progress").contains("通話中");
        assertThat(c.get("/calls/rows?tenant=" + tenant).body()).startsWith("<tbody").contains("/calls/" + live);
        journal.close(live, Instant.now(), CallOutcome.CALLER_HUNG_UP);
    }

    @Test
    void everyParameterThatCannotBeReadIsA400NeverAServerError() {
        UUID tenant = newTenant();
        call(tenant, "hello", "hi");
        HttpsClient c = signedIn(tenant);
        String[] bad = {"from=2026-02-30", "to=not-a-day", "from=2026-04-02&to=2026-04-01", "status=CLOSED",
                "outcome=MISSED", "category=SPAM", "blocked=maybe", "mine=perhaps", "caller=hello",
                "caller=" + "0".repeat(41), "tag=" + "x".repeat(41), "cursor=abc", "cursor=" + "A".repeat(54),
                "status=" + enc("OPEN' or '1'='1"), "tag=" + enc("\u0000"), "caller=" + enc("'; drop table calls; --"),
                "caller=09012345678", "callerRef=abc", "callerRef=" + "0".repeat(63), "callerRef=" + "A".repeat(64),
                "callerRef=" + enc("0".repeat(64) + "' or 1=1 --"), "callerRef=" + "0".repeat(64) + "&caller=0901234567"};
        for (String query : bad) {
            HttpResponse<String> page = c.get("/calls?" + query);
            assertThat(page.statusCode()).as(query).isEqualTo(400);
            assertThat(page.body()).as(query).contains("role=\"alert\"").doesNotContain("Exception");
            assertThat(c.get("/calls/rows?" + query).statusCode()).as(query).isEqualTo(400);
        }
        // a SQL metacharacter in a tag is only a tag nobody used
        assertThat(c.get("/calls?tag=" + enc("' or 1=1 --")).statusCode()).isEqualTo(200);
    }

    @Test
    void aNumberIsPostedAndTheListItLeadsToCarriesOnlyAReferenceInEveryUrl() {
        UUID tenant = newTenant();
        for (int i = 0; i < 51; i++) {
            journal.close(journal.open(tenant, "09012345678", "0500000000", Instant.now().minusSeconds(i)),
                    Instant.now(), CallOutcome.MESSAGE_TAKEN);
        }
        UUID otherNumber = journal.open(tenant, "09099998888", "0500000000", Instant.now());
        journal.close(otherNumber, Instant.now(), CallOutcome.MESSAGE_TAKEN);
        HttpsClient c = signedIn(tenant);
        String token = c.csrfToken("/calls");

        HttpResponse<String> posted = c.postWithToken("/calls/caller", token, Map.of("tenant", tenant.toString(),
                "caller", "090-1234-5678", "outcome", "MESSAGE_TAKEN", "cursor", "dropped"));

        assertThat(posted.statusCode()).isEqualTo(302);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*/calls\\?tenant=" + tenant + "&outcome=MESSAGE_TAKEN&callerRef=[0-9a-f]{64}");
        assertNoNumber(location);
        String reference = location.replaceAll(".*callerRef=", "");
        assertThat(posted.body()).doesNotContain("5678");

        String page = c.get(location.substring(location.indexOf("/calls"))).body();
        assertThat(page).contains("番号で絞り込み中: 090-****-5678").contains("id=\"caller-filter-clear\"")
                .doesNotContain("/calls/" + otherNumber).doesNotContain("09012345678");
        assertThat(page.split("data-call=").length - 1).isEqualTo(50);
        // every URL of the page: the next page, the live reload, the first page, clearing the number, the forms
        List<String> urls = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:href|action|data-rows|data-first|data-stream)=\"([^\"]*)\"")
                .matcher(page);
        while (m.find()) {
            urls.add(m.group(1).replace("&amp;", "&"));
        }
        assertThat(urls).anyMatch(u -> u.startsWith("/calls/rows") && u.contains("callerRef=" + reference))
                .anyMatch(u -> u.contains("cursor=") && u.contains("callerRef=" + reference))
                .anyMatch(u -> u.equals("/calls?tenant=" + tenant + "&outcome=MESSAGE_TAKEN"));
        urls.forEach(CallListPagesTest::assertNoNumber);
        // the filter form keeps the number filter when other filters change; the number form keeps the others
        assertThat(page).contains("name=\"callerRef\" value=\"" + reference + "\"")
                .contains("name=\"outcome\" value=\"MESSAGE_TAKEN\"");

        String next = urls.stream().filter(u -> u.contains("cursor=")).findFirst().orElseThrow();
        assertThat(c.get(next).body().split("data-call=").length - 1).isEqualTo(1);
        String rows = c.get(urls.stream().filter(u -> u.startsWith("/calls/rows")).findFirst().orElseThrow()).body();
        assertThat(rows.split("data-call=").length - 1).isEqualTo(50);
        assertThat(rows).doesNotContain("/calls/" + otherNumber);

        // audited as a search; neither the number nor its reference is in the operation log (its digits run together:
        // "1234" alone turns up in the call ids of the log's other events now and then)
        List<String> audit = jdbc.sql("select action || ' ' || target from audit_events where tenant_id = ?")
                .param(tenant).query(String.class).list();
        assertThat(audit).contains("call.search tenant:" + tenant)
                .noneMatch(a -> a.contains("12345678") || a.contains("1234-5678") || a.contains(reference));
    }

    @Test
    void aNumberSearchNeedsTheFormsTokenAndRefusesWhatIsNotANumberWithoutRepeatingIt() {
        UUID tenant = newTenant();
        HttpsClient c = signedIn(tenant);
        Map<String, String> form = Map.of("tenant", tenant.toString(), "caller", "090-1234-5678");

        assertThat(c.postWithToken("/calls/caller", null, form).statusCode()).isEqualTo(403);
        assertThat(c.postWithToken("/calls/caller", "forged-token", form).statusCode()).isEqualTo(403);
        String token = c.csrfToken("/calls");
        for (String bad : new String[] {"not a number", "'; drop table calls; --", "0".repeat(41), "<script>x</script>"}) {
            HttpResponse<String> refused = c.postWithToken("/calls/caller", token, Map.of("tenant", tenant.toString(),
                    "caller", bad, "status", "OPEN"));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("role=\"alert\"").doesNotContain(bad)
                    .doesNotContain("<script>x").doesNotContain("Exception");
        }
        // an empty number clears the search, keeping the other filters
        HttpResponse<String> cleared = c.postWithToken("/calls/caller", token, Map.of("tenant", tenant.toString(),
                "caller", " ", "status", "OPEN", "callerRef", "0".repeat(64)));
        assertThat(cleared.headers().firstValue("Location").orElseThrow()).endsWith("/calls?tenant=" + tenant + "&status=OPEN");
        // a tenant of someone else's is not found, whatever the number
        assertThat(c.postWithToken("/calls/caller", token, Map.of("tenant", newTenant().toString(),
                "caller", "090-1234-5678")).statusCode()).isEqualTo(404);
    }

    @Test
    void aReferenceMadeInAnotherTenantFindsNothingHere() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        journal.close(journal.open(tenant, "09012345678", "0500000000", Instant.now()), Instant.now(), CallOutcome.COMPLETED);
        UUID theirs = journal.open(other, "09012345678", "0500000000", Instant.now());
        journal.close(theirs, Instant.now(), CallOutcome.COMPLETED);
        HttpsClient them = signedIn(other);
        String location = them.postWithToken("/calls/caller", them.csrfToken("/calls"),
                Map.of("tenant", other.toString(), "caller", "09012345678")).headers().firstValue("Location").orElseThrow();
        String theirReference = location.replaceAll(".*callerRef=", "");
        assertThat(them.get("/calls?tenant=" + other + "&callerRef=" + theirReference).body()).contains("/calls/" + theirs);

        HttpsClient c = signedIn(tenant);
        HttpResponse<String> here = c.get("/calls?tenant=" + tenant + "&callerRef=" + theirReference);
        assertThat(here.statusCode()).isEqualTo(200);
        assertThat(here.body()).contains("条件に合う通話はありません").contains("番号で絞り込み中")
                .doesNotContain("data-call=");
        assertThat(c.get("/calls/rows?tenant=" + tenant + "&callerRef=" + theirReference).body()).doesNotContain("data-call=");
        // and their list is not ours to open with it
        assertThat(c.get("/calls?tenant=" + other + "&callerRef=" + theirReference).statusCode()).isEqualTo(404);
    }

    private static void assertNoNumber(String url) {
        for (String form : NUMBER_FORMS) {
            assertThat(url).as(url).doesNotContain(form);
        }
    }

    @Test
    void theNextPageLinkCarriesTheFiltersAndACursor() {
        UUID tenant = newTenant();
        for (int i = 0; i < 51; i++) {
            journal.close(journal.open(tenant, "09011112222", "0500000000", Instant.now().minusSeconds(i)),
                    Instant.now(), CallOutcome.FAQ_ANSWERED);
        }
        HttpsClient c = signedIn(tenant);

        String first = c.get("/calls?outcome=FAQ_ANSWERED").body();
        String next = first.replaceAll("(?s).*id=\"call-list-next\" rel=\"next\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");

        assertThat(next).contains("outcome=FAQ_ANSWERED").contains("cursor=");
        String second = c.get(next).body();
        assertThat(second.split("data-call=").length - 1).isEqualTo(1);
        assertThat(second).doesNotContain("id=\"call-list-next\"");
    }

    @Test
    void aNewCallOfTheTenantArrivesOnTheStreamAndAnotherTenantsDoesNot() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient c = signedIn(tenant);
        HttpResponse<InputStream> stream = c.stream("/calls/live?tenant=" + tenant);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception ended) {
                // closed by the test
            }
        });
        assertThat(next(lines, "event:ready")).isNotNull();

        UUID theirs = journal.open(other, "09033334444", "0500000000", Instant.now());
        UUID mine = journal.open(tenant, "09011112222", "0500000000", Instant.now());
        journal.close(mine, Instant.now(), CallOutcome.FAQ_ANSWERED);

        String started = next(lines, "data:{\"call\"");
        String ended = next(lines, "data:{\"call\"");
        assertThat(started).contains(mine.toString()).contains("started").doesNotContain("0901111");
        assertThat(ended).contains(mine.toString()).contains("ended");
        assertThat(String.join("\n", lines)).doesNotContain(theirs.toString());
        stream.body().close();
        reader.interrupt();
        journal.close(theirs, Instant.now(), CallOutcome.FAQ_ANSWERED);
    }

    @Test
    void theStreamOfAnotherTenantIsNotFoundAndStreamsPerSessionAreLimited() throws Exception {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient c = signedIn(tenant);

        assertThat(c.getHeadersOnly("/calls/live?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(c.getHeadersOnly("/calls/live?tenant=nonsense").statusCode()).isEqualTo(404);
        var open = new java.util.ArrayList<HttpResponse<InputStream>>();
        for (int i = 0; i < 4; i++) {
            open.add(c.stream("/calls/live?tenant=" + tenant));
            assertThat(open.getLast().statusCode()).isEqualTo(200);
        }
        assertThat(c.getHeadersOnly("/calls/live?tenant=" + tenant).statusCode()).isEqualTo(429);
        for (var s : open) {
            s.body().close();
        }
    }

    @Test
    void theDashboardCountsTodaysCallsAndDrawsTheWeekWithATextAlternative() {
        UUID tenant = newTenant();
        call(tenant, "伝言をお願いします", "お電話ありがとうございます");
        journal.close(journal.open(tenant, "09011112222", "0500000000", Instant.now()), Instant.now(), CallOutcome.BLOCKED);
        HttpsClient c = signedIn(tenant);

        HttpResponse<String> page = c.get("/dashboard");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"figure-calls\">2<").contains("id=\"figure-blocked\">1<")
                .contains("id=\"figure-faq\">0<").contains(">1</a>") // one message waiting, linked to the list
                .contains("id=\"figure-overdue-callbacks\">0<")
                .contains("id=\"figure-failed-notifications\">—<") // a member does not manage notifications
                .contains("<svg id=\"hourly-chart\" role=\"img\"").contains("<rect").contains("<details")
                .contains("7日間で2件の通話");
        assertThat(c.get("/dashboard?lang=en").body()).contains("Calls today").contains("2 calls in 7 days");
        assertThat(c.get("/dashboard?tenant=" + newTenant()).statusCode()).isEqualTo(404);
    }

    @Test
    void theApiTakesTheSameFiltersAndPagesWithACursor() {
        UUID tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            journal.close(journal.open(tenant, "09011112222", "0500000000", Instant.now().minusSeconds(i)),
                    Instant.now(), CallOutcome.BLOCKED);
        }
        call(tenant, "hello", "hi");
        String key = apiKey(tenant);
        HttpsClient c = client();

        String first = c.get("/api/v1/calls?blocked=only&limit=2", "Authorization", "Bearer " + key).body();
        assertThat(first).contains("\"outcome\":\"BLOCKED\"").contains("\"status\":\"OPEN\"").doesNotContain("MESSAGE_TAKEN");
        String cursor = first.replaceAll("(?s).*\"next\":\"([^\"]+)\".*", "$1");
        String second = c.get("/api/v1/calls?blocked=only&limit=2&cursor=" + cursor, "Authorization", "Bearer " + key).body();
        assertThat(second).contains("\"next\":null").contains("BLOCKED");
        for (String bad : new String[] {"status=CLOSED", "cursor=abc", "from=2026-13-01", "limit=many", "caller=hello"}) {
            HttpResponse<String> response = c.get("/api/v1/calls?" + bad, "Authorization", "Bearer " + key);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).contains("\"parameter\"").doesNotContain("Exception");
        }
    }

    private static String next(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with " + prefix + " within 10 s");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
