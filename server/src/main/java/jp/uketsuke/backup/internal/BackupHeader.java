package jp.uketsuke.backup.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The readable start of a backup file: which format, when, from which database and schema version, how much it
 * holds, and which backup key sealed it. It is stored in clear (so an operator can see what a file is without the
 * key) and authenticated as the associated data of the encrypted rest, so it cannot be altered unnoticed.
 */
public record BackupHeader(int format, Instant created, String database, String schemaVersion, int tables, long rows,
                           int files, long keyId) {

    public static final int FORMAT = 1;
    private static final byte[] MAGIC = "UKETSUKE-BACKUP\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 4096;

    /** The bytes written before the ciphertext; they are also its associated data. */
    byte[] bytes() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("format", Integer.toString(format));
        fields.put("created", created.toString());
        fields.put("database", database);
        fields.put("schema-version", schemaVersion);
        fields.put("tables", Integer.toString(tables));
        fields.put("rows", Long.toString(rows));
        fields.put("files", Integer.toString(files));
        fields.put("key-id", Long.toString(keyId));
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(MAGIC.length + 4 + body.length).put(MAGIC).putInt(body.length).put(body).array();
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes());
    }

    /** Reads the header from the start of a backup file; the stream is left at the first byte of the ciphertext. */
    static BackupHeader readFrom(InputStream in) {
        try {
            DataInputStream data = new DataInputStream(in);
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BackupRefused("This is not an Uketsuke backup file (it does not start with the backup header).");
            }
            int length = data.readInt();
            if (length <= 0 || length > MAX_HEADER) {
                throw new BackupRefused("The backup header is damaged (length " + length + ").");
            }
            byte[] body = new byte[length];
            data.readFully(body);
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            int format = Integer.parseInt(required(fields, "format"));
            if (format != FORMAT) {
                throw new BackupRefused("This backup has format " + format + "; this version of Uketsuke reads format " + FORMAT + ".");
            }
            return new BackupHeader(format, Instant.parse(required(fields, "created")), required(fields, "database"),
                    required(fields, "schema-version"), Integer.parseInt(required(fields, "tables")),
                    Long.parseLong(required(fields, "rows")), Integer.parseInt(required(fields, "files")),
                    Long.parseLong(required(fields, "key-id")));
        } catch (EOFException e) {
            throw new BackupRefused("The backup file ends inside its header: it is truncated or not a backup.", e);
        } catch (IOException e) {
            throw new BackupRefused("Cannot read the backup file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof BackupRefused refused) {
                throw refused;
            }
            throw new BackupRefused("The backup header is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new BackupRefused("The backup header is damaged: it has no " + name + ".");
        }
        return value;
    }

    /** One line for the operator. */
    public String describe() {
        return "backup format " + format + " made " + created + " from " + database + " (schema version " + schemaVersion
                + "): " + tables + " tables, " + rows + " rows, " + files + " files, backup key id " + keyId;
    }
}
