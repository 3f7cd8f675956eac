package jp.uketsuke.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Cells of every CSV file the console and the API hand out (operation log, access reviews, calls): every cell quoted,
 * and one that a spreadsheet would run as a formula (beginning with = + - @, or a tab or line break) defused with a
 * leading apostrophe, so that a name typed by someone, or words a caller said, cannot become a formula in the
 * reader's spreadsheet.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r\n".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    /** One line, ended by CRLF as RFC 4180 has it. */
    public static String row(List<String> values) {
        return values.stream().map(CsvCells::cell).collect(Collectors.joining(",")) + "\r\n";
    }
}
