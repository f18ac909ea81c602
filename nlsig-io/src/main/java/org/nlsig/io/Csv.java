package org.nlsig.io;

import java.util.regex.Pattern;

/**
 * CSV cells as every nlsig CSV writer writes them: RFC 4180 quoting, and text cells that a spreadsheet would take
 * for a formula (starting with {@code = + - @}, tab or carriage return) prefixed with {@code '}, per OWASP's advice
 * on CSV injection. Numbers are written as they are, so {@code -0.5} stays a number.
 */
public final class Csv {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private Csv() {
    }

    /** A text cell (a name, an id, a label): defused if it could start a formula, then quoted if needed; null is empty. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return quote(defused(s));
    }

    /** {@code s} with a {@code '} in front if a spreadsheet would read it as a formula; plain numbers are kept. */
    public static String defused(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        boolean trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
        return trigger && !NUMBER.matcher(s).matches() ? "'" + s : s;
    }

    /** RFC 4180 quoting only (for cells that are numbers or other fixed, safe text). */
    public static String quote(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
