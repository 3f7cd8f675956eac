package jp.uketsuke.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client that trusts exactly the server's self-signed certificate (hostname checked), keeps cookies like a
 * browser and does not follow redirects, so tests see every 302.
 */
public final class HttpsClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    public HttpsClient(String base, Path trustedCertificate) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(trustedCertificate))
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static SSLContext trusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("uketsuke", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of a stream (server-sent events): returns when the headers arrive; the caller reads and closes the body. */
    public HttpResponse<java.io.InputStream> stream(String path, String... headers) {
        return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * A GET that keeps the status and headers only and lets the body go unread (an empty string): for endpoints whose
     * body never ends, such as an event stream, where only the answer to the request matters.
     */
    public HttpResponse<String> getHeadersOnly(String path, String... headers) {
        return send(request(path, headers).GET().build(), info -> new HttpResponse.BodySubscriber<>() {
            @Override
            public java.util.concurrent.CompletionStage<String> getBody() {
                return java.util.concurrent.CompletableFuture.completedFuture("");
            }

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(java.util.List<java.nio.ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A form post with the CSRF token of the page at {@code tokenFrom}, or none when {@code tokenFrom} is null. A value
     * is a String or a collection of Strings (a field sent several times, as checkboxes are).
     */
    public HttpResponse<String> post(String path, String tokenFrom, Map<String, ?> form) {
        return postWithToken(path, tokenFrom == null ? null : csrfToken(tokenFrom), form);
    }

    /** A form post with a CSRF token fetched before (it stays valid for the session), or none when null. */
    public HttpResponse<String> postWithToken(String path, String csrfToken, Map<String, ?> form) {
        Map<String, Object> fields = new LinkedHashMap<>(form);
        if (csrfToken != null) {
            fields.put("_csrf", csrfToken);
        }
        String body = fields.entrySet().stream()
                .flatMap(e -> (e.getValue() instanceof Collection<?> many ? many.stream() : Stream.of(e.getValue()))
                        .map(v -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON post (the API's, authenticated by the given headers such as "Authorization", "Bearer …"). */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String csrfToken(String pagePath) {
        HttpResponse<String> page = get(pagePath);
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + pagePath + " (status " + page.statusCode() + ")");
        }
        return m.group(1);
    }

    /** Posts the login form; returns the response (a redirect either way). */
    public HttpResponse<String> tryLogin(String username, String password) {
        return post("/login", "/login", Map.of("username", username, "password", password));
    }

    public void login(String username, String password) {
        String location = tryLogin(username, password).headers().firstValue("Location").orElse("");
        // "/login/mfa" is the next step, not a failure
        if (location.contains("/login?") || location.endsWith("/login")) {
            throw new AssertionError("login failed: " + location);
        }
    }

    public HttpResponse<String> changePassword(String current, String fresh) {
        return post("/password", "/password",
                Map.of("currentPassword", current, "newPassword", fresh, "confirmPassword", fresh));
    }

    private static final Pattern MFA_SECRET = Pattern.compile("id=\"mfa-secret\">([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY_CODE = Pattern.compile("class=\"recovery-code\">([a-z0-9-]+)<");

    /** Enrols TOTP from the enrolment page as a user with an authenticator app would; returns the app and the recovery codes. */
    public Enrolment enrolMfa() {
        HttpResponse<String> page = get("/mfa/enroll");
        Matcher m = MFA_SECRET.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no TOTP secret on the enrolment page (status " + page.statusCode() + ")");
        }
        Authenticator app = new Authenticator(m.group(1));
        HttpResponse<String> done = post("/mfa/enroll", "/mfa/enroll", Map.of("code", app.nextCode()));
        if (done.statusCode() != 200) {
            throw new AssertionError("enrolment refused: " + done.statusCode());
        }
        java.util.List<String> codes = RECOVERY_CODE.matcher(done.body()).results().map(r -> r.group(1)).toList();
        return new Enrolment(app, codes);
    }

    /** Posts a code to the second sign-in step; returns the response. */
    public HttpResponse<String> tryMfa(String code) {
        return post("/login/mfa", "/login/mfa", Map.of("code", code));
    }

    public record Enrolment(Authenticator app, java.util.List<String> recoveryCodes) {
    }

    /**
     * A multipart form post (as a file upload is sent) with the CSRF token of the page at {@code tokenFrom}, or none
     * when null; {@code file} is sent as the part {@code fileField} (a JSON file) when not null.
     */
    public HttpResponse<String> postMultipart(String path, String tokenFrom, Map<String, String> form,
                                              String fileField, byte[] file) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (tokenFrom != null) {
            fields.put("_csrf", csrfToken(tokenFrom));
        }
        return multipart(path, fields, file == null ? null : fileField, "flow.json", "application/json", file);
    }

    /**
     * A multipart/form-data post of text fields and one file, as a browser sends an upload form; no token is added,
     * so the path carries it when the form does.
     */
    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField,
                                              String fileName, byte[] content) {
        return multipart(path, fields, fileField, fileName, "audio/wav", content);
    }

    private HttpResponse<String> multipart(String path, Map<String, String> fields, String fileField, String fileName,
                                           String contentType, byte[] content) {
        String boundary = "----uketsuke" + java.util.UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileField != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(c -> c.getValue()).findFirst().orElse(null);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
