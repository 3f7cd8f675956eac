package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jp.uketsuke.web.Endpoints;
import jp.uketsuke.web.Endpoints.Endpoint;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every handler the application maps declares who may use it, exactly once: {@link RequiresPermission} with a
 * permission of the matrix, {@link Public} or {@link AnyAuthenticated}. An endpoint added without a declaration fails
 * here (and is refused at run time).
 */
class EndpointDeclarationsTest extends RunningServer {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyEndpointDeclaresWhoMayUseItExactlyOnce() {
        List<Endpoint> endpoints = Endpoints.of(mapping);

        assertThat(endpoints).filteredOn(e -> e.declarations() != 1)
                .as("handlers need exactly one of @RequiresPermission, @Public, @AnyAuthenticated").isEmpty();
        assertThat(endpoints).extracting(Endpoint::toString)
                .contains("GET /calls", "GET /calls/{callId}", "GET /api/v1/calls", "GET /users", "POST /roles",
                        "GET /assignments", "POST /api-keys/{prefix}/revoke", "GET /audit", "GET /login", "GET /sessions", "GET /access-review", "POST /access-review/sign-off",
                        "POST /calls/{callId}/status", "POST /calls/{callId}/assignee", "POST /calls/{callId}/tags",
                        "POST /calls/{callId}/notes", "POST /calls/{callId}/callbacks", "GET /callbacks",
                        "POST /callbacks/{taskId}/done", "POST /callbacks/{taskId}/assignee", "GET /calls/{callId}/recording.wav",
                        "GET /notifications", "POST /notifications/destinations", "POST /notifications/destinations/{destination}/verify",
                        "POST /notifications/rules", "POST /notifications/deliveries/{delivery}/resend",
                        "GET /settings", "GET /settings/exports", "POST /settings/exports", "GET /calls/export",
                        "GET /calls/export.csv", "POST /calls/export/requests",
                        "POST /calls/export/requests/{requestId}/approve", "POST /calls/export/requests/{requestId}/reject",
                        "GET /calls/export/requests/{requestId}/download.csv", "GET /api/v1/calls/export.csv",
                        "GET /calls/rows", "GET /calls/live", "GET /dashboard", "POST /calls/caller",
                        "POST /api/v1/calls/search", "GET /incidents", "POST /incidents", "GET /incidents/{incidentId}",
                        "POST /incidents/{incidentId}/notes", "POST /incidents/{incidentId}/contained",
                        "POST /incidents/{incidentId}/close", "POST /incidents/{incidentId}/containments",
                        "POST /incidents/{incidentId}/undo");
    }

    @Test
    void declaredPermissionsAreThoseOfTheMatrix() {
        Set<String> declared = Endpoints.of(mapping).stream().flatMap(e -> e.required().stream())
                .map(RequiresPermission::value).collect(Collectors.toSet());

        assertThat(Permissions.ALL).containsAll(declared);
    }

    @Test
    void onlyTheFrameworksErrorPageIsLeftOutAndOnlySignInTheInvitationLinkAndSignedWebhooksArePublic() {
        assertThat(mapping.getHandlerMethods().values()).filteredOn(Endpoints::frameworkErrorPage)
                .allSatisfy(h -> assertThat(h.getBeanType().getName()).startsWith("org.springframework.boot."))
                .isNotEmpty();
        // the invitee has no account yet: the token of the invitation link is their credential; Twilio's requests
        // carry its signature instead of a sign-in (TwilioWebhooksTest)
        assertThat(Endpoints.of(mapping)).filteredOn(Endpoint::isPublic).extracting(Endpoint::toString)
                .containsExactlyInAnyOrder("GET /login", "GET /join", "POST /join", "GET /join/{token}",
                        "POST /webhooks/sms/twilio/inbound", "POST /webhooks/sms/twilio/status");
        assertThat(Endpoints.of(mapping)).filteredOn(Endpoint::api)
                .allSatisfy(e -> assertThat(e.required()).as(e.toString()).isPresent());
    }
}
