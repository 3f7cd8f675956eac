package jp.uketsuke.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The operation log speaks words, not codes: every action code the application records (found in its sources) has a
 * label in Japanese and in English, and a code built from a family and a value has its family's label. A new action
 * without a label fails here.
 */
class AuditWordingTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** Dotted lower-case literals: action codes, and message keys or property names, which are left out below. */
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z-]*(?:\\.[a-z_-]+)+\\.?)\"");
    /** The action, third argument of an AuditEvent, when it is a literal: catches codes without a dot ("login"). */
    private static final Pattern THIRD_ARGUMENT = Pattern.compile(
            "new AuditEvent\\(\\s*[^,]+,\\s*[^,]+,\\s*\"([a-z][a-z_.-]*)\"");

    /** Every action code (and "family." prefix of codes built at run time) in the application's sources. */
    static Set<String> actionCodes() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (!source.contains("AuditEvent")) {
                    continue;
                }
                String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
                Matcher literal = LITERAL.matcher(code);
                while (literal.find()) {
                    String value = literal.group(1);
                    List<String> segments = List.of(value.split("\\."));
                    // message keys of error texts and announcements, and configuration names, are not actions
                    if (!value.startsWith("uketsuke.") && !segments.contains("error") && !segments.contains("rejected")
                            && !segments.contains("announce")) {
                        codes.add(value);
                    }
                }
                Matcher third = THIRD_ARGUMENT.matcher(code);
                while (third.find()) {
                    codes.add(third.group(1));
                }
            }
        }
        return codes;
    }

    @Test
    void theScanFindsTheActionsWeKnow() throws IOException {
        assertThat(actionCodes()).contains("login", "recording.play", "user.list", "call.export", "export.approve",
                "settings.media-security.", "access-review.sign-off", "sms.opt-out");
    }

    @Test
    void everyActionHasALabelInJapaneseAndEnglish() throws IOException {
        for (String bundle : List.of("messages.properties", "messages_ja.properties", "messages_en.properties")) {
            Properties messages = load(bundle);
            assertThat(actionCodes()).as(bundle).allSatisfy(code -> assertThat(messages)
                    .as("%s: no label %s%s", bundle, AuditWording.ACTION_PREFIX, code.replaceAll("\\.$", ""))
                    .containsKey(AuditWording.ACTION_PREFIX + code.replaceAll("\\.$", "")));
        }
    }

    @Test
    void codesAreShownInWordsWithFamiliesAndUnknownCodesAsTheyAre() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        AuditWording wording = new AuditWording(source);

        assertThat(wording.action("recording.play", Locale.JAPANESE)).isEqualTo("録音を再生");
        assertThat(wording.action("recording.play", Locale.ENGLISH)).isEqualTo("Recording played");
        assertThat(wording.action("settings.media-security.required", Locale.JAPANESE)).isEqualTo("通話の暗号化を必須に変更");
        assertThat(wording.action("settings.mfa-policy.someday", Locale.ENGLISH)).isEqualTo("Two-factor policy changed (someday)");
        assertThat(wording.action("nobody.knows", Locale.JAPANESE)).isEqualTo("nobody.knows");
        assertThat(wording.result("denied", Locale.JAPANESE)).isEqualTo("拒否");
        assertThat(wording.result("strange", Locale.ENGLISH)).isEqualTo("strange");

        assertThat(wording.address("127.0.0.1", Locale.JAPANESE)).isEqualTo("127.0.0.1 (このサーバー)");
        assertThat(wording.address("0:0:0:0:0:0:0:1", Locale.ENGLISH)).isEqualTo("0:0:0:0:0:0:0:1 (this server)");
        assertThat(wording.address("10.1.2.3", Locale.JAPANESE)).isEqualTo("10.1.2.3 (社内ネットワーク)");
        assertThat(wording.address("fd00::1", Locale.ENGLISH)).isEqualTo("fd00::1 (internal network)");
        assertThat(wording.address("203.0.113.9", Locale.JAPANESE)).isEqualTo("203.0.113.9");
        assertThat(wording.address(null, Locale.JAPANESE)).isEqualTo("—");
        // names are never looked up, and nonsense stays as it was recorded
        assertThat(wording.address("localhost", Locale.JAPANESE)).isEqualTo("localhost");
        assertThat(wording.address("999.1.1.1", Locale.JAPANESE)).isEqualTo("999.1.1.1");
        assertThat(wording.address("<script>", Locale.JAPANESE)).isEqualTo("<script>");
    }

    @Test
    void actorsAreReadAsKindAndName() {
        assertThat(ConsoleActors.of("user:tanaka")).isEqualTo(new ConsoleActors.Actor("ia.actor.user", "tanaka", "user:tanaka"));
        assertThat(ConsoleActors.of("apikey:uk_3f9a").kindKey()).isEqualTo("ia.actor.apikey");
        assertThat(ConsoleActors.of("system:summary").name()).isEqualTo("summary");
        assertThat(ConsoleActors.of("anonymous").kindKey()).isEqualTo("ia.actor.anonymous");
        assertThat(ConsoleActors.of("weird").kindKey()).isEqualTo("ia.actor.other");
        assertThat(ConsoleActors.of(null).kindKey()).isEqualTo("ia.actor.unknown");
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(AuditWordingTest.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
