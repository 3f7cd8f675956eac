package jp.uketsuke.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.voicebot.CallFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text message's destination is nowhere in clear in the database files — not in its row, not in the opt-out list,
 * not in the operation log — while staff can still read it masked. (H2, whose files can be scanned; the columns are
 * the same on PostgreSQL.)
 */
class TextMessagesAtRestTest {

    private static final String DIGITS = "9087654321"; // of 090-8765-4321

    @TempDir
    Path dataDir;

    @Test
    void theDestinationIsSealedEverywhereItIsKept() throws Exception {
        try (DataFixture data = DataFixture.start(Database.H2, dataDir)) {
            TextMessageRows rows = new TextMessageRows(data.jdbc, data.vault);
            UUID tenant = data.tenants.create("山田歯科クリニック", "ja");
            UUID call = UUID.randomUUID();
            new SmsOutbox(rows, new SmsProperties.Limits(0, 0, null), true, () -> { }, data.clock)
                    .send(new CallFacts(tenant, "09087654321", "0500000000", call), "09087654321", "地図 https://example.jp/");
            rows.optOut(tenant, "09087654321", "reply", data.clock.instant());
            var read = new JdbcCallTextMessages(rows, data.audit).ofCall(
                    new Viewer("user:hanako", Set.of(tenant), Set.of(Permissions.CALLS_READ), "192.0.2.1"), call);
            assertThat(read).singleElement().satisfies(m -> assertThat(m.destination()).isEqualTo("090-****-4321"));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".mv.db"));
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(content).as("%s holds the number in clear", file).doesNotContain(DIGITS)
                    .doesNotContain(new String(DIGITS.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1));
        }
    }
}
