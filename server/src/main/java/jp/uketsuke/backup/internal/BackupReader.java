package jp.uketsuke.backup.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a backup from start to end, handing each table and file to a {@link Sink}, and checks it all: the header's
 * key id, every encrypted segment (Tink authenticates each, and the last one marks the true end, so a truncated file
 * fails), and the manifest's row counts and SHA-256 sums against what was actually read.
 */
final class BackupReader {

    static final String MANIFEST = "MANIFEST";

    /** Where the decoded contents go: nowhere (a check), a database and a folder (a restore). */
    interface Sink {
        long table(String name, DataInputStream rows) throws IOException, SQLException;

        void file(String relative, InputStream content) throws IOException;
    }

    /** What a backup was found to hold. */
    record Contents(BackupHeader header, List<String> tables, Map<String, Long> rows, Map<String, String> sha256) {
    }

    private BackupReader() {
    }

    static BackupHeader header(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return BackupHeader.readFrom(in);
        } catch (IOException e) {
            throw new BackupRefused("Cannot read the backup file " + file + ": " + e.getMessage(), e);
        }
    }

    static Contents read(Path file, BackupKey key, Sink sink) {
        if (!Files.isRegularFile(file)) {
            throw new BackupRefused("There is no backup file " + file + ".");
        }
        long plaintextRead = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            BackupHeader header = BackupHeader.readFrom(raw);
            if (!key.holds(header.keyId())) {
                throw new BackupRefused("Wrong backup key: this backup was sealed with backup key id " + header.keyId()
                        + ", which the given key file does not hold (its key id is " + key.primaryId() + "). Nothing was restored.");
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            Map<String, String> sums = new LinkedHashMap<>();
            Map<String, String> manifest = null;
            CountingInputStream plaintext = new CountingInputStream(key.aead().newDecryptingStream(raw, header.bytes()));
            try {
                ZipInputStream zip = new ZipInputStream(plaintext);
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    String name = entry.getName();
                    if (manifest != null) {
                        throw new BackupRefused("The backup is malformed: " + name + " follows the manifest.");
                    }
                    if (name.startsWith("database/")) {
                        String table = name.substring("database/".length());
                        if (!table.matches("[a-z_][a-z0-9_]*") || rows.containsKey(table)) {
                            throw new BackupRefused("The backup is malformed: bad table entry " + name + ".");
                        }
                        rows.put(table, sink.table(table, new DataInputStream(zip)));
                    } else if (name.startsWith("files/")) {
                        String relative = safeRelative(name.substring("files/".length()));
                        MessageDigest sha256 = BackupWriter.sha256();
                        DigestInputStream digesting = new DigestInputStream(zip, sha256);
                        sink.file(relative, digesting);
                        digesting.transferTo(java.io.OutputStream.nullOutputStream());
                        if (sums.put(relative, HexFormat.of().formatHex(sha256.digest())) != null) {
                            throw new BackupRefused("The backup is malformed: " + name + " appears twice.");
                        }
                    } else if (name.equals(MANIFEST)) {
                        manifest = parse(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                    } else {
                        throw new BackupRefused("The backup is malformed: unexpected entry " + name + ".");
                    }
                }
                // the ZIP's end is not the stream's: read on to the final segment, which alone proves nothing was cut
                plaintext.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                if (e.getCause() instanceof BackupRefused refused) {
                    throw refused;
                }
                // the key id matched, so a segment that fails authentication was cut or changed after it was written
                throw new BackupRefused("The backup is damaged, truncated or was altered: it fails authentication after "
                        + plaintext.count() + " bytes of its contents were read and checked. Nothing was restored.", e);
            }
            if (manifest == null) {
                throw new BackupRefused("The backup is malformed: it has no manifest.");
            }
            List<String> tables = Arrays.asList(manifest.getOrDefault("tables", "").split(","));
            check(header, manifest, tables, rows, sums);
            return new Contents(header, tables, rows, sums);
        } catch (SQLException e) {
            throw new BackupRefused("Cannot write the backup's rows into the database: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupRefused("Cannot read the backup file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void check(BackupHeader header, Map<String, String> manifest, List<String> tables,
                              Map<String, Long> rows, Map<String, String> sums) {
        List<String> problems = new ArrayList<>();
        if (!tables.equals(new ArrayList<>(rows.keySet()))) {
            problems.add("the tables read are not those the manifest lists");
        }
        for (var table : rows.entrySet()) {
            String expected = manifest.get("table." + table.getKey() + ".rows");
            if (expected == null || Long.parseLong(expected) != table.getValue()) {
                problems.add("table " + table.getKey() + " has " + table.getValue() + " rows, the manifest says " + expected);
            }
        }
        for (var file : sums.entrySet()) {
            if (!file.getValue().equals(manifest.get("file." + file.getKey() + ".sha256"))) {
                problems.add("file " + file.getKey() + " does not have the SHA-256 the manifest records");
            }
        }
        long fileEntries = manifest.keySet().stream().filter(k -> k.startsWith("file.") && k.endsWith(".sha256")).count();
        long totalRows = rows.values().stream().mapToLong(Long::longValue).sum();
        if (fileEntries != sums.size() || sums.size() != header.files()) {
            problems.add("the header counts " + header.files() + " files, the manifest " + fileEntries + ", the archive " + sums.size());
        }
        if (rows.size() != header.tables() || totalRows != header.rows()) {
            problems.add("the header counts " + header.tables() + " tables and " + header.rows() + " rows, the archive "
                    + rows.size() + " and " + totalRows);
        }
        if (!problems.isEmpty()) {
            throw new BackupRefused("The backup does not match its manifest: " + String.join("; ", problems) + ". Nothing was restored.");
        }
    }

    /** A file's path inside the data directory; anything that could leave it, or land among keys, is refused. */
    static String safeRelative(String relative) {
        Path path = Path.of(relative).normalize();
        if (relative.isEmpty() || path.isAbsolute() || relative.contains("\\") || path.startsWith("..")
                || !path.toString().equals(relative) || BackupWriter.NOT_BACKED_UP.contains(path.getName(0).toString())
                || path.getName(0).toString().startsWith(BackupWriter.RESTORE_PREFIX)) {
            throw new BackupRefused("The backup is malformed: it names a file outside the data directory: " + relative);
        }
        return relative;
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
