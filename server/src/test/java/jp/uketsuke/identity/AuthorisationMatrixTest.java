package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.screening.ScreeningLists;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.web.Endpoints;
import jp.uketsuke.web.Endpoints.Endpoint;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The exhaustive authorisation test (S3): every console route and API endpoint, read from Spring's handler mapping,
 * × every built-in role × the role's own tenant and another tenant (platform roles: an assigned and an unassigned
 * tenant), as real HTTPS requests to the running server; also API keys of each permission set and nobody signed in.
 *
 * <p>What each request must get follows from the endpoint's declaration and {@link Role}'s matrix alone, never from
 * a table written here: allowed → neither 401, 403, 404, a server error nor the login page; a permission the role
 * lacks → 403; a request naming another tenant or its ids → 404, as for ids that do not exist. What the test supplies
 * is only how to fill in a request (ids of the tenant it points at, a sample form); an endpoint it cannot fill in
 * fails here, so a new endpoint cannot slip past.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationMatrixTest extends RunningServer {

    private static final Pattern REVIEW_DIGEST = Pattern.compile("id=\"review-digest\">([0-9a-f]{64})<");
    private static final Pattern INVITATION_LINK = Pattern.compile("id=\"invitation-link\">(https://[^<]+)<");
    /** Said by the calls of each tenant: no refused response may carry it. */
    private static final String OWN_WORDS = "words of the own tenant";
    private static final String FOREIGN_WORDS = "words of the other tenant";

    enum Expected { ALLOWED, FORBIDDEN, NOT_FOUND, SIGN_IN }

    /** Where a request points: at the principal's own (or assigned) tenant, or at another (or unassigned) one. */
    enum Reach { OWN, FOREIGN }

    @Autowired
    FlowEditing flows;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PromptRecordings recordings;
    @Autowired
    jp.uketsuke.vault.Vault vault;
    @Autowired
    ScreeningLists screening;
    @Autowired
    Callbacks callbacks;
    @Autowired
    ExportApprovals exports;
    @Autowired
    jp.uketsuke.incidents.Incidents incidents;
    private MatrixFixtures fixtures;

    private UUID own;
    private UUID foreign;
    private final Map<UUID, UUID> calls = new HashMap<>();
    private final Map<Role, Principal> principals = new EnumMap<>(Role.class);
    /** An administrator of each tenant, to make the custom roles some requests need. */
    private final Map<UUID, Principal> tenantAdmins = new HashMap<>();
    /** API keys of the own tenant, by their permissions. */
    private final Map<Set<String>, String> keys = new LinkedHashMap<>();
    /** Extensions of staff phones made for requests, unique within a tenant. */
    private final AtomicInteger extensions = new AtomicInteger(10_000);

    /** A signed-in console user of one role, and what it takes to sign in again. */
    private final class Principal {
        final Role role;
        final String username;
        final String password;
        /** Recovery codes sign in again whenever needed; TOTP codes would be one per 30 seconds. */
        final Deque<String> recoveryCodes;
        HttpsClient client = client();
        String csrf;

        Principal(UUID tenant, Role role) {
            this.role = role;
            if (role == Role.TENANT_MEMBER) {
                Login login = userWithPassword(tenant);
                username = login.username();
                password = login.password();
                recoveryCodes = null;
                client.login(username, password);
            } else {
                MfaLogin login = userWithMfa(role.platformWide() ? null : tenant, role, client);
                username = login.username();
                password = login.password();
                recoveryCodes = new ArrayDeque<>(login.recoveryCodes());
            }
            csrf = client.csrfToken("/sessions");
        }

        /** Signs in on a fresh browser: after "sign out everywhere", or an invitation link that signed this one out. */
        void signInAgain() {
            client = client();
            client.login(username, password);
            if (recoveryCodes != null) {
                assertThat(client.tryMfa(recoveryCodes.pop()).statusCode()).as(role + " signs in again").isEqualTo(302);
            }
            csrf = client.csrfToken("/sessions");
        }
    }

    @BeforeAll
    void usersOfEveryRoleAndTwoTenants() {
        own = newTenant();
        foreign = newTenant();
        calls.put(own, call(own, OWN_WORDS, "hello"));
        calls.put(foreign, call(foreign, FOREIGN_WORDS, "hello"));
        fixtures = new MatrixFixtures(jdbc, flows, vault, recordings, screening, callbacks, incidents, calls);
        for (Role role : Role.values()) {
            Principal p = new Principal(own, role);
            if (role.platformWide()) {
                identity.assign(p.username, own);
            }
            principals.put(role, p);
        }
        tenantAdmins.put(own, principals.get(Role.TENANT_ADMIN));
        tenantAdmins.put(foreign, new Principal(foreign, Role.TENANT_ADMIN));
        // a role of each single permission, so that whoever manages users has one within their own to give
        for (String permission : Role.grantableIn(Role.Scope.TENANT)) {
            customRole(own, List.of(permission));
        }
        Set<Set<String>> keySets = new LinkedHashSet<>();
        for (Role role : Role.of(Role.Scope.TENANT)) {
            keySets.add(role.permissions().stream().filter(Permissions.GRANTABLE_TO_API_KEYS::contains).collect(Collectors.toSet()));
        }
        Permissions.GRANTABLE_TO_API_KEYS.forEach(p -> keySets.add(Set.of(p)));
        keySets.stream().filter(s -> !s.isEmpty()).forEach(s -> keys.put(s, identity.createApiKey(own, s, null)));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryRoleAndTenant() {
        List<Endpoint> endpoints = Endpoints.of(mapping);
        assertThat(endpoints).hasSizeGreaterThan(20);
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints) {
            tests.add(dynamicTest(e + " × nobody signed in", () -> anonymous(e)));
            for (Role role : Role.values()) {
                for (Reach reach : reaches(e)) {
                    String name = e + " × " + role + " × " + reach;
                    tests.add(dynamicTest(name, () -> console(e, principals.get(role), reach, name)));
                }
            }
            for (Map.Entry<Set<String>, String> key : keys.entrySet()) {
                for (Reach reach : reaches(e)) {
                    String name = e + " × API key " + key.getKey() + " × " + reach;
                    tests.add(dynamicTest(name, () -> apiKey(e, key.getKey(), key.getValue(), reach, name)));
                }
            }
        }
        return tests.stream();
    }

    /** What the declaration and the matrix say a holder of these permissions gets. */
    static Expected expected(Endpoint e, Set<String> permissions, boolean platform, Reach reach) {
        if (webhook(e)) {
            return Expected.FORBIDDEN;
        }
        if (e.isPublic() || e.anyAuthenticated()) {
            return Expected.ALLOWED;
        }
        RequiresPermission required = e.required().orElseThrow(() -> new AssertionError(e + " declares nothing"));
        if (required.platformOnly()) {
            return platform && permissions.contains(required.value()) ? Expected.ALLOWED : Expected.FORBIDDEN;
        }
        if (!permissions.contains(required.value())) {
            return Expected.FORBIDDEN;
        }
        return e.tenantBound() && reach == Reach.FOREIGN ? Expected.NOT_FOUND : Expected.ALLOWED;
    }

    /** Platform administration names no tenant to be refused for; everything else is tried on both. */
    private static List<Reach> reaches(Endpoint e) {
        boolean platformOnly = e.required().map(RequiresPermission::platformOnly).orElse(false);
        return e.tenantBound() && !platformOnly ? List.of(Reach.OWN, Reach.FOREIGN) : List.of(Reach.OWN);
    }

    private void anonymous(Endpoint e) {
        HttpsClient c = client();
        String csrf = e.method().equals("POST") ? c.csrfToken("/login") : null;
        HttpResponse<String> response = send(c, csrf, null, e, own, principals.get(Role.TENANT_ADMIN));
        check(webhook(e) ? Expected.FORBIDDEN : e.isPublic() ? Expected.ALLOWED : Expected.SIGN_IN, response, e.api(),
                e + " × nobody");
    }

    /** A provider's webhook: public, authenticated by the provider's signature, which no one here can make. */
    private static boolean webhook(Endpoint e) {
        return e.pattern().startsWith("/webhooks/");
    }

    private void console(Endpoint e, Principal p, Reach reach, String name) {
        UUID tenant = reach == Reach.OWN ? own : foreign;
        HttpResponse<String> response = send(p.client, p.csrf, null, e, tenant, p);
        // a console session does not open the API
        Expected expected = e.api() ? Expected.SIGN_IN : expected(e, p.role.permissions(), p.role.platformWide(), reach);
        // "sign out everywhere"; an invitation link signs out whoever was signed in, and joining signs in the invitee
        if (response.headers().firstValue("Location").orElse("").endsWith("/login?logout") || joining(e)) {
            p.signInAgain();
        }
        check(expected, response, e.api(), name);
    }

    /** The invitee's pages, public: the token of an invitation link is what lets them in. */
    private static boolean joining(Endpoint e) {
        return e.pattern().startsWith("/join");
    }

    private void apiKey(Endpoint e, Set<String> permissions, String key, Reach reach, String name) {
        UUID tenant = reach == Reach.OWN ? own : foreign;
        if (e.method().equals("POST")) {
            if (!e.api()) {
                return; // a console form is not for keys (CSRF refuses it anyway)
            }
            HttpResponse<String> response = client().postJson(e.path(Map.of()), json(e), "Authorization",
                    "Bearer " + key);
            check(expected(e, permissions, false, reach), response, true, name);
            return;
        }
        HttpResponse<String> response = send(client(), null, key, e, tenant, principals.get(Role.TENANT_ADMIN));
        // a key does not open the console
        Expected expected = e.api() ? expected(e, permissions, false, reach)
                : e.isPublic() ? Expected.ALLOWED : Expected.SIGN_IN;
        check(expected, response, e.api(), name);
    }

    private HttpResponse<String> send(HttpsClient c, String csrf, String key, Endpoint e, UUID tenant, Principal p) {
        Map<String, String> values = new HashMap<>();
        for (String variable : e.pathVariables()) {
            values.put(variable, variable.equals("requestId") ? exportRequest(e, tenant, p)
                    : e.pattern().startsWith("/flow/") && !variable.equals("recording")
                    ? fixtures.flowPathValue(e.pattern(), variable, tenant) : pathValue(variable, tenant));
        }
        String path = e.path(values);
        if (e.pattern().equals("/join")) {
            // the join form works on the invitation this browser opened: the invitee follows their link first
            c.get(invite(tenant).path());
            csrf = e.method().equals("POST") ? c.csrfToken("/join") : null;
        }
        if (e.method().equals("GET")) {
            String query = e.tenantParameter() ? "?tenant=" + tenant : "";
            if (eventStream(e)) {
                // the stream never ends: the answer to the request is what is checked
                return key == null ? c.getHeadersOnly(path + query) : c.getHeadersOnly(path + query, "Authorization", "Bearer " + key);
            }
            return key == null ? c.get(path + query) : c.get(path + query, "Authorization", "Bearer " + key);
        }
        Map<String, Object> form = new LinkedHashMap<>(form(e, p, tenant));
        if (e.tenantParameter()) {
            form.putIfAbsent("tenant", tenant.toString());
        }
        return c.postWithToken(path, csrf, form);
    }

    /** A server-sent event stream, such as the call list's live updates (GET /calls/live). */
    private static boolean eventStream(Endpoint e) {
        var get = e.handler().getMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class);
        return get != null && java.util.Arrays.asList(get.produces()).contains("text/event-stream");
    }

    /** An id of the tenant's for each path variable; objects a request may change are made afresh for it. */
    private String pathValue(String variable, UUID tenant) {
        return switch (variable) {
            case "callId" -> calls.get(tenant).toString();
            case "userId" -> freshUser(tenant).toString();
            case "roleId" -> customRole(tenant, List.of(Permissions.CALLS_READ)).toString();
            case "prefix" -> identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ), null).substring(3, 11);
            case "id" -> invite(tenant).id().toString();
            case "token" -> {
                String link = invite(tenant).path();
                yield link.substring(link.lastIndexOf('/') + 1);
            }
            case "extension" -> phone(tenant);
            case "recording" -> fixtures.recording(tenant);
            case "taskId" -> fixtures.callbackTask(tenant).toString();
            case "destination" -> fixtures.notificationDestination(tenant).toString();
            case "rule" -> fixtures.notificationRule(tenant).toString();
            case "delivery" -> fixtures.deadNotification(tenant).toString();
            case "incidentId" -> fixtures.incident(tenant).toString();
            default -> throw new AssertionError("no fixture for path variable {" + variable + "}: add one to this test");
        };
    }

    /** A form an allowed user could send from the page: within what the principal holds, so only the declaration decides. */
    private Map<String, Object> form(Endpoint e, Principal p, UUID tenant) {
        return switch (e.toString()) {
            case "POST /password" -> Map.of("currentPassword", "not the current password",
                    "newPassword", "a new passphrase for the test", "confirmPassword", "a new passphrase for the test");
            case "POST /login/mfa", "POST /mfa/enroll" -> Map.of("code", "not-a-code");
            case "POST /sessions/end-all", "POST /users/{userId}/deactivate", "POST /users/{userId}/activate",
                 "POST /roles/{roleId}/delete", "POST /api-keys/{prefix}/revoke", "POST /invitations/{id}/revoke",
                 "POST /phones/{extension}/password", "POST /phones/{extension}/delete",
                 "POST /flow/prompts/{recording}/delete" -> Map.of();
            // no file: the upload page answers 400 (a multipart upload is PromptRecordingsConsoleTest's)
            case "POST /flow/prompts" -> Map.of("name", "sample");
            case "POST /invitations" -> Map.of("email", unique("invitee") + "@example.test", "username", unique("invitee"),
                    "role", roleToGive(p, tenant));
            case "POST /join" -> Map.of("newPassword", "a long and unusual passphrase 42",
                    "confirmPassword", "a long and unusual passphrase 42");
            case "POST /training" -> {
                // a user of the principal's own scope: the training page records those of the tenant or of the platform
                UUID user = p.role.platformWide() ? freshPlatformUser() : freshUser(tenant);
                LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
                yield Map.of("user", user.toString(), "course", "Handling personal data",
                        "completedOn", today.minusDays(1).toString(), "expiresOn", today.plusYears(1).toString());
            }
            case "POST /settings/security" -> Map.of("mfa", "ADMINS", "training", "false");
            case "POST /settings/media-security" -> Map.of("security", "PREFERRED");
            case "POST /settings/summary" -> Map.of("unredacted", "false");
            // four-eyes stays off: the tenants' direct exports are tried too
            case "POST /settings/exports" -> Map.of("fourEyes", "false");
            case "POST /calls/export/requests" -> {
                LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
                yield Map.of("from", today.minusDays(6).toString(), "to", today.toString(), "reason", "matrix");
            }
            case "POST /calls/export/requests/{requestId}/approve", "POST /calls/export/requests/{requestId}/reject" -> Map.of();
            case "POST /incidents" -> Map.of("tenant", tenant.toString(), "kind", "OTHER", "title", "matrix", "known", "matrix",
                    "awareAt", LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1) + "T09:00");
            case "POST /incidents/{incidentId}/notes" -> Map.of("note", "matrix note");
            case "POST /incidents/{incidentId}/contained" -> Map.of();
            case "POST /incidents/{incidentId}/close" -> Map.of("cause", "matrix", "prevention", "matrix");
            // nobody of that name: the tenant's reach decides before the target is looked for (400 when allowed)
            case "POST /incidents/{incidentId}/containments" -> Map.of("measure", "END_SESSIONS", "username", "matrix-nobody");
            case "POST /incidents/{incidentId}/undo" -> Map.of("containment", UUID.randomUUID().toString());
            case "POST /phones" -> Map.of("extension", nextExtension());
            case "POST /access-review/sign-off" -> Map.of("digest", reviewDigest(p, tenant), "comment", "reviewed");
            case "POST /users/{userId}/role" -> Map.of("role", roleToGive(p, tenant));
            case "POST /roles" -> Map.of("name", unique("role "), "permissions", withinOwn(p, Role.grantableIn(Role.Scope.TENANT)));
            case "POST /roles/{roleId}" -> Map.of("permissions", withinOwn(p, Role.grantableIn(Role.Scope.TENANT)));
            case "POST /assignments" -> Map.of("user", freshPlatformUser().toString(), "tenant", tenant.toString());
            case "POST /assignments/remove" -> {
                UUID user = freshPlatformUser();
                identity.assign(jdbc.sql("SELECT username FROM users WHERE id = ?").param(user).query(String.class).single(), tenant);
                yield Map.of("user", user.toString(), "tenant", tenant.toString());
            }
            case "POST /api-keys" -> Map.of("permissions", withinOwn(p, Permissions.GRANTABLE_TO_API_KEYS), "expiresInDays", "30");
            // the API takes JSON and a key; a form from a browser or nobody is refused before it is read
            case "POST /api/v1/simulations", "POST /api/v1/calls/search" -> Map.of();
            // the number is posted, and answered with a redirect to the list by reference
            case "POST /calls/caller" -> Map.of("caller", "090-1234-5678", "status", "OPEN");
            case "POST /flow/nodes" -> Map.of("type", "hangup", "id", unique("n"));
            case "POST /flow/nodes/{id}", "POST /flow/nodes/{id}/delete", "POST /flow/faq/{id}/delete",
                 "POST /flow/publish", "POST /flow/versions/{version}/rollback" -> Map.of();
            case "POST /flow/start" -> Map.of("start", "greeting");
            case "POST /flow/json" -> Map.of("document", "{\"schema\": 2}");
            case "POST /flow/import" -> Map.of("file", "not a multipart upload");
            case "POST /flow/faq" -> Map.of("id", unique("q"), "phrases", "parking", "answer", "There is parking.");
            case "POST /flow/faq/{id}" -> Map.of("phrases", "parking\nwhere can I park", "answer", "Behind us.");
            case "POST /flow/hours" -> Map.of("MONDAY", "09:00-18:00", "holidays", "true");
            case "POST /flow/simulator" -> Map.of("turns", "1\nwhat are your hours");
            case "POST /screening/numbers" -> Map.of("list", "BLOCK", "number", "03-1234-" + nextExtension().substring(1));
            case "POST /screening/numbers/remove" -> Map.of("entry", fixtures.screeningEntry(tenant).toString());
            case "POST /screening/anonymous" -> Map.of("policy", "JUDGE");
            case "POST /calls/{callId}/screening" -> Map.of("label", "NOT_SALES");
            // the call's handling as the page shows it now: each change is made from the current version
            case "POST /calls/{callId}/status" -> Map.of("version", fixtures.handlingVersion(tenant),
                    "status", "DONE".equals(fixtures.handlingStatus(tenant)) ? "IN_PROGRESS" : "DONE");
            case "POST /calls/{callId}/assignee" -> Map.of("version", fixtures.handlingVersion(tenant), "assignee", "");
            case "POST /calls/{callId}/tags" -> Map.of("version", fixtures.handlingVersion(tenant), "add", "matrix");
            case "POST /calls/{callId}/notes" -> Map.of("category", "OTHER", "text", "matrix note");
            case "POST /calls/{callId}/callbacks" -> Map.of("number", "03-1234-5678",
                    "dueAt", LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1) + "T10:00");
            case "POST /callbacks/{taskId}/done" -> Map.of("version", "0", "done", "true");
            case "POST /callbacks/{taskId}/assignee" -> Map.of("version", "0", "assignee", "");
            case "POST /notifications/destinations" -> Map.of("kind", "EMAIL", "name", unique("desk "),
                    "address", "desk@example.test", "level", "LINK");
            case "POST /notifications/destinations/{destination}" -> Map.of("name", unique("desk "), "level", "LINK");
            case "POST /notifications/destinations/{destination}/verify" -> Map.of("code", "123456");
            case "POST /notifications/destinations/{destination}/enabled" -> Map.of("enabled", "false");
            case "POST /notifications/destinations/{destination}/code", "POST /notifications/destinations/{destination}/test",
                 "POST /notifications/destinations/{destination}/delete", "POST /notifications/rules/{rule}/delete",
                 "POST /notifications/deliveries/{delivery}/resend" -> Map.of();
            case "POST /notifications/rules", "POST /notifications/rules/{rule}" -> Map.of(
                    "destination", fixtures.notificationDestination(tenant).toString(), "outcomes", "MESSAGE_TAKEN", "hours", "ANY");
            // Twilio's form, unsigned: whoever sends it, signed in or not, is refused (SmsOutbox and webhook tests)
            case "POST /webhooks/sms/twilio/inbound", "POST /webhooks/sms/twilio/status" -> Map.of(
                    "AccountSid", "AC0123456789abcdef0123456789abcdef", "MessageSid", "SM" + "0".repeat(32),
                    "From", "+819011112222", "Body", "STOP", "MessageStatus", "delivered");
            default -> throw new AssertionError("no sample form for " + e + ": add one to this test");
        };
    }

    /** A sample JSON body for each API endpoint that takes one. */
    private static String json(Endpoint e) {
        return switch (e.toString()) {
            case "POST /api/v1/simulations" -> "{\"draft\": true, \"turns\": [{\"dtmf\": \"1\"}]}";
            case "POST /api/v1/calls/search" -> "{\"caller\": \"090-1234-5678\", \"limit\": 5}";
            default -> throw new AssertionError("no sample JSON for " + e + ": add one to this test");
        };
    }

    /** One permission the principal holds among those allowed here (none when it holds none: then 400, not 403). */
    private static List<String> withinOwn(Principal p, Set<String> allowedHere) {
        return Permissions.IN_ORDER.stream().filter(allowedHere::contains).filter(p.role.permissions()::contains).limit(1).toList();
    }

    /** A tenant role, built-in or custom, holding nothing the principal does not hold. */
    private String roleToGive(Principal p, UUID tenant) {
        for (Role role : Role.of(Role.Scope.TENANT)) {
            if (p.role.permissions().containsAll(role.permissions())) {
                return "builtin:" + role.name();
            }
        }
        return jdbc.sql("SELECT id, permissions FROM custom_roles WHERE tenant_id = ?").param(tenant)
                .query((rs, n) -> Map.entry(rs.getString(1), Set.of(rs.getString(2).split(",")))).list().stream()
                .filter(r -> p.role.permissions().containsAll(r.getValue())).map(r -> "custom:" + r.getKey())
                .findFirst().orElse("builtin:" + Role.TENANT_MEMBER.name());
    }

    /** An open invitation into the tenant, made by its administrator; without a mail server its link is on the page. */
    private Invited invite(UUID tenant) {
        Principal admin = tenantAdmins.get(tenant);
        String username = unique("invitee");
        HttpResponse<String> made = admin.client.postWithToken("/invitations", admin.csrf, Map.of("tenant", tenant.toString(),
                "email", username + "@example.test", "username", username, "role", "builtin:" + Role.TENANT_MEMBER.name()));
        Matcher link = INVITATION_LINK.matcher(made.body());
        assertThat(link.find()).as("fixture invitation (status " + made.statusCode() + ")").isTrue();
        UUID id = jdbc.sql("SELECT id FROM invitations WHERE username = ?").param(username).query(UUID.class).single();
        return new Invited(id, URI.create(link.group(1)).getPath());
    }

    private record Invited(UUID id, String path) {
    }

    /**
     * The digest the access review page shows the principal, as the sign-off form posts it; one of nothing when the page
     * shows none (the declaration or the tenant's reach refuses the sign-off before any digest is compared).
     */
    private static String reviewDigest(Principal p, UUID tenant) {
        Matcher digest = REVIEW_DIGEST.matcher(p.client.get("/access-review?tenant=" + tenant).body());
        return digest.find() ? digest.group(1) : "0".repeat(64);
    }

    /**
     * An export request of the tenant made afresh: for a download, the principal's own, approved by someone else (only
     * the requester downloads); to approve or reject, someone else's (nobody decides their own).
     */
    private String exportRequest(Endpoint e, UUID tenant, Principal p) {
        Instant to = Instant.now();
        Viewer someoneElse = new Viewer("user:fixture-" + unique("x"), Set.of(tenant), Set.of(Permissions.CALLS_EXPORT), "127.0.0.1");
        if (e.pattern().endsWith("/download.csv")) {
            Viewer requester = new Viewer("user:" + p.username, Set.of(tenant), Set.of(Permissions.CALLS_EXPORT), "127.0.0.1");
            UUID id = exports.request(requester, tenant, to.minus(Duration.ofDays(7)), to, 100, "matrix").id();
            exports.approve(someoneElse, id);
            return id.toString();
        }
        return exports.request(someoneElse, tenant, to.minus(Duration.ofDays(7)), to, 100, "matrix").id().toString();
    }

    /** A staff phone of the tenant, added by its administrator; returns its extension. */
    private String phone(UUID tenant) {
        Principal admin = tenantAdmins.get(tenant);
        String extension = nextExtension();
        HttpResponse<String> made = admin.client.postWithToken("/phones", admin.csrf,
                Map.of("tenant", tenant.toString(), "extension", extension));
        assertThat(made.statusCode()).as("fixture phone").isEqualTo(200);
        return extension;
    }

    private String nextExtension() {
        return String.valueOf(extensions.incrementAndGet());
    }

    private UUID freshUser(UUID tenant) {
        String username = unique("victim");
        identity.createTenantUser(tenant, username, Role.TENANT_MEMBER);
        return userId(username);
    }

    private UUID freshPlatformUser() {
        String username = unique("assignee");
        identity.createPlatformUser(username, Role.OPERATOR);
        return userId(username);
    }

    /** A custom role of the tenant, made by its administrator in the console. */
    private UUID customRole(UUID tenant, List<String> permissions) {
        Principal admin = tenantAdmins.get(tenant);
        String name = unique("fixture ");
        HttpResponse<String> made = admin.client.postWithToken("/roles", admin.csrf,
                Map.of("tenant", tenant.toString(), "name", name, "permissions", permissions));
        assertThat(made.statusCode()).as("fixture role").isEqualTo(302);
        return jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, name)
                .query(UUID.class).single();
    }

    private static void check(Expected expected, HttpResponse<String> response, boolean api, String name) {
        int status = response.statusCode();
        String location = response.headers().firstValue("Location").orElse("");
        boolean toLogin = status == 302 && location.endsWith("/login");
        String got = status + (location.isEmpty() ? "" : " → " + location);
        switch (expected) {
            case ALLOWED -> {
                assertThat(status).as(name + ": allowed, got " + got).isNotIn(401, 403, 404).isLessThan(500);
                assertThat(toLogin).as(name + ": allowed, got " + got).isFalse();
            }
            case FORBIDDEN -> assertThat(status).as(name + ": forbidden, got " + got).isEqualTo(403);
            case NOT_FOUND -> assertThat(status).as(name + ": not found, got " + got).isEqualTo(404);
            case SIGN_IN -> {
                if (api) {
                    assertThat(status).as(name + ": unauthorised, got " + got).isEqualTo(401);
                } else {
                    assertThat(toLogin).as(name + ": sent to sign in, got " + got).isTrue();
                }
            }
        }
        if (expected != Expected.ALLOWED) {
            assertThat(response.body()).as(name).doesNotContain(OWN_WORDS).doesNotContain(FOREIGN_WORDS);
        }
    }
}
