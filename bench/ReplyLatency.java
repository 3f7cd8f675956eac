import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/reply-latency.sh's analysis: reads a pcap of G.711 µ-law RTP on loopback and, per call, measures the time
 * from the caller's last voiced packet to the answering side's first voiced packet after it.
 *
 * <pre>
 * java bench/ReplyLatency.java capture.pcap ANSWER_PORTS [--voiced-dbfs -45] [--quiet-before-ms 300] [--calls out.csv]
 * </pre>
 *
 * ANSWER_PORTS ("46000-46999" or "47000") are the answering side's RTP ports; a call is one pair of ports with one
 * SSRC each way (ports are reused by later calls, SSRCs are not). A packet is voiced when its decoded level is above
 * --voiced-dbfs (the callers' silence is digital zero, far below). With --quiet-before-ms, a call whose answering side
 * was voiced within that time before the caller's last voice is not measured: its prompt was still playing (barge-in
 * did not stop it), so the "reply" would be the rest of that prompt.
 *
 * Prints one summary line: {@code measured p50 p95 max no_caller_voice no_answer prompt_playing} (milliseconds).
 */
public final class ReplyLatency {

    private record Packet(long micros, int sourcePort, int destinationPort, long ssrc, boolean voiced) {
    }

    /** One RTP stream (one SSRC one way between two ports) in capture order. */
    private static final class Stream {
        final List<Packet> packets = new ArrayList<>();

        long first() {
            return packets.getFirst().micros;
        }

        long last() {
            return packets.getLast().micros;
        }

        long overlap(Stream other) {
            return Math.min(last(), other.last()) - Math.max(first(), other.first());
        }
    }

    /** @param callerPort and answerPort identify the pair; fromCaller the direction */
    private record StreamKey(int callerPort, int answerPort, boolean fromCaller, long ssrc) {
    }

