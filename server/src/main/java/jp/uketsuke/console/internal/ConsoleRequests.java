package jp.uketsuke.console.internal;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the console's controllers share in reading a request: ids from the path or the form, and the tenants a viewer
 * may choose between. An id that is malformed is answered exactly like one that does not exist, so ids cannot be probed.
 */
final class ConsoleRequests {

    private ConsoleRequests() {
    }

    /** A tenant in a picker, by name. */
    record TenantChoice(UUID id, String name) {
    }

    static UUID parseOrNotFound(String id) {
        try {
            if (id.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
