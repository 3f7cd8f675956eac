package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

class SessionsTest extends RunningServer {

    @Test
    void userSeesOwnSessionsAndSignsOutEverywhere() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        Login someoneElse = userWithPassword(tenant);
        HttpsClient laptop = client();
        laptop.login(login.username(), login.password());
        HttpsClient phone = client();
        phone.login(login.username(), login.password());
        HttpsClient colleague = client();
        colleague.login(someoneElse.username(), someoneElse.password());

        HttpResponse<String> page = phone.get("/sessions");
        assertThat(page.statusCode()).isEqualTo(200);
        // the one where userWithPassword changed the password, the laptop and the phone
        assertThat(page.body().split("class=\"session\"", -1)).hasSize(4);
        assertThat(page.body().split("class=\"current-session\"", -1)).hasSize(2);
        assertThat(page.body()).contains("127.0.0.1");

        HttpResponse<String> ended = phone.post("/sessions/end-all", "/sessions", Map.of());

        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(laptop.get("/calls").statusCode()).isEqualTo(302);
        assertThat(phone.get("/calls").statusCode()).isEqualTo(302);
        assertThat(colleague.get("/calls").statusCode()).as("other users keep theirs").isEqualTo(200);
        laptop.login(login.username(), login.password());
        assertThat(laptop.get("/calls").statusCode()).isEqualTo(200);
    }

    @Test
    void loggingOutEndsTheSessionInTheList() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        HttpsClient laptop = client();
        laptop.login(login.username(), login.password());
        HttpsClient phone = client();
        phone.login(login.username(), login.password());

        assertThat(phone.post("/logout", "/sessions", Map.of()).statusCode()).isEqualTo(302);

        // left: the one where userWithPassword changed the password, and the laptop
        assertThat(laptop.get("/sessions").body().split("class=\"session\"", -1)).hasSize(3);
    }
}
