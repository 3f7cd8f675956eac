package jp.uketsuke.calls;

import java.util.List;

/**
 * One page of the call list, newest first.
 *
 * @param next the opaque cursor of the following (older) page, or null when this is the last
 */
public record CallPage(List<ListedCall> calls, String next) {

    public CallPage {
        calls = List.copyOf(calls);
    }

    public static CallPage empty() {
        return new CallPage(List.of(), null);
    }
}
