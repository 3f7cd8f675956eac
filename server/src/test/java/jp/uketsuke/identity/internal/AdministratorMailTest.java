package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a change of a notification destination is announced to the tenant's administrators by e-mail. The whole
 * application with GreenMail: a destination is added and its address changed in the console; the administrators with
 * an address (holders of notify:manage or users:manage) hear of both, a member without those rights and another
 * tenant's administrator hear nothing, the mail names neither the old nor the new address, and each message is in the
 * operation log.
 */
class AdministratorMailTest extends LifecycleServer {

    private static final String PASSWORD = "Correct horse battery staple 42";

    @Test
    void anAdministratorIsToldByEmailWhenADestinationIsAddedAndItsAddressChanged() throws Exception {
        UUID tenant = newTenant();
        User founder = tenantUser(tenant, Role.TENANT_ADMIN); // made by the installation: no address
        String adminEmail = address("kanri");
        String adminName = unique("kanri");
        invite(founder.client(), adminEmail, adminName, Role.TENANT_ADMIN);
        join(invitationPath(adminEmail), PASSWORD);
        String memberEmail = address("staff");
        invite(founder.client(), memberEmail, unique("staff"), Role.TENANT_MEMBER);
        join(invitationPath(memberEmail), PASSWORD);
        UUID elsewhere = newTenant();
        User otherFounder = tenantUser(elsewhere, Role.TENANT_ADMIN);
        String otherEmail = address("yoso");
        invite(otherFounder.client(), otherEmail, unique("yoso"), Role.TENANT_ADMIN);
        join(invitationPath(otherEmail), PASSWORD);

        String name = unique("受付窓口 ");
        HttpResponse<String> created = founder.client().post("/notifications/destinations", "/notifications",
                Map.of("kind", "EMAIL", "name", name, "level", "LINK", "address", "desk-old@example.test"));
        assertThat(location(created)).as("created: " + created.statusCode()).contains("/notifications/destinations/");
        String path = location(created).substring(location(created).indexOf("/notifications/destinations/"))
                .replaceAll("\\?.*", "");
        HttpResponse<String> changed = founder.client().post(path + "?tenant=" + tenant, path,
                Map.of("name", name, "level", "LINK", "address", "desk-new@example.test"));
        assertThat(changed.statusCode()).isEqualTo(302);

        List<MimeMessage> told = waitForMails(adminEmail, 3); // the invitation, then the two announcements
        MimeMessage added = told.get(1);
        MimeMessage redirected = told.get(2);
        assertThat(added.getSubject()).contains("通知先の設定が変わりました").contains("notification destination");
        assertThat(body(added)).contains(name).contains("user:" + founder.username()).contains("追加されました")
                .contains("was added by");
        assertThat(body(redirected)).contains(name).contains("宛先または秘密情報が").contains("address or secret")
                .contains("/notifications");
        for (MimeMessage m : told.subList(1, 3)) {
            assertThat(body(m)).doesNotContain("desk-old@example.test").doesNotContain("desk-new@example.test");
        }
        assertThat(auditCount(AdministratorMails.ACTION, "user:" + adminName, "ok")).isEqualTo(2);
        Thread.sleep(500); // anything else would have been sent by now, on the same thread
        assertThat(mailsTo(memberEmail)).as("a member without notify:manage or users:manage").hasSize(1);
        assertThat(mailsTo(otherEmail)).as("another tenant's administrator").hasSize(1);
    }

    private static List<MimeMessage> waitForMails(String address, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (mailsTo(address).size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(mailsTo(address)).as("mails to the administrator").hasSize(count);
        return mailsTo(address);
    }
}
