package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Node;

/** What the engine does at one node type: returns the id of the node to go to, or null when the call ends. */
interface Step<N extends Node> {

    String run(N node, Conversation call) throws InterruptedException;
}
