package jp.uketsuke.identity.internal;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two doors: the console (form login, session, CSRF) and the API (stateless bearer API keys). Both send the same
 * security headers. Here only who is signed in is decided; what they may do is each handler's declaration
 * ({@link jp.uketsuke.identity.RequiresPermission}), enforced by {@link PermissionInterceptor} with the permissions
 * read for the request. The paths open without sign-in below are the handlers declared
 * {@link jp.uketsuke.identity.Public} plus static files and the health check.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** No inline scripts or styles anywhere: the templates load /css and /js files only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeys apiKeys) throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new ApiKeyFilter(apiKeys), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ApiKeyFilter.unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> json(response, HttpServletResponse.SC_FORBIDDEN, "forbidden")))
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, UserAccounts accounts, LoginOutcomes outcomes, LoginThrottle throttle,
                                     MfaCredentials mfa, ActiveSessions sessions, SignIn signIn, AccessLookup access,
                                     TrainingGate training) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
                        .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/error", "/actuator/health").permitAll()
                        // the invitee has no account yet: the invitation token is the credential
                        .requestMatchers("/join", "/join/*").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.accessDeniedHandler(new TrainingRequiredNotice()))
                .formLogin(f -> f.loginPage("/login")
                        .successHandler(outcomes)
                        .failureHandler(outcomes))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies("__Host-uketsuke", "JSESSIONID")
                        .addLogoutHandler((request, response, auth) -> {
                            var session = request.getSession(false);
                            sessions.end(session == null ? null : (String) session.getAttribute(ActiveSessions.ATTRIBUTE));
                        }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .httpBasic(b -> b.disable())
                .addFilterBefore(new LoginAttemptFilter(throttle, outcomes), UsernamePasswordAuthenticationFilter.class)
                // before authorisation, so that a partly signed-in session is sent to its next step rather than refused
                .addFilterBefore(new AccountStateFilter(accounts, mfa, sessions, signIn, access, training),
                        AuthorizationFilter.class)
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    private static void headers(HeadersConfigurer<HttpSecurity> h) {
        h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                .httpStrictTransportSecurity(s -> s.maxAgeInSeconds(31_536_000).includeSubDomains(false))
                .frameOptions(f -> f.deny())
                .contentTypeOptions(Customizer.withDefaults())
                .cacheControl(Customizer.withDefaults())
                .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=()"));
    }

    static void json(HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + error + "\"}");
    }
}
