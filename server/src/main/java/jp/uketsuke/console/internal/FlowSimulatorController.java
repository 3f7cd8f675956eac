package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.voicebot.CallerTurn;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Simulation;
import jp.uketsuke.voicebot.Simulator;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The simulator for holders of {@code flows:edit}: runs the draft or a published version against typed caller turns
 * (a line of keys such as {@code 1} or {@code #} is pressed, any other line is said), from a number or withheld, with
 * staff answering transfers or not, at a chosen moment in Tokyo; shows every turn with its node, the ways taken, the
 * FAQ answers with their scores, the outcome and the values captured. Writes no call record.
 */
@Controller
class FlowSimulatorController {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** The turns' text as a whole: the most 100 full turns can be, so longer input is refused before it is split. */
    private static final int MAX_INPUT = Simulator.MAX_TURNS * (CallerTurn.MAX_CHARACTERS + 2);

    private final FlowEditing flows;
    private final FlowPages pages;

    FlowSimulatorController(FlowEditing flows, FlowPages pages) {
        this.flows = flows;
        this.pages = pages;
    }

    /** The form as typed, shown again with the result. */
    record Input(String source, String turns, String caller, boolean withheld, boolean staff, String at) {
    }

    /** A way taken: from a node, on which exit, to the next. */
    record Step(String from, String label, String to) {
    }

    /** An FAQ entry answered, with how sure the match was. */
    record Answer(String entry, String score) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/simulator")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        return page(scope, new Input("draft", "", "09012345678", false, true, ""), null, null, null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/simulator")
    String run(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "draft") String source,
               @RequestParam(defaultValue = "") String turns, @RequestParam(defaultValue = "") String caller,
               @RequestParam(defaultValue = "false") boolean withheld,
               @RequestParam(defaultValue = "false") boolean staff, @RequestParam(defaultValue = "") String at,
               HttpServletRequest request, HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        if (turns.length() > MAX_INPUT) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(scope, new Input(source, "", caller, withheld, staff, at), "flow.sim.error.turns", null,
                    null, model);
        }
        Input input = new Input(source, turns, caller, withheld, staff, at);
        String error = null;
        List<CallerTurn> typed = new ArrayList<>();
        List<String> lines = turns.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() > Simulator.MAX_TURNS) {
            error = "flow.sim.error.turns";
        } else if (lines.stream().anyMatch(l -> l.length() > CallerTurn.MAX_CHARACTERS)) {
            error = "flow.sim.error.long";
        } else {
            for (String line : lines) {
                typed.add(line.matches("[0-9*#]{1,20}") ? CallerTurn.pressing(line) : CallerTurn.saying(line));
            }
        }
        String number = null;
        if (error == null && !withheld && !caller.isBlank()) {
            number = PhoneNumbers.normalise(caller.strip());
            if (!number.matches("\\+?[0-9]{4,20}")) {
                error = "flow.sim.error.caller";
            }
        }
        Instant moment = null;
        if (error == null && !at.isBlank()) {
            try {
                moment = LocalDateTime.parse(at.strip()).atZone(TOKYO).toInstant();
            } catch (DateTimeParseException e) {
                error = "flow.sim.error.at";
            }
        }
        int version = source.equals(FlowVersionsController.DRAFT) ? 0
                : source.matches("[0-9]{1,9}") ? Integer.parseInt(source) : -1;
        if (error == null && version < 0) {
            error = "flow.sim.error.source";
        }
        if (error != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(scope, input, error, null, null, model);
        }
        Simulation simulation;
        try {
            simulation = flows.simulate(scope.viewer(), scope.tenant(), version, typed, number, staff, moment);
        } catch (IllegalArgumentException noSuchVersion) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(scope, input, "flow.sim.error.source", null, null, model);
        }
        Flow flow = version == 0 ? flows.draft(scope.viewer(), scope.tenant()).flow()
                : flows.version(scope.viewer(), scope.tenant(), version).orElseThrow();
        return page(scope, input, null, simulation, flow, model);
    }

    private String page(FlowPages.Scope scope, Input input, String error, Simulation simulation, Flow flow,
                        Model model) {
        pages.common(scope, "simulator", model);
        model.addAttribute("versions", flows.versions(scope.viewer(), scope.tenant()).stream()
                .map(FlowEditing.Version::number).toList());
        model.addAttribute("input", input);
        model.addAttribute("error", error);
        model.addAttribute("simulation", simulation);
        if (simulation != null) {
            model.addAttribute("turns", simulation.turns());
            model.addAttribute("steps", steps(flow, simulation.run().visited()));
            model.addAttribute("answers", simulation.run().answers().stream()
                    .map(a -> new Answer(a.entryId(), String.format(Locale.ROOT, "%.2f", a.score()))).toList());
            model.addAttribute("outcome", simulation.run().outcome().name());
            model.addAttribute("values", new TreeMap<>(simulation.run().values()));
        }
        return "flow-simulator";
    }

    private static List<Step> steps(Flow flow, List<String> visited) {
        Map<String, Node> byId = flow.nodesById();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i + 1 < visited.size(); i++) {
            Node from = byId.get(visited.get(i));
            String label = from == null ? "" : Exits.between(from, visited.get(i + 1));
            steps.add(new Step(visited.get(i), label, visited.get(i + 1)));
        }
        return steps;
    }
}
