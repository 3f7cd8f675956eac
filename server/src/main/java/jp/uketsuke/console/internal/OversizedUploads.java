package jp.uketsuke.console.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the recorded-prompt upload form ahead of the security filters, which would otherwise meet a body beyond
 * {@code spring.servlet.multipart.*} first (reading the CSRF token) and fail with the servlet container's bare error
 * page. Such an upload goes back to the page, which says what the limit is; nothing is read from it but its size, so
 * skipping the later checks lets nothing through.
 */
final class OversizedUploads extends OncePerRequestFilter {

    static final String PATH = "/flow/prompts";
    private static final Pattern TENANT = Pattern.compile("(?:^|&)tenant=([0-9a-fA-F-]{36})(?:&|$)");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI())
                || type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParts();
        } catch (IllegalStateException | IOException | ServletException e) {
            response.setStatus(HttpStatus.SEE_OTHER.value());
            response.setHeader("Location", request.getContextPath() + PATH + "?"
                    + (tooLarge(e) ? "tooLarge" : "unreadable") + tenant(request.getQueryString()));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The container says so only in words (Spring's own multipart support looks at them too). */
    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("exceed") && (message.contains("size") || message.contains("maximum"))) {
                return true;
            }
        }
        return false;
    }

    /** The tenant named in the query string (the body is not read again); nothing when it names none. */
    private static String tenant(String query) {
        Matcher m = query == null ? null : TENANT.matcher(query);
        return m != null && m.find() ? "&tenant=" + UUID.fromString(m.group(1)) : "";
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        /** Ahead of Spring Security's filter chain (order -100). */
        @Bean
        FilterRegistrationBean<OversizedUploads> oversizedUploads() {
            FilterRegistrationBean<OversizedUploads> registration = new FilterRegistrationBean<>(new OversizedUploads());
            registration.addUrlPatterns(PATH);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
            return registration;
        }
    }
}
