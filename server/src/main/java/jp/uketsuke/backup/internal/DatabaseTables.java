package jp.uketsuke.backup.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The database as a backup holds it: every table of the application's schema (not Flyway's history, which a restore
 * rebuilds by migrating to the same version), parents before children, each as its column names followed by its rows
 * in a small typed encoding. Read and written through JDBC only, so one format serves H2 and PostgreSQL and a backup
 * of either can be restored into either.
 */
final class DatabaseTables {

    static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final int MAX_TEXT = 16 * 1024 * 1024;
    private static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final int MAX_COLUMNS = 500;
    private static final int BATCH = 500;

    private enum Tag { NULL, TEXT, LONG, INT, BOOLEAN, BYTES, UUID, TIMESTAMP_TZ, DATE, DOUBLE, DECIMAL, TIMESTAMP, SHORT }

    private DatabaseTables() {
    }

    /** The application's tables, every table after those its foreign keys point at; names in lower case. */
    static java.util.List<String> inDependencyOrder(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        Map<String, Set<String>> parents = new TreeMap<>();
        try (ResultSet tables = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                if (!name.equalsIgnoreCase(FLYWAY_HISTORY)) {
                    parents.put(name, new TreeSet<>());
                }
            }
        }
        for (var entry : parents.entrySet()) {
            try (ResultSet keys = meta.getImportedKeys(null, schema, entry.getKey())) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME");
                    if (!parent.equals(entry.getKey()) && parents.containsKey(parent)) {
                        entry.getValue().add(parent);
                    }
                }
            }
        }
        java.util.List<String> order = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (order.size() < parents.size()) {
            String next = parents.entrySet().stream()
                    .filter(e -> !placed.contains(e.getKey()) && placed.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new SQLException("The tables' foreign keys form a cycle; no order to copy them in"));
            placed.add(next);
            order.add(next.toLowerCase(Locale.ROOT));
        }
        return order;
    }

    /** The version Flyway last applied: a restore migrates an empty database to exactly this one. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setMaxRows(1);
            // quoted: Flyway creates its table with lower-case quoted names on H2 too
            try (ResultSet r = s.executeQuery("select \"version\" from \"" + FLYWAY_HISTORY
                    + "\" where \"success\" = true and \"version\" is not null order by \"installed_rank\" desc")) {
                if (!r.next()) {
                    throw new SQLException("The database has no migrations applied; there is nothing to back up");
                }
                return r.getString(1);
            }
        }
    }

    static long count(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Writes the table's columns and rows; returns how many rows. */
    static long write(Connection connection, String table, DataOutputStream out) throws SQLException, IOException {
        long rows = 0;
        try (Statement s = connection.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet r = s.executeQuery("select * from " + table)) {
                ResultSetMetaData meta = r.getMetaData();
                int columns = meta.getColumnCount();
                out.writeInt(columns);
                for (int i = 1; i <= columns; i++) {
                    out.writeUTF(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                while (r.next()) {
                    out.writeBoolean(true);
                    for (int i = 1; i <= columns; i++) {
                        writeValue(r, i, meta.getColumnType(i), meta.getColumnTypeName(i), out);
                    }
                    rows++;
                }
                out.writeBoolean(false);
            }
        }
        return rows;
    }

    /**
     * Reads one table as {@link #write} wrote it and, when a connection is given, inserts its rows there (in the
     * caller's transaction); without one it only decodes them. Returns how many rows.
     */
    static long read(DataInputStream in, String table, Connection target) throws IOException, SQLException {
        int columns = in.readInt();
        if (columns <= 0 || columns > MAX_COLUMNS) {
            throw new IOException("table " + table + " has an impossible number of columns: " + columns);
        }
        String[] names = new String[columns];
        for (int i = 0; i < columns; i++) {
            names[i] = in.readUTF();
            if (!names[i].matches("[a-z_][a-z0-9_]*")) {
                throw new IOException("table " + table + " has an invalid column name");
            }
        }
        PreparedStatement insert = target == null ? null : target.prepareStatement("insert into " + table + " ("
                + String.join(", ", names) + ") values (" + "?, ".repeat(columns - 1) + "?)");
        try {
            long rows = 0;
            int pending = 0;
            while (in.readBoolean()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = readValue(in);
                    if (insert != null) {
                        insert.setObject(i, value);
                    }
                }
                rows++;
                if (insert != null) {
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (insert != null && pending > 0) {
                insert.executeBatch();
            }
            return rows;
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
    }

    private static void writeValue(ResultSet r, int i, int type, String typeName, DataOutputStream out)
            throws SQLException, IOException {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        Object value;
        if (type == Types.TIMESTAMP_WITH_TIMEZONE || name.equals("timestamptz") || name.contains("with time zone")) {
            value = r.getObject(i, OffsetDateTime.class);
        } else if (type == Types.TIMESTAMP) {
            value = r.getObject(i, LocalDateTime.class);
        } else if (type == Types.DATE) {
            value = r.getObject(i, LocalDate.class);
        } else {
            value = r.getObject(i);
        }
        switch (value) {
            case null -> out.writeByte(Tag.NULL.ordinal());
            case String s -> {
                out.writeByte(Tag.TEXT.ordinal());
                byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case Long l -> { out.writeByte(Tag.LONG.ordinal()); out.writeLong(l); }
            case Integer n -> { out.writeByte(Tag.INT.ordinal()); out.writeInt(n); }
            case Short n -> { out.writeByte(Tag.SHORT.ordinal()); out.writeShort(n); }
            case Boolean b -> { out.writeByte(Tag.BOOLEAN.ordinal()); out.writeBoolean(b); }
            case byte[] bytes -> { out.writeByte(Tag.BYTES.ordinal()); out.writeInt(bytes.length); out.write(bytes); }
            case UUID u -> {
                out.writeByte(Tag.UUID.ordinal());
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            case OffsetDateTime t -> {
                Instant instant = t.toInstant();
                out.writeByte(Tag.TIMESTAMP_TZ.ordinal());
                out.writeLong(instant.getEpochSecond());
                out.writeInt(instant.getNano());
            }
            case LocalDateTime t -> { out.writeByte(Tag.TIMESTAMP.ordinal()); out.writeUTF(t.toString()); }
            case LocalDate d -> { out.writeByte(Tag.DATE.ordinal()); out.writeLong(d.toEpochDay()); }
            case Double d -> { out.writeByte(Tag.DOUBLE.ordinal()); out.writeDouble(d); }
            case Float f -> { out.writeByte(Tag.DOUBLE.ordinal()); out.writeDouble(f); }
            case BigDecimal d -> { out.writeByte(Tag.DECIMAL.ordinal()); out.writeUTF(d.toString()); }
            default -> throw new SQLException("column " + i + " has a type a backup cannot hold: " + typeName);
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        if (tag >= Tag.values().length) {
            throw new IOException("unknown value tag " + tag);
        }
        return switch (Tag.values()[tag]) {
            case NULL -> null;
            case TEXT -> new String(readBytes(in, MAX_TEXT), java.nio.charset.StandardCharsets.UTF_8);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case SHORT -> in.readShort();
            case BOOLEAN -> in.readBoolean();
            case BYTES -> readBytes(in, MAX_BYTES);
            case UUID -> new UUID(in.readLong(), in.readLong());
            case TIMESTAMP_TZ -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(in.readLong(), in.readInt()), ZoneOffset.UTC);
            case TIMESTAMP -> LocalDateTime.parse(in.readUTF());
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case DOUBLE -> in.readDouble();
            case DECIMAL -> new BigDecimal(in.readUTF());
        };
    }

    private static byte[] readBytes(DataInputStream in, int max) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IOException("impossible value length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
