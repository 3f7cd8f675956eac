package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

/** The product as shipped has no mail server: the inviting administrator is shown the link, once. */
class InvitationWithoutMailTest extends RunningServer {

    private static final Pattern LINK = Pattern.compile("id=\"invitation-link\">(https://[^<]+)<");

    @Test
    void withoutAMailServerTheLinkIsShownToTheInviterOnceAndWorks() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String username = unique("nomail");

        HttpResponse<String> made = admin.post("/invitations", "/invitations",
                Map.of("email", unique("nomail") + "@example.test", "username", username, "role", "builtin:TENANT_MEMBER"));

        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.body()).contains("メールサーバーが設定されていない");
        Matcher m = LINK.matcher(made.body());
        assertThat(m.find()).isTrue();
        URI link = URI.create(m.group(1));
        assertThat(link.getPort()).isEqualTo(port);
        assertThat(admin.get("/invitations").body()).contains(username).doesNotContain(link.getPath());

        HttpsClient invitee = client();
        assertThat(invitee.get(link.getPath()).headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/join"));
        HttpResponse<String> created = invitee.post("/join", "/join",
                Map.of("newPassword", "a long and unusual passphrase 7", "confirmPassword", "a long and unusual passphrase 7"));
        // sign-in ends on "/", which sends a member on to the calls
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        assertThat(invitee.get("/").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/calls"));
        assertThat(invitee.get("/calls").statusCode()).isEqualTo(200);
    }
}
