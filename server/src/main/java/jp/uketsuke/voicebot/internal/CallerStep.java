package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Node;

/** Branches on the caller's number: withheld, VIP, listed, anyone else. Routing only; never proof of identity. */
final class CallerStep implements Step<Node.Caller> {

    @Override
    public String run(Node.Caller node, Conversation call) {
        String number = call.facts().callerNumber();
        if (number == null) {
            call.set("caller", "anonymous");
            return node.anonymous() != null ? node.anonymous() : node.other();
        }
        if (node.vip() != null && node.vipNumbers().contains(number)) {
            call.set("caller", "vip");
            return node.vip();
        }
        if (node.listed() != null && node.listedNumbers().contains(number)) {
            call.set("caller", "listed");
            return node.listed();
        }
        call.set("caller", "other");
        return node.other();
    }
}
