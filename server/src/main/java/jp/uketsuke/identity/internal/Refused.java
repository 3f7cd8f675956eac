package jp.uketsuke.identity.internal;

import java.io.Serial;
import org.springframework.http.HttpStatus;

/**
 * An administrative change the service turns down. 404 is used for anything out of the viewer's reach, exactly as for
 * what does not exist, so that other tenants' ids reveal nothing; 403 for asking to grant more than one holds; 400
 * for a malformed or impossible request.
 *
 * @see AdministrationPages
 */
final class Refused extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String reason;

    private Refused(HttpStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    static Refused notFound() {
        return new Refused(HttpStatus.NOT_FOUND, "error.notFound.text");
    }

    /** @param reason message key shown to the user */
    static Refused forbidden(String reason) {
        return new Refused(HttpStatus.FORBIDDEN, reason);
    }

    /** @param reason message key shown to the user */
    static Refused invalid(String reason) {
        return new Refused(HttpStatus.BAD_REQUEST, reason);
    }

    HttpStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
