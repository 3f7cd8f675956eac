package jp.uketsuke.sms.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Public;
import jp.uketsuke.tenancy.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Twilio tells us: replies to our messages (a STOP opts the number out, for every tenant that messaged it) and
 * delivery reports. Outside input from the internet: only a form of bounded size, each parameter once, signed with
 * the account's auth token over this installation's public URL ({@code X-Twilio-Signature}), from our account, and
 * not seen before, is acted on. Anything else gets a clean refusal and changes nothing.
 */
@RestController
class TwilioWebhooks {

    static final String INBOUND = "/webhooks/sms/twilio/inbound";
    static final String STATUS = "/webhooks/sms/twilio/status";
    /** Request attribute holding the raw body, see {@link #body}. */
    static final String RAW_BODY = TwilioWebhooks.class.getName() + ".body";
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    /** An inbound message is at most 1 600 characters, three times that percent-encoded, plus Twilio's fields. */
    static final int MAX_BODY_BYTES = 32 * 1024;
    private static final int MAX_PARAMETERS = 100;
    private static final int REMEMBERED = 10_000;
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final WebhookSettings settings;
    private final TextMessageRows rows;
    private final AuditLog audit;
    private final Clock clock;
    /** Signatures of requests already acted on: a replay is refused. Bounded, oldest forgotten first. */
    private final Set<String> seen = java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** The public address and the account; null parts: webhooks refuse everything (nothing can be verified). */
    record WebhookSettings(String publicBaseUrl, String accountSid, TwilioSignature signature) {
    }

    TwilioWebhooks(WebhookSettings settings, TextMessageRows rows, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.rows = rows;
        this.audit = audit;
        this.clock = clock;
    }

    @Public
    @PostMapping(INBOUND)
    ResponseEntity<String> inbound(HttpServletRequest request) {
        return handle(request, INBOUND, form -> {
            String from = PhoneNumbers.normalise(form.getOrDefault("From", ""));
            if (from.isEmpty() || !OptOutWords.isOptOut(form.get("Body"))) {
                return;
            }
            for (var tenant : rows.tenantsThatMessaged(from)) {
                if (rows.optOut(tenant, from, "reply", clock.instant())) {
                    audit.record(new AuditEvent("sms:twilio", tenant, "sms.opt-out", "tenant:" + tenant, null,
                            AuditEvent.OK));
                    log.info("A number opted out of tenant {}'s text messages by reply", tenant);
                }
            }
        });
    }

    @Public
    @PostMapping(STATUS)
    ResponseEntity<String> status(HttpServletRequest request) {
        return handle(request, STATUS, form -> {
            String sid = form.get("MessageSid");
            String status = form.getOrDefault("MessageStatus", "");
            if (sid == null || !sid.matches("[A-Za-z0-9]{10,64}")) {
                throw new BadWebhook("no MessageSid");
            }
            String code = form.getOrDefault("ErrorCode", "");
            String error = code.matches("[0-9]{1,9}") ? "Twilio reported " + status + " (error " + code + ")"
                    : "Twilio reported " + status;
            switch (status) {
                case "delivered" -> rows.reported(sid, TextMessageRows.DELIVERED, null, clock.instant());
                case "undelivered", "failed" -> {
                    var tenant = rows.reported(sid, TextMessageRows.FAILED, ProviderText.scrubbed(error),
                            clock.instant());
                    String to = PhoneNumbers.normalise(form.getOrDefault("To", ""));
                    if (tenant.isPresent() && code.equals(String.valueOf(TwilioSms.UNSUBSCRIBED_RECIPIENT))
                            && !to.isEmpty()) {
                        rows.optOut(tenant.get(), to, "provider", clock.instant());
                    }
                }
                default -> {
                    // queued, sending, sent, accepted: nothing beyond what the send already recorded
                }
            }
        });
    }

    private interface Action {
        void on(Map<String, String> form);
    }

    private ResponseEntity<String> handle(HttpServletRequest request, String path, Action action) {
        if (settings.signature() == null || settings.publicBaseUrl() == null) {
            return refuse(HttpStatus.FORBIDDEN, "webhooks are not configured");
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "a form is expected");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return refuse(HttpStatus.CONTENT_TOO_LARGE, "too large");
        }
        List<Map.Entry<String, String>> parameters;
        try {
            byte[] body = body(request);
            if (body.length > MAX_BODY_BYTES) {
                return refuse(HttpStatus.CONTENT_TOO_LARGE, "too large");
            }
            parameters = parse(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return refuse(HttpStatus.BAD_REQUEST, "unreadable");
        } catch (BadWebhook e) {
            return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        String signature = request.getHeader("X-Twilio-Signature");
        if (!settings.signature().verify(settings.publicBaseUrl() + path, parameters, signature)) {
            log.warn("Refused a request to {} without a valid Twilio signature", path);
            return refuse(HttpStatus.FORBIDDEN, "signature");
        }
        Map<String, String> form = new LinkedHashMap<>();
        parameters.forEach(p -> form.put(p.getKey(), p.getValue()));
        if (!settings.accountSid().equals(form.get("AccountSid"))) {
            return refuse(HttpStatus.FORBIDDEN, "account");
        }
        synchronized (seen) {
            if (seen.contains(signature.strip())) {
                return refuse(HttpStatus.CONFLICT, "replayed");
            }
        }
        try {
            action.on(form);
        } catch (BadWebhook e) {
            return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        synchronized (seen) {
            seen.add(signature.strip());
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    /**
     * The request's body as it came, at most one byte over the limit: taken by {@link #RAW_BODY}'s filter before
     * anything of the application could read it as parameters (the language switch looks for {@code ?lang=}), or
     * read here.
     */
    static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getAttribute(RAW_BODY) instanceof byte[] kept) {
            return kept;
        }
        try (InputStream in = request.getInputStream()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    /** {@code a=1&b=2}, each name once, percent-decoded as UTF-8; anything else is refused. */
    static List<Map.Entry<String, String>> parse(String body) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (body.isEmpty()) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new BadWebhook("malformed form");
            }
            String name;
            String value;
            try {
                name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadWebhook("malformed form");
            }
            if (!names.add(name)) {
                throw new BadWebhook("a parameter given twice");
            }
            if (out.size() >= MAX_PARAMETERS) {
                throw new BadWebhook("too many parameters");
            }
            out.add(Map.entry(name, value));
        }
        return out;
    }

    private static ResponseEntity<String> refuse(HttpStatus status, String why) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":\"" + why.replaceAll("[^a-z ]", "") + "\"}");
    }

    static final class BadWebhook extends RuntimeException {
        BadWebhook(String message) {
            super(message);
        }
    }
}
