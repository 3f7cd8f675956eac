package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test's application: decides by dialed number what a call does, and reports each finished
 * session. Dialed numbers: "404" rejected; "hangup" plays a tone and hangs up; "boom" throws;
 * "secure" and "plain" answer with media security REQUIRED and OFF; anything else plays a tone and
 * listens until the caller hangs up, with media security PREFERRED.
 */
final class Receptionist implements CallListener {

    /** What one answered call saw. */
    record Report(String codec, int sampleRate, String digits, int audioFrames, double loudestRms,
                  String endReason, int endedEvents, int recorderFrames, boolean recorderClosed, short[] callerAudio) {
    }

    final LinkedBlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<CallRequest> requests = new LinkedBlockingQueue<>();
    final AtomicInteger incoming = new AtomicInteger();

    @Override
    public Admission onIncomingCall(CallRequest request) {
        incoming.incrementAndGet();
        requests.add(request);
        return switch (request.dialedNumber()) {
            case "404" -> Admission.reject(404, "Not Found");
            case "boom" -> Admission.answer(call -> {
                throw new IllegalStateException("session bug");
            });
            case "hangup" -> Admission.answer(call -> {
                call.play(tone(call.sampleRate(), 440, 500)).await();
            });
            case "secure" -> Admission.answer(this::converse, MediaSecurity.REQUIRED);
            case "plain" -> Admission.answer(this::converse, MediaSecurity.OFF);
            default -> Admission.answer(this::converse);
        };
    }

    Report nextReport(Duration timeout) throws InterruptedException {
        return reports.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void converse(Call call) throws InterruptedException {
        RecorderProbe recorder = new RecorderProbe();
        call.record(recorder);
        call.play(tone(call.sampleRate(), 440, 1500));
        StringBuilder digits = new StringBuilder();
        int frames = 0;
        double loudest = 0;
        String endReason = null;
        short[] heard = new short[call.sampleRate() * 5];
        int heardLength = 0;
        int ended = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Ended is always the last event and always comes, so read until it: checking isActive() on a
        // timeout would race with the end of the call, which flips the flag before queueing Ended.
        while (ended == 0 && System.nanoTime() < deadline) {
            MediaEvent event = call.next(Duration.ofMillis(500));
            if (event == null) {
                continue;
            }
            switch (event) {
                case MediaEvent.Audio audio -> {
                    frames++;
                    loudest = Math.max(loudest, rms(audio.samples()));
                    int room = Math.min(audio.samples().length, heard.length - heardLength);
                    System.arraycopy(audio.samples(), 0, heard, heardLength, room);
                    heardLength += room;
                }
                case MediaEvent.Digit digit -> digits.append(digit.digit());
                case MediaEvent.Ended end -> {
                    ended++;
                    endReason = end.reason();
                }
            }
        }
        reports.add(new Report(call.codec(), call.sampleRate(), digits.toString(), frames, loudest, endReason, ended,
                recorder.frames.get(), recorder.closed,
                java.util.Arrays.copyOf(heard, heardLength)));
    }

    static short[] tone(int sampleRate, double hz, int millis) {
        short[] pcm = new short[sampleRate * millis / 1000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return pcm;
    }

    /** Share of the signal's energy at {@code hz} (Goertzel), 0..1; a clean tone gives nearly 1. */
    static double toneShare(short[] samples, int from, int length, int sampleRate, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < from + length; i++) {
            double s0 = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) samples[i] * samples[i];
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * power / (length * Math.max(energy, 1));
    }

    static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, samples.length));
    }

    /** Counts recorder frames and checks both channels always have the same length. */
    static final class RecorderProbe implements CallRecorder {
        final AtomicInteger frames = new AtomicInteger();
        volatile boolean closed;

        @Override
        public void frame(short[] caller, short[] bot) {
            if (caller.length != bot.length) {
                throw new AssertionError("channels out of step");
            }
            frames.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
