package dev.mcppol.runtime.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The one way mcppol compiles a regular expression a policy, an imported file or a bundle wrote.
 *
 * <p>RE2/J 1.8 never returns from compiling a case-insensitive regex that can match one of the
 * Cyrillic Extended-C letters U+1C80–U+1C88 as a literal or in a class (google/re2j issue 168: its
 * case-folding tables are older than the JDK's, so folding those letters never comes back to them).
 * A policy must not be able to hang the compiler or the proxy, so such a regex is refused with the
 * reason before RE2/J sees it. The check is conservative: under any {@code i} flag it refuses those
 * letters written literally or as {@code \x} escapes, and a class range written with a non-ASCII end
 * that spans them.
 */
public final class Regexes {
    private Regexes() {
    }

    /** The letters whose case folding does not terminate in RE2/J 1.8 on this JDK. */
    static final int FIRST_UNFOLDABLE = 0x1C80;
    static final int LAST_UNFOLDABLE = 0x1C88;

    /** Compiles {@code regex} (RE2 syntax, flags inline); throws with the reason when it is invalid or refused. */
    public static Pattern compile(String regex) {
        String why = refusal(regex);
        if (why != null) {
            throw new PatternSyntaxException(why, regex);
        }
        return Pattern.compile(regex);
    }

    /** Why {@code regex} cannot be compiled safely, or null. */
    public static String refusal(String regex) {
        if (!mayFoldCase(regex)) {
            return null;
        }
        int prev = -1;
        boolean inClass = false;
        boolean rangeOpen = false;
        int i = 0;
        while (i < regex.length()) {
            int c = regex.codePointAt(i);
            int width = Character.charCount(c);
            int value = c;
            if (c == '\\' && i + 1 < regex.length()) {
                int[] escape = escape(regex, i + 1);
                value = escape[0];
                width = 1 + escape[1];
            } else if (c == '[' && !inClass) {
                inClass = true;
                prev = -1;
                i += width;
                continue;
            } else if (c == ']' && inClass) {
                inClass = false;
                prev = -1;
                rangeOpen = false;
                i += width;
                continue;
            } else if (c == '-' && inClass && prev >= 0) {
                rangeOpen = true;
                i += width;
                continue;
            }
            if (value >= FIRST_UNFOLDABLE && value <= LAST_UNFOLDABLE) {
                return unfoldable();
            }
            if (rangeOpen && value >= 0 && prev >= 0 && prev <= LAST_UNFOLDABLE && value >= FIRST_UNFOLDABLE) {
                return unfoldable();
            }
            rangeOpen = false;
            prev = inClass ? value : -1;
            i += width;
        }
        return null;
    }

    private static String unfoldable() {
        return "a case-insensitive regex may not match the letters U+1C80–U+1C88 (the regex engine cannot fold"
                + " their case); drop the i flag or those letters";
    }

    /** Whether an {@code i} flag appears anywhere ({@code (?i)}, {@code (?i:…)}, {@code (?mi)} …). */
    private static boolean mayFoldCase(String regex) {
        int at = regex.indexOf("(?");
        while (at >= 0) {
            int j = at + 2;
            while (j < regex.length() && regex.charAt(j) != ')' && regex.charAt(j) != ':') {
                if (regex.charAt(j) == 'i') {
                    return true;
                }
                j++;
            }
            at = regex.indexOf("(?", at + 2);
        }
        return false;
    }

    /**
     * The code point an escape at {@code at} (just after the backslash) stands for, or -1 when it
     * stands for a class or an assertion; and how many characters it takes.
     */
    private static int[] escape(String regex, int at) {
        char e = regex.charAt(at);
        if (e == 'x') {
            if (at + 1 < regex.length() && regex.charAt(at + 1) == '{') {
                int close = regex.indexOf('}', at + 2);
                if (close < 0) {
                    return new int[] {-1, 1};
                }
                return new int[] {hex(regex.substring(at + 2, close)), close - at + 1};
            }
            int end = Math.min(regex.length(), at + 3);
            return new int[] {hex(regex.substring(at + 1, end)), end - at};
        }
        if (e >= '0' && e <= '7') {
            int end = at;
            while (end < regex.length() && end < at + 3 && regex.charAt(end) >= '0' && regex.charAt(end) <= '7') {
                end++;
            }
            return new int[] {Integer.parseInt(regex.substring(at, end), 8), end - at};
        }
        if (Character.isLetterOrDigit(e)) {
            return new int[] {-1, 1}; // \d, \pL, \b …: classes and assertions are folded from tables, safely
        }
        return new int[] {regex.codePointAt(at), Character.charCount(regex.codePointAt(at))};
    }

    private static int hex(String digits) {
        try {
            return digits.isEmpty() || digits.length() > 8 ? -1 : Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
