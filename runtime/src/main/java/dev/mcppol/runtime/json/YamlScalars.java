package dev.mcppol.runtime.json;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The one reading of YAML scalars for every YAML file mcppol reads (Intercept policies, case files,
 * {@code mcppol.yaml}): Jackson 3's YAML 1.2 reader, except that a plain (unquoted) scalar which
 * YAML 1.1 readers — Intercept's Go parser, PyYAML, most editors' highlighting — read differently is
 * refused as ambiguous instead of guessed: {@code yes}/{@code no}/{@code on}/{@code off},
 * {@code True}, {@code ~}, {@code 0x10}, {@code 0755}, {@code 1_000}, {@code 1:30}, {@code 2024-01-01}.
 * Numbers are exact decimals; {@code .inf} and {@code .nan} are refused. Every reader of YAML asks
 * this class, so the same text means the same value wherever mcppol reads it.
 */
public final class YamlScalars {

    private static final Pattern YAML11_BOOL = Pattern.compile("y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF");
    private static final Pattern YAML11_OCTAL = Pattern.compile("[-+]?0[0-7_]+|[-+]?0o[0-7]+");
    private static final Pattern YAML11_OTHER_INT = Pattern.compile("[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+"
            + "|[-+]?[0-9][0-9_]*_[0-9_]*");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    private static final Pattern YAML_NULL_FORMS = Pattern.compile("~|Null|NULL");
    private static final Pattern YAML_BOOL_CASES = Pattern.compile("True|TRUE|False|FALSE");

    private YamlScalars() {
    }

    /**
     * Why a plain scalar, read by Jackson as {@code text}, is ambiguous; null when it is not. Quoted
     * scalars are never ambiguous: ask {@link Source#isPlainAt} first.
     */
    public static String ambiguity(String text) {
        if (YAML11_BOOL.matcher(text).matches()) {
            return "YAML 1.1 (Intercept's Go parser) reads it as a boolean, YAML 1.2 as the string \"" + text + "\"";
        }
        if (YAML_BOOL_CASES.matcher(text).matches()) {
            return "Go's YAML parser reads it as a boolean, Jackson's YAML 1.2 core schema as the string \"" + text + "\"";
        }
        if (YAML11_OCTAL.matcher(text).matches() && !text.matches("[-+]?0")) {
            return "YAML 1.1 reads it as an octal number, YAML 1.2 as another number or a string";
        }
        if (YAML11_OTHER_INT.matcher(text).matches()) {
            return "YAML 1.1 reads it as a number (binary, hexadecimal, base 60 or with '_'), YAML 1.2 differently";
        }
        if (TIMESTAMP.matcher(text).matches()) {
            return "YAML 1.1 reads it as a timestamp, YAML 1.2 as a string";
        }
        if (YAML_NULL_FORMS.matcher(text).matches()) {
            return "Go's YAML parser reads it as null, Jackson's YAML 1.2 reader as the string \"" + text + "\"";
        }
        return null;
    }

    /** What to write instead of an ambiguous scalar. */
    public static String help(String text) {
        return "quote it (\"" + text + "\") for a string, or write the value unambiguously (true, false, 493, null)";
    }

    /** The exact value of a YAML float token, or null for one that is not a finite number ({@code .inf}). */
    public static BigDecimal exactNumber(String text) {
        try {
            return new BigDecimal(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why a float token is refused. */
    public static String notExact(String text) {
        return "'" + text + "' is not a finite number mcppol can compare exactly";
    }

    /** The source text, to tell a plain scalar from a quoted or block one at a parser position. */
    public static final class Source {
        private final String text;
        private final int[] lineStarts;

        public Source(String text) {
            this.text = text;
            int n = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            lineStarts = new int[n];
            int k = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    lineStarts[k++] = i + 1;
                }
            }
        }

        /** Whether the scalar starting at 1-based {@code line}:{@code col} is written plain (unquoted). */
        public boolean isPlainAt(int line, int col) {
            if (line < 1 || line > lineStarts.length) {
                return false;
            }
            int off = lineStarts[line - 1] + col - 1;
            if (off < 0 || off >= text.length()) {
                return false;
            }
            char c = text.charAt(off);
            return c != '"' && c != '\'' && c != '|' && c != '>';
        }
    }
}
