package dev.mcppol.runtime.model;

/** Durations as the policy language writes them: {@code 500ms 30s 1m 2h 1d}. */
public final class Durations {
    private Durations() {
    }

    /** Milliseconds of a duration literal, or -1 when it is not one. */
    public static long parse(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return -1;
        }
        long n = Long.parseLong(text.substring(0, i));
        long unit = switch (text.substring(i)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> -1L;
        };
        if (unit < 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(n, unit);
        } catch (ArithmeticException e) {
            return -1; // wrapped around: 213503982335d would otherwise read as about 9.5 hours
        }
    }

    /** The shortest exact literal for a number of milliseconds. */
    public static String format(long millis) {
        if (millis % 86_400_000L == 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1_000L == 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }
}
