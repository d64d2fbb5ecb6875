package dev.mcppol.runtime.model;

import java.util.List;

/** Rendering helpers shared by the model's canonical keys and the DSL printer. */
public final class Texts {
    private Texts() {
    }

    /** Longest plain rendering of a number; beyond it, scientific notation. */
    private static final int PLAIN_DIGITS = 40;
    /** Significant digits a brief rendering keeps. */
    private static final int BRIEF_DIGITS = 17;

    /**
     * A number exactly, in text whose length grows with its digits, never with its exponent:
     * {@code 1e-999999999} is {@code 1.0e-999999999}, not a billion zeros. Reads back through the
     * policy language ({@code DECIMAL} with an exponent).
     */
    public static String exactNumber(java.math.BigDecimal d) {
        java.math.BigDecimal s = d.stripTrailingZeros();
        if (Math.abs((long) s.scale()) <= PLAIN_DIGITS && s.precision() - (long) s.scale() <= PLAIN_DIGITS) {
            return s.scale() <= 0 ? s.toBigInteger().toString() : s.toPlainString();
        }
        return scientific(s, s.precision());
    }

    /** {@code toPlainString} where that is short, else {@link #exactNumber}: never a billion zeros. */
    public static String plain(java.math.BigDecimal d) {
        return Math.abs((long) d.scale()) <= PLAIN_DIGITS && d.precision() <= 2 * PLAIN_DIGITS ? d.toPlainString()
                : exactNumber(d);
    }

    /**
     * A number for a message a person reads: at most {@value #BRIEF_DIGITS} significant digits
     * (marked {@code …} when cut) and a bounded length whatever the input.
     */
    public static String number(java.math.BigDecimal d) {
        java.math.BigDecimal s = d.stripTrailingZeros();
        if (s.precision() <= BRIEF_DIGITS) {
            return exactNumber(s);
        }
        return scientific(s, BRIEF_DIGITS) + "…";
    }

    private static String scientific(java.math.BigDecimal s, int digits) {
        String unscaled = s.unscaledValue().abs().toString();
        long exponent = (long) unscaled.length() - 1 - s.scale();
        String kept = unscaled.substring(0, Math.min(digits, unscaled.length()));
        String fraction = kept.length() > 1 ? kept.substring(1) : "0";
        return (s.signum() < 0 ? "-" : "") + kept.charAt(0) + "." + fraction + "e" + exponent;
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A path as written in the policy language, without the {@code args} prefix. */
    public static String path(List<PathSeg> path) {
        StringBuilder b = new StringBuilder();
        for (PathSeg seg : path) {
            String t = seg.text();
            if (b.length() == 0 && t.startsWith(".")) {
                b.append(t, 1, t.length());
            } else {
                b.append(t);
            }
        }
        return b.toString();
    }
}
