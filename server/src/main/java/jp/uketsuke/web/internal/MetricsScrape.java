package jp.uketsuke.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.config.UketsukeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Prometheus endpoint for a scraper, not for people: it takes a bearer token kept in a file of the data directory
 * (made on first start, owner-only), which Prometheus reads with {@code authorization.credentials_file}. Metrics hold
 * counts only, never numbers or words, but they still tell an outsider how busy a client is, so they are not public.
 */
@Configuration(proxyBeanMethods = false)
class MetricsScrape {

    private static final Logger log = LoggerFactory.getLogger(MetricsScrape.class);
    static final String AUTHORITY = "METRICS_SCRAPE";
    private static final String BEARER = "Bearer ";

    @Bean
    @Order(0)
    SecurityFilterChain metricsChain(HttpSecurity http, UketsukeProperties properties,
                                     @Value("${uketsuke.metrics.token-file:}") String tokenFile) throws Exception {
        Path file = tokenFile.isBlank() ? properties.dataDir().resolve("metrics-scrape-token") : Path.of(tokenFile);
        byte[] expected = sha256(loadOrCreate(file));
        http.securityMatcher("/actuator/prometheus")
                .addFilterBefore(new BearerFilter(expected), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(AUTHORITY))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"uketsuke-metrics\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                }));
        return http.build();
    }

    /** The token in the file; a new random one, written owner-only, when the file does not exist yet. */
    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                if (DataDirectory.sharedWithOthers(file)) {
                    throw new IllegalStateException("the metrics scrape token " + file
                            + " may be read by others than its owner; chmod 600 it");
                }
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.length() < 32) {
                    throw new IllegalStateException("the metrics scrape token in " + file
                            + " is shorter than 32 characters; delete the file to have a new one made");
                }
                return token;
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            DataDirectory.writeSecret(file, token + "\n");
            log.info("Made a bearer token for /actuator/prometheus in {}", file);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the metrics scrape token " + file, e);
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets a request with the right token through as the scraper; anything else stays anonymous and is refused. */
    private static final class BearerFilter extends OncePerRequestFilter {

        private final byte[] expected;

        BearerFilter(byte[] expected) {
            this.expected = expected;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            // digests of equal length compared in constant time: the comparison tells nothing about the token
            if (header != null && header.startsWith(BEARER)
                    && MessageDigest.isEqual(expected, sha256(header.substring(BEARER.length()).strip()))) {
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "metrics-scraper", null, List.of(new SimpleGrantedAuthority(AUTHORITY))));
            }
            chain.doFilter(request, response);
        }
    }
}
