package jp.uketsuke.identity.internal;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Cells of the CSV files the console hands out, as the operation log's export writes them: every cell quoted, and one
 * that a spreadsheet would run as a formula (beginning with = + - @, or a tab or line break) defused with a leading
 * apostrophe, so that a name typed by someone cannot become a formula in the reviewer's spreadsheet.
 */
final class CsvCells {

    private CsvCells() {
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r\n".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    /** One line, ended by CRLF as RFC 4180 has it. */
    static String row(List<String> values) {
        return values.stream().map(CsvCells::cell).collect(Collectors.joining(",")) + "\r\n";
    }
}
