package jp.uketsuke.telephony;

/**
 * How an outbound leg's attempt was settled, for metrics: {@link DialOutcome} without its details, rejections only
 * by status class (never a number or a reason text).
 */
public enum LegOutcome {
    ANSWERED,
    REJECTED_3XX,
    REJECTED_4XX,
    REJECTED_5XX,
    REJECTED_6XX,
    NO_ANSWER,
    CANCELLED,
    FAILED;

    public static LegOutcome of(DialOutcome outcome) {
        return switch (outcome) {
            case DialOutcome.Answered answered -> ANSWERED;
            case DialOutcome.Rejected rejected -> switch (rejected.status() / 100) {
                case 3 -> REJECTED_3XX;
                case 5 -> REJECTED_5XX;
                case 6 -> REJECTED_6XX;
                default -> REJECTED_4XX;
            };
            case DialOutcome.NoAnswer noAnswer -> NO_ANSWER;
            case DialOutcome.Cancelled cancelled -> CANCELLED;
            case DialOutcome.Failed failed -> FAILED;
        };
    }
}
