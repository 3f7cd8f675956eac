package jp.uketsuke.backup.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import jp.uketsuke.config.DataDirectory;

/**
 * Makes a backup: the database read in one REPEATABLE READ, read-only transaction (one consistent snapshot while calls
 * go on), the data directory's files, and a manifest of row counts and SHA-256 sums, all in one ZIP stream encrypted
 * with the backup key. The file is written beside its target and renamed into place only when complete.
 */
public final class BackupWriter {

    /** Top-level folders of the data directory a backup leaves out: keys, the H2 files themselves, TLS, voices. */
    static final Set<String> NOT_BACKED_UP = Set.of("keys", "db", "tls", "voices");
    static final String RESTORE_PREFIX = ".restore-";

    private BackupWriter() {
    }

    public static BackupHeader create(DataSource dataSource, Path dataDir, Set<Path> secrets, BackupKey key, Path file,
                                      Clock clock) {
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new BackupRefused("The backup file " + target + " exists already; a backup never replaces a file.");
        }
        Path root = dataDir.toAbsolutePath().normalize();
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<String> tables = DatabaseTables.inDependencyOrder(c);
                String version = DatabaseTables.schemaVersion(c);
                Map<String, Long> counts = new LinkedHashMap<>();
                long rows = 0;
                for (String table : tables) {
                    long n = DatabaseTables.count(c, table);
                    counts.put(table, n);
                    rows += n;
                }
                List<Path> files = files(root, secrets, target, partial);
                BackupHeader header = new BackupHeader(BackupHeader.FORMAT, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        c.getMetaData().getDatabaseProductName(), version, tables.size(), rows, files.size(), key.primaryId());
                DataDirectory.createOwnerOnlyDirectories(target.getParent());
                try (OutputStream raw = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    byte[] associated = header.bytes();
                    raw.write(associated);
                    try (ZipOutputStream zip = new ZipOutputStream(
                            key.aead().newEncryptingStream(new BufferedOutputStream(raw), associated))) {
                        writeArchive(zip, c, counts, root, files);
                    }
                }
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                return header;
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new BackupRefused("Cannot read the database: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupRefused("Cannot write the backup " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the rename happened, or the partial file is named in the error above
            }
        }
    }

    private static void writeArchive(ZipOutputStream zip, Connection c, Map<String, Long> counts, Path root,
                                     List<Path> files) throws IOException, SQLException {
        List<String> manifest = new ArrayList<>();
        manifest.add("tables=" + String.join(",", counts.keySet()));
        for (var table : counts.entrySet()) {
            zip.putNextEntry(new ZipEntry("database/" + table.getKey()));
            DataOutputStream out = new DataOutputStream(zip);
            long written = DatabaseTables.write(c, table.getKey(), out);
            out.flush();
            zip.closeEntry();
            if (written != table.getValue()) {
                throw new SQLException("table " + table.getKey() + " changed inside the snapshot (" + table.getValue()
                        + " rows counted, " + written + " read); is the database's isolation level honoured?");
            }
            manifest.add("table." + table.getKey() + ".rows=" + written);
        }
        for (Path file : files) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            zip.putNextEntry(new ZipEntry("files/" + relative));
            MessageDigest sha256 = sha256();
            long size;
            try (InputStream in = Files.newInputStream(file)) {
                DigestOutputStream digesting = new DigestOutputStream(zip, sha256);
                size = in.transferTo(digesting);
                digesting.flush();
            }
            zip.closeEntry();
            manifest.add("file." + relative + ".sha256=" + HexFormat.of().formatHex(sha256.digest()));
            manifest.add("file." + relative + ".size=" + size);
        }
        zip.putNextEntry(new ZipEntry(BackupReader.MANIFEST));
        zip.write((String.join("\n", manifest) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Regular files of the data directory a restore needs, sorted; never a key file or the backup itself. */
    static List<Path> files(Path root, Set<Path> secrets, Path... alsoSkipped) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Set<Path> skipped = new java.util.HashSet<>();
        secrets.forEach(p -> skipped.add(p.toAbsolutePath().normalize()));
        for (Path p : alsoSkipped) {
            skipped.add(p.toAbsolutePath().normalize());
        }
        try (var walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !skipped.contains(p))
                    .filter(p -> {
                        String top = root.relativize(p).getName(0).toString();
                        return !NOT_BACKED_UP.contains(top) && !top.startsWith(RESTORE_PREFIX);
                    })
                    .sorted().toList();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
