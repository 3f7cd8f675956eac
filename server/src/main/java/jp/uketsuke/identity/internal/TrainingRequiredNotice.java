package jp.uketsuke.identity.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * A page refused because {@link TrainingGate} withheld a permission says so, instead of the bare "forbidden" page:
 * the user learns what to do (have current training recorded), not merely that they cannot.
 */
final class TrainingRequiredNotice implements AccessDeniedHandler {

    static final String PATH = "/training/required";

    private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (Boolean.TRUE.equals(request.getAttribute(TrainingGate.WITHHELD)) && !response.isCommitted()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            request.getRequestDispatcher(PATH).forward(request, response);
            return;
        }
        otherwise.handle(request, response, denied);
    }
}