    private static final short[] ULAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xFF;
            int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
            ULAW[i] = (short) ((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ReplyLatency capture.pcap ANSWER_PORTS [--voiced-dbfs -45] "
                    + "[--quiet-before-ms 300] [--calls out.csv]");
            System.exit(2);
        }
        Path capture = Path.of(args[0]);
        String[] range = args[1].split("-");
        int answerLow = Integer.parseInt(range[0]);
        int answerHigh = Integer.parseInt(range[range.length - 1]);
        double voicedDbfs = -45;
        long quietBeforeMicros = 0;
        Path callsCsv = null;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--voiced-dbfs" -> voicedDbfs = Double.parseDouble(args[i + 1]);
                case "--quiet-before-ms" -> quietBeforeMicros = Long.parseLong(args[i + 1]) * 1000;
                case "--calls" -> callsCsv = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        // Streams, not port pairs, are the unit: SIPp sends every call from one port, the echoing peer answers every call
        // on one port, and ports are reused by later calls; SSRCs tell calls apart.
        Map<StreamKey, Stream> streams = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(capture), 1 << 20)) {
            for (Packet p : new PcapReader(in, voicedDbfs)) {
                boolean fromAnswerer = inRange(p.sourcePort, answerLow, answerHigh);
                boolean toAnswerer = inRange(p.destinationPort, answerLow, answerHigh);
                if (fromAnswerer == toAnswerer) {
                    continue; // not between a caller and the answering side
                }
                StreamKey key = fromAnswerer
                        ? new StreamKey(p.destinationPort, p.sourcePort, false, p.ssrc)
                        : new StreamKey(p.sourcePort, p.destinationPort, true, p.ssrc);
                streams.computeIfAbsent(key, k -> new Stream()).packets.add(p);
            }
        }
        List<Stream> callerStreams = new ArrayList<>();
        List<Stream> answerStreams = new ArrayList<>();
        for (Map.Entry<StreamKey, Stream> e : streams.entrySet()) {
            StreamKey k = e.getKey();
            if (!k.fromCaller()) {
                continue;
            }
            // an echo carries the caller's SSRC; a bot sends its own, over the same ports at the same time
            Stream answer = streams.get(new StreamKey(k.callerPort(), k.answerPort(), false, k.ssrc()));
            if (answer == null) {
                for (Map.Entry<StreamKey, Stream> other : streams.entrySet()) {
                    StreamKey o = other.getKey();
                    if (!o.fromCaller() && o.callerPort() == k.callerPort() && o.answerPort() == k.answerPort()
                            && other.getValue().overlap(e.getValue()) > 0
                            && (answer == null || other.getValue().overlap(e.getValue()) > answer.overlap(e.getValue()))) {
                        answer = other.getValue();
                    }
                }
            }
            callerStreams.add(e.getValue());
            answerStreams.add(answer);
        }

        List<Long> latencies = new ArrayList<>();
        int noCallerVoice = 0;
        int noAnswer = 0;
        int promptPlaying = 0;
        PrintStream csv = callsCsv == null ? null : new PrintStream(Files.newOutputStream(callsCsv), true);
        if (csv != null) {
            csv.println("caller_port,answer_port,t_last_voice_us,t_answer_us,latency_ms,result,calls_in_progress");
        }
        for (int c = 0; c < callerStreams.size(); c++) {
            Stream caller = callerStreams.get(c);
            Stream answerer = answerStreams.get(c);
            long lastVoice = -1;
            for (Packet p : caller.packets) {
                if (p.voiced) {
                    lastVoice = p.micros;
                }
            }
            long answer = -1;
            boolean playingBefore = false;
            for (Packet p : answerer == null ? List.<Packet>of() : answerer.packets) {
                if (!p.voiced || lastVoice < 0) {
                    continue;
                }
                if (p.micros <= lastVoice && p.micros > lastVoice - quietBeforeMicros) {
                    playingBefore = true;
                }
                if (p.micros > lastVoice) {
                    answer = p.micros;
                    break;
                }
            }
            String result;
            if (lastVoice < 0) {
                noCallerVoice++;
                result = "no_caller_voice";
            } else if (playingBefore) {
                promptPlaying++;
                result = "prompt_playing";
            } else if (answer < 0) {
                noAnswer++;
                result = "no_answer";
            } else {
                latencies.add(answer - lastVoice);
                result = "ok";
            }
            if (csv != null) {
                Packet head = caller.packets.getFirst();
                long at = lastVoice > 0 ? lastVoice : caller.first();
                long inProgress = callerStreams.stream().filter(o -> o.first() <= at && o.last() >= at).count();
                csv.printf(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%d%n", head.sourcePort, head.destinationPort, lastVoice, answer,
                        answer > 0 && lastVoice > 0 ? String.format(Locale.ROOT, "%.1f", (answer - lastVoice) / 1000.0)
                                : "", result, inProgress);
            }
        }
        if (csv != null) {
            csv.close();
        }
        latencies.sort(null);
        System.out.printf(Locale.ROOT, "%d %s %s %s %d %d %d%n", latencies.size(), millis(percentile(latencies, 50)),
                millis(percentile(latencies, 95)), millis(latencies.isEmpty() ? -1 : latencies.getLast()),
                noCallerVoice, noAnswer, promptPlaying);
    }

    private static boolean inRange(int port, int low, int high) {
        return port >= low && port <= high;
    }

    /** Nearest-rank percentile; -1 when there is nothing. */
    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String millis(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** Classic pcap (not pcapng), Ethernet or Linux cooked link layer, IPv4/UDP carrying RTP with PCMU (0). */
    private static final class PcapReader implements Iterable<Packet> {
        private final DataInputStream in;
        private final double voicedDbfs;
        private final boolean swapped;
        private final boolean nanos;
        private final int linkHeader;

        PcapReader(InputStream raw, double voicedDbfs) throws IOException {
            this.in = new DataInputStream(raw);
            this.voicedDbfs = voicedDbfs;
            int magic = in.readInt();
            switch (magic) {
                case 0xa1b2c3d4 -> { swapped = false; nanos = false; }
                case 0xd4c3b2a1 -> { swapped = true; nanos = false; }
                case 0xa1b23c4d -> { swapped = false; nanos = true; }
                case 0x4d3cb2a1 -> { swapped = true; nanos = true; }
                default -> throw new IOException("not a classic pcap file (pcapng? capture with -F pcap)");
            }
            in.skipNBytes(16);
            int linkType = int32();
            linkHeader = switch (linkType) {
                case 1 -> 14;   // Ethernet, as Linux captures loopback
                case 113 -> 16; // Linux cooked
                case 276 -> 20; // Linux cooked v2
                default -> throw new IOException("unsupported link type " + linkType);
            };
        }

        private int int32() throws IOException {
            int v = in.readInt();
            return swapped ? Integer.reverseBytes(v) : v;
        }

        @Override
        public java.util.Iterator<Packet> iterator() {
            return new java.util.Iterator<>() {
                Packet next = advance();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Packet next() {
                    Packet p = next;
                    next = advance();
                    return p;
                }
            };
        }

        private Packet advance() {
            try {
                while (true) {
                    long seconds;
                    try {
                        seconds = int32() & 0xFFFFFFFFL;
                    } catch (EOFException end) {
                        return null;
                    }
                    long fraction = int32() & 0xFFFFFFFFL;
                    int captured = int32();
                    int32(); // original length
                    byte[] frame = in.readNBytes(captured);
                    if (frame.length < captured) {
                        return null; // capture cut off mid-packet
                    }
                    Packet p = parse(seconds * 1_000_000 + (nanos ? fraction / 1000 : fraction), frame);
                    if (p != null) {
                        return p;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private Packet parse(long micros, byte[] f) {
            int ip = linkHeader;
            if (f.length < ip + 20 || (f[ip] >> 4 & 0xF) != 4 || (f[ip + 9] & 0xFF) != 17) {
                return null; // IPv4 UDP only
            }
            int udp = ip + (f[ip] & 0xF) * 4;
            int rtp = udp + 8;
            if (f.length < rtp + 12 || (f[rtp] & 0xC0) != 0x80 || (f[rtp + 1] & 0x7F) != 0) {
                return null; // RTP version 2, payload type 0 (PCMU) only
            }
            int sourcePort = u16(f, udp);
            int destinationPort = u16(f, udp + 2);
            long ssrc = ((long) u16(f, rtp + 8) << 16) | u16(f, rtp + 10);
            int payload = rtp + 12 + (f[rtp] & 0x0F) * 4;
            if ((f[rtp] & 0x10) != 0 && f.length >= payload + 4) {
                payload += 4 + u16(f, payload + 2) * 4; // header extension
            }
            int end = f.length;
            if ((f[rtp] & 0x20) != 0 && end > payload) {
                end -= f[end - 1] & 0xFF; // padding
            }
            return new Packet(micros, sourcePort, destinationPort, ssrc, levelDbfs(f, payload, end) > voicedDbfs);
        }

        private static int u16(byte[] f, int at) {
            return (f[at] & 0xFF) << 8 | (f[at + 1] & 0xFF);
        }

        private static double levelDbfs(byte[] f, int from, int to) {
            if (to <= from) {
                return -96;
            }
            double sum = 0;
            for (int i = from; i < to; i++) {
                double s = ULAW[f[i] & 0xFF];
                sum += s * s;
            }
            double rms = Math.sqrt(sum / (to - from)) / 32768.0;
            return rms <= 0 ? -96 : Math.max(-96, 20 * Math.log10(rms));
        }
    }
}
