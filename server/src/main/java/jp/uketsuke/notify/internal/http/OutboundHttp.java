package jp.uketsuke.notify.internal.http;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.InvalidDestination;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one HTTP client every notification channel sends with (S1, S4): HTTPS only, to allowed hosts only, through the
 * {@link EgressTunnel} that connects only to checked public addresses; redirects never followed (a redirect could
 * carry a token elsewhere); bounded waits; answers read up to a cap and never logged or quoted in a failure, since a
 * receiver may echo what we sent.
 */
@Component
class OutboundHttp implements AutoCloseable {

    /** What a receiver answered: the status, its headers, and at most the configured number of body bytes. */
    record Answer(int status, HttpHeaders headers, byte[] body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final OutboundHttpProperties properties;
    private final HostPolicy policy;
    private final EgressTunnel tunnel;
    private final HttpClient client;
    private final Clock clock;

    @Autowired
    OutboundHttp(OutboundHttpProperties properties, Clock clock) throws IOException {
        this(properties, new HostPolicy(properties), clock);
    }

    OutboundHttp(OutboundHttpProperties properties, HostPolicy policy, Clock clock) throws IOException {
        this.properties = properties;
        this.policy = policy;
        this.clock = clock;
        this.tunnel = new EgressTunnel(policy, properties.connectTimeout());
        this.client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(tunnel.address()))
                .sslContext(TrustAnchors.sslContext(properties.tlsTrust()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    OutboundHttpProperties properties() {
        return properties;
    }

    /**
     * Checks that a URL may be sent to: its form, the allow-list, and every address its host resolves to. Sends
     * nothing.
     *
     * @param what names the address in the message, e.g. "the Slack webhook URL"
     */
    void checkUrl(URI url, String what, boolean resolve) throws InvalidDestination {
        Optional<String> refused = policy.refusedUrl(url);
        if (refused.isPresent()) {
            throw new InvalidDestination(what + ": " + refused.get());
        }
        if (!resolve) {
            return;
        }
        try {
            policy.resolve(url.getHost());
        } catch (HostPolicy.Refused e) {
            throw new InvalidDestination(what + ": " + e.getMessage());
        }
    }

    /**
     * Posts a body and returns whatever status came back; a failure to get an answer at all is a
     * {@link DeliveryFailure}.
     *
     * @param receiver names the receiver in failures, e.g. "Slack"
     */
    Answer post(URI url, Map<String, String> headers, String contentType, byte[] body, String receiver)
            throws DeliveryFailure {
        Optional<String> refused = policy.refusedUrl(url);
        if (refused.isPresent()) {
            throw DeliveryFailure.permanent(receiver + ": " + refused.get(), null);
        }
        try {
            policy.resolve(url.getHost()); // early and clear; the tunnel checks again where it counts
        } catch (HostPolicy.Refused e) {
            throw e.permanent() ? DeliveryFailure.permanent(receiver + ": " + e.getMessage(), null)
                    : DeliveryFailure.temporary(receiver + ": " + e.getMessage(), null, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(properties.requestTimeout())
                .header("Content-Type", contentType)
                .header("User-Agent", "Uketsuke-Notify/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request.build(),
                info -> new CappedBody(properties.maxResponseBytes()));
        try {
            HttpResponse<byte[]> response = sent.get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw DeliveryFailure.temporary(receiver + " did not answer within " + properties.requestTimeout(),
                    null, null);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw DeliveryFailure.temporary(receiver + ": interrupted while sending", null, null);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), receiver);
        }
    }

    /**
     * A failure for an answer that is not 2xx: 408, 425, 429 and 5xx may pass (with the receiver's Retry-After,
     * capped); a redirect and any other 4xx will not until someone changes the destination or its token.
     */
    DeliveryFailure failure(Answer answer, String receiver) {
        int status = answer.status();
        String message = receiver + " answered HTTP " + status;
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return DeliveryFailure.temporary(message, retryAfter(answer.header("Retry-After").orElse(null))
                    .orElse(null), null);
        }
        if (status >= 300 && status < 400) {
            return DeliveryFailure.permanent(message + " (a redirect, not followed: check the address)", null);
        }
        return DeliveryFailure.permanent(message + (status == 401 || status == 403
                ? " (the token or URL is not accepted: revoked, expired or lacking permission)"
                : status == 404 || status == 410 ? " (the address no longer exists)" : ""), null);
    }

    /** Retry-After as seconds or an HTTP date, never negative, never beyond {@code max-retry-after}. */
    Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        String v = value.strip();
        if (v.matches("[0-9]{1,10}(\\.[0-9]{1,6})?")) {
            wait = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } else {
            try {
                wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(properties.maxRetryAfter()) > 0 ? properties.maxRetryAfter() : wait);
    }

    private static DeliveryFailure failure(Throwable cause, String receiver) {
        if (cause instanceof HttpConnectTimeoutException) {
            return DeliveryFailure.temporary(receiver + ": connecting timed out", null, null);
        }
        if (cause instanceof HttpTimeoutException) {
            return DeliveryFailure.temporary(receiver + " did not answer in time", null, null);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return DeliveryFailure.permanent(receiver + ": the TLS certificate does not verify for this host "
                        + "(" + t.getClass().getSimpleName() + ")", null);
            }
        }
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        // the JDK's words for a CONNECT our tunnel refused: its status is ours, not the receiver's
        if (message.startsWith("Tunnel failed, got: 403")) {
            return DeliveryFailure.permanent(receiver + ": the host or one of its addresses may not be reached", null);
        }
        if (message.startsWith("Tunnel failed, got: 504")) {
            return DeliveryFailure.temporary(receiver + ": connecting timed out", null, null);
        }
        if (message.startsWith("Tunnel failed")) {
            return DeliveryFailure.temporary(receiver + ": the connection was refused or failed", null, null);
        }
        return DeliveryFailure.temporary(receiver + ": no answer (" + (cause == null ? "unknown"
                : cause.getClass().getSimpleName()) + ")", null, null);
    }

    @Override
    public void close() {
        tunnel.close();
        client.close();
    }

    /** Keeps the first {@code limit} bytes of a body and stops reading there: a huge answer costs no memory. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final byte[] buffer;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private int size;
        private Flow.Subscription subscription;

        CappedBody(int limit) {
            this.limit = limit;
            this.buffer = new byte[limit];
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            for (ByteBuffer b : item) {
                int n = Math.min(b.remaining(), limit - size);
                b.get(buffer, size, n);
                size += n;
            }
            if (size >= limit) {
                subscription.cancel();
                result.complete(java.util.Arrays.copyOf(buffer, size));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(java.util.Arrays.copyOf(buffer, size));
        }
    }
}
