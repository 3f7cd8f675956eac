package jp.uketsuke.voicebot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.uketsuke.voicebot.faq.FaqIndex;

/**
 * Decides whether a flow may be published: every target exists, every node can be reached, every node can reach
 * an end of the call, no loop runs without waiting for the caller, every prompt fits and is in a language this
 * installation speaks, and everything named (recorded prompts, phones, departments) is the tenant's own. Each
 * problem names its node.
 */
public final class FlowValidator {

    private FlowValidator() {
    }

    public static List<FlowProblem> check(Flow flow, FlowCapabilities can) {
        List<FlowProblem> problems = new ArrayList<>();
        Map<String, Node> byId = new java.util.LinkedHashMap<>(); // flow order: problems come out in it
        for (Node n : flow.nodes()) {
            if (byId.putIfAbsent(n.id(), n) != null) {
                problems.add(new FlowProblem(n.id(), "two nodes have this id"));
            }
        }
        if (!byId.containsKey(flow.start())) {
            problems.add(new FlowProblem(null, "the start node " + flow.start() + " does not exist"));
        }
        for (Node n : flow.nodes()) {
            for (String t : n.targets()) {
                if (!byId.containsKey(t)) {
                    problems.add(new FlowProblem(n.id(), "goes to " + t + ", which does not exist"));
                }
            }
            checkPrompts(flow, n, can, problems);
            checkReferences(flow, n, can, problems);
        }
        try {
            FaqIndex.of(flow.language(), flow.faq());
        } catch (IllegalArgumentException e) {
            problems.add(new FlowProblem(null, e.getMessage()));
        }
        if (!problems.isEmpty()) {
            return problems.stream().distinct().toList(); // the graph checks below need every target to exist
        }
        Set<String> reachable = reachableFrom(flow.start(), byId);
        flow.nodes().stream().filter(n -> !reachable.contains(n.id()))
                .forEach(n -> problems.add(new FlowProblem(n.id(), "cannot be reached from the start")));
        Set<String> ending = canEnd(byId);
        flow.nodes().stream().filter(n -> reachable.contains(n.id()) && !ending.contains(n.id()))
                .forEach(n -> problems.add(new FlowProblem(n.id(), "is in a loop with no way out: the call could "
                        + "never end from here")));
        for (List<String> loop : loopsWithoutListening(byId)) {
            problems.add(new FlowProblem(loop.get(0), "loops through " + String.join(" → ", loop)
                    + " without ever waiting for the caller"));
        }
        return problems.stream().distinct().toList(); // a node saying two things in one bad language: said once
    }

    private static void checkPrompts(Flow flow, Node n, FlowCapabilities can, List<FlowProblem> problems) {
        for (Prompt p : n.prompts()) {
            if (p.text() != null && p.text().length() > Prompt.MAX_CHARACTERS) {
                problems.add(new FlowProblem(n.id(), "a prompt is " + p.text().length() + " characters; at most "
                        + Prompt.MAX_CHARACTERS + " are allowed"));
            }
            String language = p.languageIn(flow.language());
            // with no synthesizer at all (switched off) every prompt is a chime: there is no language to get wrong
            if (p.text() != null && !can.languages().isEmpty() && !can.speaks(language)) {
                problems.add(new FlowProblem(n.id(), "this installation cannot speak " + language
                        + " (it speaks " + String.join(", ", new java.util.TreeSet<>(can.languages())) + ")"));
            }
            if (p.audio() != null && !can.recordedPrompts().contains(p.audio())) {
                problems.add(new FlowProblem(n.id(), "plays a recorded prompt this tenant does not have"));
            }
        }
    }

    private static void checkReferences(Flow flow, Node n, FlowCapabilities can, List<FlowProblem> problems) {
        if (!(n instanceof Node.Transfer transfer)) {
            return;
        }
        switch (transfer.to().kind()) {
            case EXTENSION -> {
                if (!can.extensions().contains(transfer.to().value())) {
                    problems.add(new FlowProblem(n.id(), "transfers to extension " + transfer.to().value()
                            + ", which is not one of this tenant's phones"));
                }
            }
            case DEPARTMENT -> {
                var department = flow.department(transfer.to().value());
                if (department.isEmpty()) {
                    problems.add(new FlowProblem(n.id(), "transfers to department " + transfer.to().value()
                            + ", which the flow does not define"));
                } else {
                    department.get().extensions().stream().filter(e -> !can.extensions().contains(e))
                            .forEach(e -> problems.add(new FlowProblem(n.id(), "department " + department.get().id()
                                    + " names extension " + e + ", which is not one of this tenant's phones")));
                }
            }
            case NUMBER -> {
            }
        }
    }

    private static Set<String> reachableFrom(String start, Map<String, Node> byId) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(byId.get(id).targets());
            }
        }
        return seen;
    }

    /** Nodes from which some path ends the call; found backwards from the nodes that end it. */
    private static Set<String> canEnd(Map<String, Node> byId) {
        Map<String, List<String>> sources = new HashMap<>();
        byId.values().forEach(n -> n.targets().forEach(t -> sources.computeIfAbsent(t, k -> new ArrayList<>())
                .add(n.id())));
        Set<String> ending = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        byId.values().stream().filter(FlowValidator::endsCall).forEach(n -> todo.add(n.id()));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (ending.add(id)) {
                todo.addAll(sources.getOrDefault(id, List.of()));
            }
        }
        return ending;
    }

    /** The call ends after this node when it goes nowhere; a hang-up always ends it. */
    private static boolean endsCall(Node n) {
        return n instanceof Node.Hangup || n.targets().isEmpty()
                || n instanceof Node.Screen screen && screen.voicemail() == null; // a sales call is declined there
    }

    /**
     * Cycles made only of nodes that never wait for the caller (say, goto, branch, hours, caller, transfer): the
     * engine would run them forever, so they are refused. Found as cycles of that subgraph by depth-first search.
     */
    private static List<List<String>> loopsWithoutListening(Map<String, Node> byId) {
        List<List<String>> loops = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String id : byId.keySet()) {
            if (!done.contains(id) && !listens(byId.get(id))) {
                findLoop(id, byId, new ArrayList<>(), new HashSet<>(), done, loops);
            }
        }
        return loops;
    }

    private static void findLoop(String id, Map<String, Node> byId, List<String> path, Set<String> onPath,
                                 Set<String> done, List<List<String>> loops) {
        path.add(id);
        onPath.add(id);
        for (String t : byId.get(id).targets()) {
            Node next = byId.get(t);
            if (listens(next)) {
                continue;
            }
            if (onPath.contains(t)) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(t), path.size()));
                loop.add(t);
                loops.add(loop);
            } else if (!done.contains(t)) {
                findLoop(t, byId, path, onPath, done, loops);
            }
        }
        onPath.remove(id);
        path.remove(path.size() - 1);
        done.add(id);
    }

    private static boolean listens(Node n) {
        return n instanceof Node.Menu || n instanceof Node.Hear || n instanceof Node.Faq || n instanceof Node.Message
                || n instanceof Node.Sms;
    }
}
