package jp.uketsuke.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

class CallsApiTest extends RunningServer {

    private HttpResponse<String> get(String path, String key) {
        HttpsClient c = client();
        return key == null ? c.get(path) : c.get(path, "Authorization", "Bearer " + key);
    }

    @Test
    void listsTheKeysTenantsCallsAndOneCallWithItsTurns() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "I would like to leave a message", "Hello, this is the receptionist");
        String key = apiKey(tenant);

        HttpResponse<String> list = get("/api/v1/calls", key);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(list.body()).contains(call.toString()).contains("090-****-5678").doesNotContain("09012345678");

        HttpResponse<String> one = get("/api/v1/calls/" + call, key);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("I would like to leave a message").contains("\"speaker\":\"BOT\"")
                .contains("\"offsetMillis\":65000").contains("MESSAGE_TAKEN");
        assertThat(one.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void aNumberIsSearchedForInTheBodyAndTheOldQueryParameterStillWorks() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        UUID other = journal.open(tenant, "0312345678", "0500000000", Instant.now());
        String key = apiKey(tenant);
        HttpsClient c = client();

        HttpResponse<String> found = c.postJson("/api/v1/calls/search",
                "{\"caller\": \"+81 90-1234-5678\", \"outcome\": \"MESSAGE_TAKEN\", \"mine\": false, \"limit\": 10}",
                "Authorization", "Bearer " + key);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains(call.toString()).doesNotContain(other.toString()).contains("090-****-5678")
                .contains("\"next\":null").doesNotContain("09012345678");
        assertThat(c.postJson("/api/v1/calls/search", "{\"caller\": \"09099999999\"}", "Authorization", "Bearer " + key)
                .body()).doesNotContain(call.toString());
        // discouraged (access logs keep query strings), but what clients already call keeps working
        assertThat(get("/api/v1/calls?caller=09012345678", key).body()).contains(call.toString())
                .doesNotContain(other.toString());
        // the next page: the same body with the cursor
        for (int i = 0; i < 2; i++) {
            journal.close(journal.open(tenant, "09012345678", "0500000000", Instant.now().minusSeconds(100 + i)),
                    Instant.now(), jp.uketsuke.calls.CallOutcome.COMPLETED);
        }
        String first = c.postJson("/api/v1/calls/search", "{\"caller\": \"09012345678\", \"limit\": 2}",
                "Authorization", "Bearer " + key).body();
        String cursor = first.replaceAll("(?s).*\"next\":\"([^\"]+)\".*", "$1");
        String second = c.postJson("/api/v1/calls/search", "{\"caller\": \"09012345678\", \"limit\": 2, \"cursor\": \""
                + cursor + "\"}", "Authorization", "Bearer " + key).body();
        assertThat(second).contains("\"next\":null").doesNotContain(other.toString());
    }

    @Test
    void aSearchBodyThatCannotBeReadIsA400ThatDoesNotRepeatIt() {
        UUID tenant = newTenant();
        String key = apiKey(tenant);
        HttpsClient c = client();
        for (String bad : new String[] {"", "null", "[]", "\"09012345678\"", "{\"caller\": [\"09012345678\"]}",
                "{\"caller\": \"0901234\", \"caller\": \"09012345678\"}", "{\"number\": \"09012345678\"}",
                "{\"caller\": \"09012345678\"", "{\"limit\": 0}", "{\"limit\": 201}", "{\"limit\": \"many\"}",
                "{\"mine\": \"perhaps\"}", "{\"caller\": \"not a number 5678\"}", "{\"status\": \"CLOSED\"}",
                "{\"cursor\": \"abc\"}", "{\"caller\": \"'; drop table calls; --\"}",
                "{\"callerRef\": \"" + "0".repeat(64) + "\"}", "{\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": {}}}}}}}}}"}) {
            HttpResponse<String> r = c.postJson("/api/v1/calls/search", bad, "Authorization", "Bearer " + key);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("\"error\"").doesNotContain("5678").doesNotContain("drop table")
                    .doesNotContain("Exception");
        }
        HttpResponse<String> large = c.postJson("/api/v1/calls/search", "{\"tag\": \"" + "x".repeat(5000) + "\"}",
                "Authorization", "Bearer " + key);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(c.postJson("/api/v1/calls/search", "{}").statusCode()).isEqualTo(401);
        String noCalls = identity.createApiKey(tenant, Set.of(Permissions.RECORDINGS_PLAY), null);
        assertThat(c.postJson("/api/v1/calls/search", "{}", "Authorization", "Bearer " + noCalls).statusCode())
                .isEqualTo(403);
    }

    @Test
    void missingKeyIsUnauthorized() {
        HttpResponse<String> response = get("/api/v1/calls", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void badKeysAreUnauthorized() {
        UUID tenant = newTenant();
        call(tenant, "secret words", "hello");
        String key = apiKey(tenant);
        String wrongSecret = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (String bad : new String[] {wrongSecret, "uk_00000000_" + "A".repeat(43), "not-a-key", "uk_", key + "x", ""}) {
            HttpResponse<String> response = get("/api/v1/calls", bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(401);
            assertThat(response.body()).doesNotContain("secret words");
        }
        HttpResponse<String> basic = client().get("/api/v1/calls", "Authorization", "Basic YWRtaW46YWRtaW4=");
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @Test
    void expiredKeyIsUnauthorized() {
        UUID tenant = newTenant();
        String expired = identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ), Instant.now().minusSeconds(1));

        assertThat(get("/api/v1/calls", expired).statusCode()).isEqualTo(401);
    }

    @Test
    void revokedKeyIsUnauthorizedAtOnce() {
        UUID tenant = newTenant();
        String key = apiKey(tenant);
        assertThat(get("/api/v1/calls", key).statusCode()).isEqualTo(200);

        identity.revokeApiKey(key.substring(3, 11));

        assertThat(get("/api/v1/calls", key).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherTenantsCallIsNotFound() {
        UUID mine = newTenant();
        UUID theirs = newTenant();
        UUID theirCall = call(theirs, "their private message", "hello");
        String key = apiKey(mine);

        HttpResponse<String> response = get("/api/v1/calls/" + theirCall, key);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_found\"}");
        assertThat(get("/api/v1/calls", key).body()).doesNotContain(theirCall.toString());
    }

    @Test
    void malformedAndUnknownIdsAreNotFound() {
        String key = apiKey(newTenant());

        for (String id : new String[] {"nonsense", "1-1-1-1-1", UUID.randomUUID().toString(), "%00", "..%2f..%2fetc"}) {
            HttpResponse<String> response = get("/api/v1/calls/" + id, key);
            assertThat(response.statusCode()).as(id).isIn(400, 404);
            assertThat(response.body()).as(id).doesNotContain("Exception").doesNotContain("at jp.");
        }
    }

    @Test
    void keyWithoutCallsReadIsForbidden() {
        UUID tenant = newTenant();
        String key = identity.createApiKey(tenant, Set.of(Permissions.RECORDINGS_PLAY), null);

        HttpResponse<String> response = get("/api/v1/calls", key);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"error\":\"forbidden\"}");
    }

    @Test
    void consoleSessionDoesNotOpenTheApi() {
        HttpsClient c = signedIn(newTenant());

        assertThat(c.get("/api/v1/calls").statusCode()).isEqualTo(401);
    }
}
