package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/PERMISSIONS.md} is rendered from {@link Role} and {@link Permissions} (labels from the message bundles),
 * so the documented matrix cannot drift from the one the server enforces. Run with {@code -Duketsuke.write-docs=true}
 * to rewrite the file.
 */
class PermissionsDocumentTest {

    static final String REGENERATE = "./mvnw -q -o -pl server -am test -Dtest=PermissionsDocumentTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Duketsuke.write-docs=true";

    /** The tests run in the server module's directory; the docs are the project's. */
    private static final Path DOCUMENT = Path.of("").toAbsolutePath().getParent().resolve("docs/PERMISSIONS.md");

    private static final Properties JA = bundle("messages_ja.properties");
    private static final Properties EN = bundle("messages_en.properties");

    @Test
    void docsPermissionsMdIsTheMatrixTheCodeEnforces() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("uketsuke.write-docs")) {
            Files.writeString(DOCUMENT, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOCUMENT)).as(DOCUMENT + " is missing; write it with: " + REGENERATE).isTrue();
        assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
                .as("docs/PERMISSIONS.md differs from what Role and Permissions say; regenerate it with: " + REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void everyPermissionAndRoleHasJapaneseAndEnglishNames() {
        for (String permission : Permissions.IN_ORDER) {
            assertThat(JA.getProperty(key(permission))).as(permission).isNotBlank();
            assertThat(EN.getProperty(key(permission))).as(permission).isNotBlank();
        }
        for (Role role : Role.values()) {
            for (String suffix : List.of("", ".about")) {
                assertThat(JA.getProperty("role." + role.name() + suffix)).as(role + suffix).isNotBlank();
                assertThat(EN.getProperty("role." + role.name() + suffix)).as(role + suffix).isNotBlank();
            }
        }
        assertThat(Set.copyOf(Permissions.IN_ORDER)).isEqualTo(Permissions.ALL).hasSize(Permissions.IN_ORDER.size());
        assertThat(Permissions.ALL).containsAll(Role.grantableIn(Role.Scope.PLATFORM)).containsAll(Role.grantableIn(Role.Scope.TENANT));
    }

    static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Permissions and roles (権限とロール)\n\n");
        md.append("<!-- Generated from jp.uketsuke.identity.Role and Permissions by PermissionsDocumentTest: do not edit.\n")
                .append("     Regenerate: ").append(REGENERATE).append(" -->\n\n");
        md.append("""
                Deny by default: a request is allowed only when the permission its endpoint declares is held. Every \
                console page and API endpoint declares one (`@RequiresPermission`), or is open to every signed-in user \
                (own account: password, second factor, sessions) or to everyone (the login page). Holders of a tenant \
                role reach their own tenant only; holders of a platform role reach platform administration and, for \
                a tenant's data, only the tenants they are assigned to. Another tenant's ids answer 404, exactly as \
                ids that do not exist.

                Custom roles: whoever holds `roles:manage` may define named roles of their tenant (or of the \
                platform) holding only permissions they hold themselves and that the built-in roles of that scope \
                can hold; API keys likewise hold only what their creator holds. Whoever holds `users:manage` gives \
                users a built-in or custom role of their scope, but never one with a permission over others' access \
                (see below) that they do not hold themselves. Role, custom role and assignment changes act on the \
                next request of every open session.

                """);
        md.append("## Overview (一覧)\n\n| permission | 権限 | ");
        md.append(Arrays.stream(Role.values()).map(r -> "`" + r.name() + "`").collect(Collectors.joining(" | ")));
        md.append(" |\n| --- | --- |").append(" :-: |".repeat(Role.values().length)).append('\n');
        for (String permission : Permissions.IN_ORDER) {
            md.append("| `").append(permission).append("` | ").append(JA.getProperty(key(permission))).append(" |");
            for (Role role : Role.values()) {
                md.append(role.permissions().contains(permission) ? " ✓ |" : " |");
            }
            md.append('\n');
        }
        md.append("| scope | 範囲 |");
        for (Role role : Role.values()) {
            md.append(' ').append(role.platformWide() ? "platform" : "tenant").append(" |");
        }
        md.append("\n\n");
        md.append("""
                - **Personal data** (S13: a training policy can require current training for these): %s
                - **Managing others' access** (second factor required; given only by whoever holds them): %s \
                (and a second factor for every platform user and tenant administrator)
                - **API keys** may hold: %s, of one tenant

                """.formatted(list(Permissions.PERSONAL_DATA), list(Permissions.MANAGING_ACCESS),
                list(Permissions.GRANTABLE_TO_API_KEYS)));
        for (Role role : Role.values()) {
            md.append("## ").append(EN.getProperty("role." + role.name())).append(" (")
                    .append(JA.getProperty("role." + role.name())).append(") — `").append(role.name()).append("`\n\n");
            md.append(role.platformWide() ? "Platform role. " : "Tenant role. ")
                    .append(EN.getProperty("role." + role.name() + ".about")).append("  \n")
                    .append(JA.getProperty("role." + role.name() + ".about")).append("\n\n");
            md.append("| permission | 権限 | meaning |\n| --- | --- | --- |\n");
            for (String permission : Permissions.IN_ORDER) {
                if (role.permissions().contains(permission)) {
                    md.append("| `").append(permission).append("` | ").append(JA.getProperty(key(permission))).append(" | ")
                            .append(EN.getProperty(key(permission))).append(" |\n");
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String list(Set<String> permissions) {
        return Permissions.IN_ORDER.stream().filter(permissions::contains).map(p -> "`" + p + "`")
                .collect(Collectors.joining(", "));
    }

    private static String key(String permission) {
        return "permission." + permission.replace(':', '.');
    }

    private static Properties bundle(String name) {
        Properties properties = new Properties();
        try (Reader in = new InputStreamReader(PermissionsDocumentTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
