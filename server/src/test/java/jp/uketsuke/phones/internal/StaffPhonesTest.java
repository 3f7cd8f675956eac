package jp.uketsuke.phones.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhone;
import jp.uketsuke.phones.StaffPhoneRevoked;
import jp.uketsuke.telephony.PhoneCredentials;
import jp.uketsuke.testing.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.access.AccessDeniedException;

/** Staff phone credentials on H2 and PostgreSQL: generated, shown once, stored only as sealed digests, audited. */
@ParameterizedClass
@EnumSource(Database.class)
class StaffPhonesTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcStaffPhones phones;
    final List<Object> published = new ArrayList<>();
    UUID tenant;
    UUID otherTenant;
    Viewer admin;
    Viewer member;
    Viewer otherAdmin;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        phones = new JdbcStaffPhones(data.jdbc, data.vault, data.audit, published::add, data.clock, "uketsuke");
        tenant = data.tenants.create("山田歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        admin = new Viewer("user:hanako", Set.of(tenant), Set.of("users:manage"), "192.0.2.10");
        member = new Viewer("user:taro", Set.of(tenant), Set.of("calls:read"), "192.0.2.11");
        otherAdmin = new Viewer("user:mallory", Set.of(otherTenant), Set.of("users:manage"), "192.0.2.66");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewPhoneGetsAStrongPasswordOnceAndTheRegistrarGetsItsDigests() throws Exception {
        NewStaffPhone phone = phones.create(admin, tenant, "201");
        assertThat(phone.username()).matches("201-[a-z2-9]{6}");
        assertThat(phone.password()).hasSize(24).matches("[A-Za-z2-9]+");
        assertThat(phone.realm()).isEqualTo("uketsuke");
        assertThat(phone.toString()).doesNotContain(phone.password());
        assertThat(phones.create(admin, tenant, "202").password()).isNotEqualTo(phone.password());

        PhoneCredentials credentials = phones.find(phone.username()).orElseThrow();
        assertThat(credentials.tenant()).isEqualTo(tenant.toString());
        assertThat(credentials.extension()).isEqualTo("201");
        String secret = phone.username() + ":uketsuke:" + phone.password();
        assertThat(credentials.md5Ha1()).isEqualTo(hex("MD5", secret));
        assertThat(credentials.sha256Ha1()).isEqualTo(hex("SHA-256", secret));
        assertThat(credentials.toString()).doesNotContain(credentials.md5Ha1());
        assertThat(phones.find("201-nobody")).isEmpty();

        assertThat(phones.list(admin, tenant)).extracting(StaffPhone::extension).containsExactly("201", "202");
        assertThat(data.jdbc.sql("select count(*) from audit_events where action = 'phone.create' and result = 'ok'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void neitherThePasswordNorItsDigestsAreStoredInTheClear() throws Exception {
        NewStaffPhone phone = phones.create(admin, tenant, "201");
        String secret = phone.username() + ":uketsuke:" + phone.password();
        data.close(); // flush H2 to its file
        for (String text : List.of(phone.password(), hex("MD5", secret), hex("SHA-256", secret))) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Bytes.indexOf(Files.readAllBytes(file), text.getBytes(StandardCharsets.US_ASCII)))
                            .as("%s in %s", text.substring(0, 4), file).isNegative();
                }
            }
        }
        data = DataFixture.start(database, dataDir); // for stop()
    }

    @Test
    void onlyTheTenantsUserManagersMayManageItsPhonesAndRefusalsAreAudited() {
        assertThatThrownBy(() -> phones.create(member, tenant, "201")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> phones.create(otherAdmin, tenant, "201")).isInstanceOf(AccessDeniedException.class);
        phones.create(admin, tenant, "201");
        assertThatThrownBy(() -> phones.resetPassword(otherAdmin, tenant, "201")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> phones.remove(member, tenant, "201")).isInstanceOf(AccessDeniedException.class);
        assertThat(phones.list(otherAdmin, tenant)).isEmpty();
        assertThat(phones.list(admin, tenant)).hasSize(1);
        assertThat(data.jdbc.sql("select count(*) from audit_events where action like 'phone.%' and result = 'denied'")
                .query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void badOrTakenExtensionsAreRefused() {
        phones.create(admin, tenant, "201");
        for (String bad : List.of("", "1", "20a", "12345678901", "２０１", "201; drop table staff_phones")) {
            assertThatThrownBy(() -> phones.create(admin, tenant, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> phones.create(admin, tenant, "201")).hasMessageContaining("exists");
        assertThat(phones.create(admin, tenant, "301")).isNotNull();
        Viewer otherManager = new Viewer("user:jiro", Set.of(otherTenant), Set.of("users:manage"), "192.0.2.12");
        assertThat(phones.create(otherManager, otherTenant, "201").extension())
                .as("extensions are per tenant").isEqualTo("201");
        assertThat(phones.list(admin, tenant)).extracting(StaffPhone::extension).containsExactly("201", "301");
    }

    @Test
    void aNewPasswordReplacesTheOldAndRevokesTheRegistrations() throws Exception {
        NewStaffPhone first = phones.create(admin, tenant, "201");
        NewStaffPhone second = phones.resetPassword(admin, tenant, "201");
        assertThat(second.username()).isEqualTo(first.username());
        assertThat(second.password()).isNotEqualTo(first.password());
        assertThat(phones.find(first.username()).orElseThrow().md5Ha1())
                .isEqualTo(hex("MD5", first.username() + ":uketsuke:" + second.password()));
        assertThat(published).containsExactly(new StaffPhoneRevoked(first.username()));
        assertThatThrownBy(() -> phones.resetPassword(admin, tenant, "209")).isInstanceOf(IllegalArgumentException.class);

        phones.remove(admin, tenant, "201");
        assertThat(phones.find(first.username())).isEmpty();
        assertThat(phones.list(admin, tenant)).isEmpty();
        assertThat(published).hasSize(2);
        phones.remove(admin, tenant, "201"); // already gone: nothing happens
        assertThat(published).hasSize(2);
    }

    @Test
    void aTamperedRowDoesNotAuthenticateAndIsLeftAsItIs() throws Exception {
        NewStaffPhone a = phones.create(admin, tenant, "201");
        NewStaffPhone b = phones.create(admin, tenant, "202");
        // copy 202's sealed digest onto 201: it is bound to its own row, so it does not open there
        data.execute("update staff_phones set sealed_digest = (select sealed_digest from staff_phones where username = '"
                + b.username() + "') where username = '" + a.username() + "'");
        assertThat(phones.find(a.username())).isEmpty();
        assertThat(phones.find(b.username())).isPresent();
        assertThat(phones.list(admin, tenant)).hasSize(2);
    }
}
