package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Node;

final class HangupStep implements Step<Node.Hangup> {

    @Override
    public String run(Node.Hangup node, Conversation call) throws InterruptedException {
        call.say(node.prompt());
        return null;
    }
}
