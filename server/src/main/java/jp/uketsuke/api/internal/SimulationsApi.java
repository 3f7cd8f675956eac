package jp.uketsuke.api.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.OfflineSummary;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.tenancy.TenantLine;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallerTurn;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowRun;
import jp.uketsuke.voicebot.Simulation;
import jp.uketsuke.voicebot.Simulator;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/simulations}: runs the tenant's flow — the one a number answers with, a published version or
 * the draft — against typed turns, through the same engine as calls, and answers with every turn, the nodes visited
 * and the FAQ entries chosen with their scores (F9). Writes no call record; audited as {@code flow.simulate}.
 */
@RestController
@RequestMapping(path = "/api/v1/simulations", produces = "application/json")
class SimulationsApi {

    /** A hundred turns of a thousand characters, with room for JSON around them. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    // what a client sends is read strictly: no unknown fields, shallow, bounded, before anything is bound
    static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    // a key given twice would silently keep the last one: {"start": "a", "start": "b"}
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                            .maxDocumentLength(MAX_BODY_BYTES).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final FlowEditing flows;
    private final Tenants tenants;
    private final CurrentViewer viewers;
    private final Clock clock;

    SimulationsApi(FlowEditing flows, Tenants tenants, CurrentViewer viewers, Clock clock) {
        this.flows = flows;
        this.tenants = tenants;
        this.viewers = viewers;
        this.clock = clock;
    }

    /**
     * @param number       the tenant's number whose published flow runs (or null with {@code draft} or {@code version})
     * @param draft        run the draft instead
     * @param version      run this published version instead
     * @param callerNumber the simulated caller's number; absent for a withheld one
     * @param staffAnswers whether transfers reach someone
     * @param at           ISO-8601 moment of the imagined call (for hours), e.g. 2026-12-24T21:00:00+09:00
     */
    record Request(String number, Boolean draft, Integer version, List<CallerTurn> turns, String callerNumber,
                   Boolean staffAnswers, String at) {
    }

    record TurnJson(String actor, String node, String text) {
    }

    record FaqJson(String entry, double score) {
    }

    /** {@code summary}: what the call page would show for such a call (F2, the offline rules). */
    record Response(String flow, List<TurnJson> turns, List<String> visited, List<FaqJson> faq, String outcome,
                    Map<String, String> values, CallsApi.SummaryJson summary) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping(consumes = "application/json")
    ResponseEntity<?> simulate(HttpServletRequest http) {
        Viewer viewer = viewers.of(http);
        Request request;
        try {
            request = JSON.readValue(boundedBody(http, MAX_BODY_BYTES), Request.class);
        } catch (BodyTooLarge e) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "the request is larger than " + MAX_BODY_BYTES + " bytes");
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, "the request is not a valid simulation: " + brief(e));
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST, "the request could not be read");
        }
        if (request == null || request.turns() == null) {
            return error(HttpStatus.BAD_REQUEST, "a simulation needs turns: [{\"say\": \"…\"} or {\"dtmf\": \"1\"}, …]");
        }
        if (request.turns().size() > Simulator.MAX_TURNS || request.turns().contains(null)) {
            return error(HttpStatus.BAD_REQUEST, "a simulation has 1 to " + Simulator.MAX_TURNS + " turns, none empty");
        }
        // an API key belongs to exactly one tenant; a number of another tenant is as unknown as one of nobody's
        UUID tenant = viewer.tenants().iterator().next();
        int version;
        if (Boolean.TRUE.equals(request.draft())) {
            version = 0;
        } else if (request.version() != null) {
            if (request.version() < 1) {
                return error(HttpStatus.BAD_REQUEST, "a version is a number from 1");
            }
            version = request.version();
        } else {
            Optional<TenantLine> line = request.number() == null ? Optional.empty()
                    : tenants.lineFor(PhoneNumbers.normalise(request.number()));
            if (line.isEmpty() || !line.get().tenantId().equals(tenant)) {
                return error(HttpStatus.NOT_FOUND, "no such number");
            }
            version = flows.versions(viewer, tenant).stream().filter(FlowEditing.Version::inUse)
                    .mapToInt(FlowEditing.Version::number).findFirst().orElse(0);
        }
        Instant at;
        try {
            at = request.at() == null ? null : OffsetDateTime.parse(request.at()).toInstant();
        } catch (DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "at is an ISO-8601 date-time with offset, e.g. 2026-12-24T21:00:00+09:00");
        }
        String caller = request.callerNumber() == null ? null : PhoneNumbers.normalise(request.callerNumber());
        try {
            Simulation simulation = flows.simulate(viewer, tenant, version, request.turns(),
                    caller == null || caller.isEmpty() ? null : caller, Boolean.TRUE.equals(request.staffAnswers()), at);
            return ResponseEntity.ok(response(version, simulation, at == null ? clock.instant() : at));
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static Response response(int version, Simulation s, Instant at) {
        List<TurnJson> turns = new ArrayList<>();
        s.turns().forEach(t -> turns.add(new TurnJson(t.actor().name(), t.node(), t.text())));
        FlowRun run = s.run();
        return new Response(version == 0 ? "draft" : "v" + version, turns, run.visited(),
                run.answers().stream().map(a -> new FaqJson(a.entryId(), a.score())).toList(), run.outcome().name(),
                new LinkedHashMap<>(run.values()), CallsApi.SummaryJson.of(OfflineSummary.of(s.turns().stream()
                        .filter(t -> t.actor() == Simulation.Actor.CALLER).map(Simulation.Turn::text)
                        .collect(Collectors.joining("\n")), run.purpose(), run.outcome(), at)));
    }

    /** The body, refused once it passes the limit: a client cannot make us hold megabytes to find out. */
    /** The request's body, at most {@code max} bytes (and never more than {@link #MAX_BODY_BYTES}). */
    static byte[] boundedBody(HttpServletRequest http, int max) throws IOException {
        if (http.getContentLengthLong() > max) {
            throw new BodyTooLarge();
        }
        try (InputStream in = http.getInputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new BodyTooLarge();
            }
            return body;
        }
    }

    private static String brief(JacksonException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("too large", null);
        }
    }
}
