package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.peers.RawSip;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * After real calls (SIPp sending G.711 audio) and a scanner's probe, the Prometheus scrape — the text
 * /actuator/prometheus serves — holds the telephony meters with sensible values, and no label holds a
 * phone number or an address (invariant 3).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
class TelephonyMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Autowired
    PrometheusMeterRegistry prometheus;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "metrics");
        registry.add("uketsuke.speech.recognizer", () -> "none");
        registry.add("uketsuke.speech.synthesizer", () -> "none");
    }

    @Test
    void callsAndTheGuardShowInTheScrapeWithoutPersonalData() throws Exception {
        Path scenario = SippCaller.scenario("caller-talks-and-hangs-up.xml", s -> s);
        assertThat(SippCaller.call(sipPort, scenario, DemoCallScenarios.DEMO_NUMBER)).as("pcap call").isZero();
        // the second caller streams with rtp_stream (20 ms packets, as bench/media.sh does): A-law silence,
        // since jitter depends on when packets arrive, not on what they hold
        Path alaw = Files.createTempFile("silence-", ".alaw");
        byte[] silence = new byte[8000];
        Arrays.fill(silence, (byte) 0xD5);
        Files.write(alaw, silence);
        Path streaming = SippCaller.scenario("caller-talks-and-hangs-up.xml", s -> s.replace(
                "<exec play_pcap_audio=\"/usr/share/sip-tester/g711a.pcap\"/>",
                "<exec rtp_stream=\"" + alaw + ",-1,8\"/>").replace("a=ptime:30", "a=ptime:20"));
        assertThat(SippCaller.call(sipPort, streaming, DemoCallScenarios.DEMO_NUMBER)).as("rtp_stream call").isZero();
        InetAddress scanner = InetAddress.getByName("127.0.0.9");
        String probe = RawSip.options("UDP", sipPort, scanner, "metrics-scan", "User-Agent: sipvicious\r\n");
        assertThat(RawSip.udpFrom(scanner, sipPort, probe.getBytes(StandardCharsets.US_ASCII))).isNull();

        Map<String, Double> samples = awaitScrape(s -> s.getOrDefault("uketsuke_calls_active", -1.0) == 0
                && s.containsKey("uketsuke_sip_responses_total{code=\"200\"}")
                && s.getOrDefault("uketsuke_rtp_jitter_seconds_count", 0.0) >= 2
                && s.getOrDefault("uketsuke_rtp_stream_jitter_milliseconds_count{leg=\"inbound\"}", 0.0) >= 2
                && completed(s) >= 2);

        assertThat(samples.get("uketsuke_calls_total")).isEqualTo(2.0);
        assertThat(completed(samples)).as("both records closed, counted from CallCompleted").isEqualTo(2.0);
        assertThat(samples).containsKey("uketsuke_calls_completed_total{outcome=\"message_taken\"}");
        assertThat(samples.get("uketsuke_sip_responses_total{code=\"200\"}")).as("200 to each INVITE and BYE")
                .isGreaterThanOrEqualTo(4.0);
        assertThat(samples.get("uketsuke_sip_responses_total{code=\"100\"}")).isGreaterThanOrEqualTo(2.0);
        assertThat(samples.get("uketsuke_calls_setup")).as("no call left in set-up").isZero();
        assertThat(samples.get("uketsuke_calls_refused_total{reason=\"setup_limit\"}")).isZero();
        assertThat(samples.get("uketsuke_calls_refused_total{reason=\"call_limit\"}")).isZero();
        assertThat(samples.get("uketsuke_sip_queue_wait_seconds")).as("the stack's queue is watched").isNotNegative();
        assertThat(samples.get("uketsuke_sip_dropped_total{reason=\"scanner\"}")).isEqualTo(1.0);
        assertThat(samples.get("uketsuke_sip_dropped_total{reason=\"rate_limited\"}")).isZero();
        assertThat(samples.get("uketsuke_sip_sources_blocked")).isEqualTo(1.0);
        assertThat(samples.get("uketsuke_sip_blocks_total")).isEqualTo(1.0);
        // two calls of about 230 and 375 caller packets (30 ms for 7 s, 20 ms for 7.5 s), on loopback: none lost,
        // little jitter
        assertThat(samples.get("uketsuke_rtp_packets_in_total")).isGreaterThan(400.0);
        assertThat(samples.get("uketsuke_rtp_packets_out_total")).isGreaterThan(400.0);
        assertThat(samples.get("uketsuke_rtp_packets_expected_total")).isGreaterThan(400.0);
        assertThat(samples.get("uketsuke_rtp_packets_lost_total")).isLessThan(5.0);
        double meanJitter = samples.get("uketsuke_rtp_jitter_seconds_sum") / samples.get("uketsuke_rtp_jitter_seconds_count");
        assertThat(meanJitter).as("mean interarrival jitter, seconds").isGreaterThanOrEqualTo(0.0).isLessThan(0.02);
        // the same calls as a distribution: one sample per call, in buckets that add up to the count
        String inbound = "leg=\"inbound\"";
        assertThat(samples.get("uketsuke_rtp_stream_jitter_milliseconds_count{" + inbound + "}")).isEqualTo(2.0);
        assertThat(sample(samples, "uketsuke_rtp_stream_jitter_milliseconds_bucket", inbound, "le=\"+Inf\""))
                .isEqualTo(2.0);
        assertThat(sample(samples, "uketsuke_rtp_stream_jitter_milliseconds_bucket", inbound, "le=\"20.0\""))
                .as("calls on loopback under 20 ms of jitter").isEqualTo(2.0);
        assertThat(samples.get("uketsuke_rtp_stream_jitter_milliseconds_sum{" + inbound + "}") / 2)
                .as("the distribution's mean is the mean above, in ms").isCloseTo(meanJitter * 1000, within(0.01));
        assertThat(samples.get("uketsuke_rtp_stream_jitter_milliseconds_count{leg=\"outbound\"}")).isZero();
        // no outbound legs in these calls: their meters are there, at zero
        assertThat(samples.get("uketsuke_outbound_legs_started_total")).isZero();
        assertThat(samples.get("uketsuke_outbound_legs_active")).isZero();
        assertThat(samples.get("uketsuke_outbound_legs_settled_total{outcome=\"rejected_4xx\"}")).isZero();
        assertThat(samples.get("uketsuke_outbound_rtp_packets_in_total")).isZero();

        for (String series : samples.keySet()) {
            Matcher labels = LABEL.matcher(series);
            while (labels.find()) {
                String value = labels.group(2);
                assertThat(value).as("label %s of %s", labels.group(1), series)
                        .doesNotContainPattern("\\d{5,}")
                        .doesNotContainPattern("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                        .doesNotContain("09055556666").doesNotContain("5556666");
            }
        }
    }

    /** The value of the series of {@code name} whose labels include all of {@code labels}. */
    private static Double sample(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{")
                        && java.util.Arrays.stream(labels).allMatch(label -> e.getKey().contains(label)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Scrapes until {@code ready} holds (response-code meters appear within seconds), at most 30 s. */
    private Map<String, Double> awaitScrape(java.util.function.Predicate<Map<String, Double>> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Double> samples = parse(prometheus.scrape());
        while (!ready.test(samples) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            samples = parse(prometheus.scrape());
        }
        return samples;
    }

    private static Map<String, Double> parse(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!line.startsWith("#") && sample.matches()) {
                String labels = sample.group(3) == null ? "" : sample.group(3);
                // keep only the label that distinguishes our series (reason / code)
                Matcher kept = LABEL.matcher(labels);
                String key = sample.group(1);
                while (kept.find()) {
                    if (kept.group(1).equals("reason") || kept.group(1).equals("code")
                            || kept.group(1).equals("outcome")) {
                        key = sample.group(1) + "{" + kept.group(1) + "=\"" + kept.group(2) + "\"}";
                    }
                }
                samples.put(key, Double.parseDouble(sample.group(4)));
                samples.put(sample.group(1) + "{" + labels + "}", Double.parseDouble(sample.group(4)));
            }
        }
        return samples;
    }

    /** Closed calls of every outcome. */
    private static double completed(Map<String, Double> samples) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith("uketsuke_calls_completed_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
