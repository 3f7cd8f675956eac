package jp.uketsuke.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and the owner-only files and folders inside it. Everything Uketsuke writes to disk
 * goes through here, so nothing it creates is readable by other local users.
 */
public final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    /** Creates the directory (owner-only where the file system has POSIX permissions) if it is missing. */
    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        createOwnerOnlyDirectories(this.root);
        if (isPosix(this.root)) {
            try {
                Set<PosixFilePermission> actual = Files.getPosixFilePermissions(this.root);
                if (!OWNER_ONLY_DIR.containsAll(actual)) {
                    log.warn("Data directory {} is accessible to other users ({}); expected rwx------",
                            this.root, PosixFilePermissions.toString(actual));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read permissions of " + this.root, e);
            }
        }
    }

    public Path root() {
        return root;
    }

    /** A path inside the data directory; refuses anything that would leave it. */
    public Path resolve(String relative) {
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IllegalArgumentException("Path leaves the data directory: " + relative);
        }
        return resolved;
    }

    /** The path relative to the data directory, as stored in the database. */
    public String relativize(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Creates the folder and its missing parents, owner-only. */
    public static void createOwnerOnlyDirectories(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Path existingAncestor = dir.toAbsolutePath();
            while (existingAncestor != null && !Files.exists(existingAncestor)) {
                existingAncestor = existingAncestor.getParent();
            }
            if (existingAncestor != null && isPosix(existingAncestor)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                // the umask may have narrowed what createDirectories set, never widened it; set exactly
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            } else {
                Files.createDirectories(dir);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("Not a directory: " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create directory " + dir, e);
        }
    }

    /** Attributes for a new owner-only file in {@code dir}, or none where POSIX permissions do not exist. */
    public static FileAttribute<?>[] ownerOnlyFile(Path dir) {
        return isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    public static boolean isPosix(Path path) {
        try {
            return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a secret (a key file) owner-only, beside its target first and then moved into place, so
     * a crash never leaves half a key file.
     */
    public static void writeSecret(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnlyFile(dir));
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether others than the owner may read or write {@code file} (false where POSIX permissions do not exist). */
    public static boolean sharedWithOthers(Path file) throws IOException {
        return isPosix(file) && !OWNER_ONLY_FILE.containsAll(Files.getPosixFilePermissions(file));
    }
}
