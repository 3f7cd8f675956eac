package jp.uketsuke.voicebot;

/**
 * Why a flow cannot be published, said so the tenant can fix it.
 *
 * @param node the node at fault, or null for the flow as a whole
 */
public record FlowProblem(String node, String message) {

    @Override
    public String toString() {
        return node == null ? message : "node " + node + ": " + message;
    }
}
