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
