package dev.mcppol.compiler.diag;

import java.util.Collection;

/** "Did you mean" by plain edit distance, as compilers do it. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate within a small distance (a third of the name, at least 1, at most 3), or null. */
    public static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        for (String c : candidates) {
            int d = distance(name, c);
            if (d <= allowed && (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0))) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
