package jp.uketsuke.calls;

import static jp.uketsuke.testing.Bytes.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Invariant 1: after a whole call, neither the database nor the data directory holds its personal data in clear. */
@ParameterizedClass
@EnumSource(Database.class)
class NoPlaintextAtRestTest {

    static final String NUMBER_DIGITS = "9087654321"; // in every form of 090-8765-4321
    static final String PHRASE = "予約を変更したいです";
    static final String ASCII_PHRASE = "please call me back tomorrow";
    /** Not personal data, stored in clear: proves the scans below do see what is stored. */
    static final String TENANT_NAME = "山田歯科クリニック";

    @Parameter
    Database database;
    @TempDir
    Path dataDir;

    @Test
    void callerNumberAndTranscriptAreNowhereInClear() throws Exception {
        List<byte[]> secrets = secrets();
        try (DataFixture data = DataFixture.start(database, dataDir)) {
            UUID tenant = data.tenants.create(TENANT_NAME, "ja");
            JdbcCallJournal journal = data.journal("node-1");
            UUID call = journal.open(tenant, "+81-90-8765-4321", "0500000000", data.clock.instant());
            journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(1), PHRASE);
            journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(3), ASCII_PHRASE);
            try (RecordingWriter recording = journal.openRecording(call, 8000)) {
                short[] silence = new short[160];
                for (int i = 0; i < 50; i++) {
                    recording.write(silence, silence);
                }
            }
            journal.close(call, data.clock.instant().plusSeconds(5), CallOutcome.MESSAGE_TAKEN);
            var viewer = new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "recordings:play"), "192.0.2.1");
            var history = data.history();
            assertThat(history.find(viewer, call).orElseThrow().turns()).extracting(TranscriptTurn::text)
                    .as("the data is there, only sealed").containsExactly(PHRASE, ASCII_PHRASE);
            history.list(viewer, tenant, 10);

            List<String> cells = everyCell(data);
            assertThat(cells).contains(TENANT_NAME, "0500000000");
            for (String cell : cells) {
                assertThat(cell).doesNotContain(NUMBER_DIGITS).doesNotContain(PHRASE).doesNotContain(ASCII_PHRASE);
            }
            for (byte[] cell : everyBinaryCell(data)) {
                for (byte[] secret : secrets) {
                    assertThat(indexOf(cell, secret)).isEqualTo(-1);
                }
            }
        }
        // the pool is closed: H2 has written and closed its files
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        if (database == Database.H2) {
            Path h2 = files.stream().filter(f -> f.toString().endsWith(".mv.db")).findFirst().orElseThrow();
            assertThat(indexOf(Files.readAllBytes(h2), "0500000000".getBytes(StandardCharsets.UTF_8))).isNotNegative();
            assertThat(indexOf(Files.readAllBytes(h2), h2Encoding(TENANT_NAME))).isNotNegative();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith(".rec"));
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (byte[] secret : secrets) {
                assertThat(indexOf(content, secret)).as("%s holds personal data in clear", file).isEqualTo(-1);
            }
        }
    }

    private static List<byte[]> secrets() {
        List<byte[]> secrets = new ArrayList<>();
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            for (String s : List.of(NUMBER_DIGITS, PHRASE, ASCII_PHRASE)) {
                secrets.add(s.getBytes(charset));
            }
        }
        secrets.add(h2Encoding(PHRASE));
        return secrets;
    }

    /** How H2's MVStore writes strings: UTF-8 lengths, but without the continuation bytes' high bits. */
    static byte[] h2Encoding(String s) {
        var out = new java.io.ByteArrayOutputStream();
        for (char c : s.toCharArray()) {
            if (c < 0x80) {
                out.write(c);
            } else if (c >= 0x800) {
                out.write(0xe0 | (c >> 12));
                out.write((c >> 6) & 0x3f);
                out.write(c & 0x3f);
            } else {
                out.write(0xc0 | (c >> 6));
                out.write(c & 0x3f);
            }
        }
        return out.toByteArray();
    }

    private static List<String> everyCell(DataFixture data) throws Exception {
        List<String> cells = new ArrayList<>();
        scan(data, (rs, column) -> {
            String value = rs.getString(column);
            if (value != null) {
                cells.add(value);
            }
        });
        return cells;
    }

    private static List<byte[]> everyBinaryCell(DataFixture data) throws Exception {
        List<byte[]> cells = new ArrayList<>();
        scan(data, (rs, column) -> {
            int type = rs.getMetaData().getColumnType(column);
            if (type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY || type == java.sql.Types.LONGVARBINARY
                    || type == java.sql.Types.BLOB) {
                byte[] value = rs.getBytes(column);
                if (value != null) {
                    cells.add(value);
                }
            }
        });
        return cells;
    }

    interface CellVisitor {
        void visit(ResultSet rs, int column) throws Exception;
    }

    private static void scan(DataFixture data, CellVisitor visitor) throws Exception {
        try (Connection c = data.dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).extracting(String::toLowerCase).contains("calls", "call_turns", "audit_events");
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            visitor.visit(rs, i);
                        }
                    }
                }
            }
        }
    }


}
