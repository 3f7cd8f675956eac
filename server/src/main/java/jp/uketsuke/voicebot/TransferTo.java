package jp.uketsuke.voicebot;

import java.util.regex.Pattern;

/**
 * Whom a transfer node reaches (F5): a staff phone by its extension (registered, or a desk phone the installation
 * names), a department of the flow (its extensions tried in turn), or an outside number through the tenant's trunk.
 */
public record TransferTo(Kind kind, String value) {

    public enum Kind { EXTENSION, DEPARTMENT, NUMBER }

    private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z_-]{1,32}");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");

    public TransferTo {
        if (kind == null) {
            throw new IllegalArgumentException("a transfer names an extension, a department or a number");
        }
        value = value == null ? "" : value.strip();
        boolean valid = switch (kind) {
            case EXTENSION, DEPARTMENT -> EXTENSION.matcher(value).matches();
            case NUMBER -> NUMBER.matcher(value.replace("-", "")).matches();
        };
        if (!valid) {
            throw new IllegalArgumentException(switch (kind) {
                case EXTENSION -> "an extension is 1-32 letters, digits, - or _";
                case DEPARTMENT -> "a department is named by its id: 1-32 letters, digits, - or _";
                case NUMBER -> "a number to transfer to is 1-32 digits (an optional leading +)";
            });
        }
        if (kind == Kind.NUMBER) {
            value = value.replace("-", "");
        }
    }

    public static TransferTo extension(String extension) {
        return new TransferTo(Kind.EXTENSION, extension);
    }

    public static TransferTo number(String number) {
        return new TransferTo(Kind.NUMBER, number);
    }
}
