package jp.uketsuke.voicebot.internal;

import java.util.Locale;
import jp.uketsuke.hours.OpeningStatus;
import jp.uketsuke.voicebot.Node;

/** Branches on the tenant's hours at this moment, by the flow's clock (tests set it to "21:00 on a holiday"). */
final class HoursStep implements Step<Node.Hours> {

    @Override
    public String run(Node.Hours node, Conversation call) {
        OpeningStatus status = call.flow().hoursOrStandard().status(call.clock().instant());
        call.set("hours", status.kind().name().toLowerCase(Locale.ROOT));
        return switch (status.kind()) {
            case OPEN -> node.open();
            case CLOSED -> node.closed();
            case HOLIDAY, CLOSED_DAY -> node.holiday() != null ? node.holiday() : node.closed();
        };
    }
}
