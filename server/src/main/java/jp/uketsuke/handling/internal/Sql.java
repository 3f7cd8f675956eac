package jp.uketsuke.handling.internal;

import java.sql.Types;
import org.springframework.jdbc.core.SqlParameterValue;

/** Parameter helpers for values both H2 and PostgreSQL must see with their type even when null. */
final class Sql {

    private Sql() {
    }

    static SqlParameterValue binary(byte[] value) {
        return new SqlParameterValue(Types.BINARY, value);
    }
}
