package jp.uketsuke.switchboard.internal;

import java.time.Duration;
import java.util.function.Consumer;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.DialOutcome;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.Playback;
import jp.uketsuke.telephony.ReferResult;

/**
 * The telephony side of handing a caller to staff (F5): bridged — ringback while staff's phone rings, then both
 * connected until one hangs up — or blind, by REFER. Each step is marked in the transcript as it happens.
 */
final class Handover {

    /** How long the caller's side may take to report a blind transfer's outcome. */
    static final Duration REFER_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param handedOver staff took the call (bridged and since ended, or referred)
     * @param callerLeft the caller hung up before staff answered
     */
    record Result(boolean handedOver, boolean callerLeft) {
    }

    private Handover() {
    }

    static Result bridged(Call call, Destination staff, CallerId callerId, Duration noAnswer, Consumer<String> mark)
            throws InterruptedException {
        OutboundLeg leg = call.dial(staff, callerId, noAnswer);
        mark.accept("[TRANSFER BRIDGED: calling staff]");
        short[] ringback = Ringback.cycle(call.sampleRate());
        Playback playing = null;
        DialOutcome outcome = null;
        while (outcome == null) {
            if (playing == null || playing.isDone()) {
                playing = call.play(ringback);
            }
            if (call.next(Duration.ofMillis(100)) instanceof MediaEvent.Ended) {
                leg.cancel();
                mark.accept("[TRANSFER BRIDGED: caller hung up while staff's phone rang]");
                return new Result(false, true);
            }
            outcome = leg.await(Duration.ZERO);
        }
        call.stopPlayback();
        if (!(outcome instanceof DialOutcome.Answered answered)) {
            mark.accept("[TRANSFER BRIDGED: " + describe(outcome, noAnswer) + "]");
            return new Result(false, !call.isActive());
        }
        mark.accept("[TRANSFER BRIDGED: staff answered]");
        call.bridge(answered.call());
        // the bridge hangs up both when either side does; the recording runs on meanwhile
        MediaEvent event;
        do {
            event = call.next(Duration.ofSeconds(1));
        } while (!(event instanceof MediaEvent.Ended) && (event != null || call.isActive()));
        return new Result(true, false);
    }

    static Result blind(Call call, Destination staff, Consumer<String> mark) throws InterruptedException {
        mark.accept("[TRANSFER BLIND: REFER sent]");
        call.play(Ringback.cycle(call.sampleRate()));
        ReferResult result = call.referTo(staff, REFER_TIMEOUT);
        call.stopPlayback();
        return switch (result) {
            case ReferResult.Transferred transferred -> {
                mark.accept("[TRANSFER BLIND: caller transferred]");
                yield new Result(true, false);
            }
            case ReferResult.NotTransferred failed -> {
                mark.accept("[TRANSFER BLIND: not transferred" + (failed.status() > 0 ? " (" + failed.status() + ")" : "")
                        + "]");
                yield new Result(false, !call.isActive());
            }
        };
    }

    private static String describe(DialOutcome outcome, Duration noAnswer) {
        return switch (outcome) {
            case DialOutcome.NoAnswer none -> "no answer within " + noAnswer.toSeconds() + " s";
            case DialOutcome.Rejected rejected -> "refused (" + rejected.status() + ")";
            case DialOutcome.Cancelled cancelled -> "cancelled";
            case DialOutcome.Failed failed -> "failed: " + failed.reason();
            case DialOutcome.Answered answered -> "answered";
        };
    }
}
