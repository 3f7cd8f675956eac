package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Node;

final class GotoStep implements Step<Node.Goto> {

    @Override
    public String run(Node.Goto node, Conversation call) {
        return node.target();
    }
}
