package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Node;

final class SayStep implements Step<Node.Say> {

    @Override
    public String run(Node.Say node, Conversation call) throws InterruptedException {
        call.say(node.prompt());
        return node.next();
    }
}
