package jp.uketsuke.console.internal;

import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A flow as the JSON tree of its document, for pages that change part of it: the change is made to the tree and read
 * back through {@link FlowDocuments}, so the console accepts exactly what an import accepts.
 */
@Component
class FlowTrees {

    private final JsonMapper json;

    FlowTrees(JsonMapper json) {
        this.json = json;
    }

    ObjectNode tree(Flow flow) {
        return (ObjectNode) json.readTree(FlowDocuments.write(flow));
    }

    /** @throws FlowDocuments.InvalidFlowDocument saying what is wrong */
    Flow flow(JsonNode tree) {
        return FlowDocuments.read(json.writeValueAsBytes(tree));
    }

    /** One node's settings as compact JSON, for comparing versions. */
    String compact(JsonNode node) {
        return json.writeValueAsString(node);
    }
}
