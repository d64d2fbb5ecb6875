package dev.mcppol.compiler.diff;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A few strings a regular expression matches, made by reading it naively: one branch of each
 * alternation, one pass of each repetition, the first member of each class. Every sample is
 * checked against the real RE2 pattern; a regex too clever for this yields none, and the diff then
 * says it could not decide rather than guess.
 */
final class RegexSamples {
    private RegexSamples() {
    }

    static List<String> of(String regex) {
        Pattern p;
        try {
            p = dev.mcppol.runtime.model.Regexes.compile(regex);
        } catch (RuntimeException e) {
            return List.of();
        }
        String body = regex.replaceFirst("^\\(\\?[a-zA-Z]+\\)", "");
        Set<String> raw = new LinkedHashSet<>();
        for (String alt : topLevelAlternatives(body)) {
            raw.add(sample(alt));
        }
        raw.add(sample(body));
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            for (String candidate : new String[] {s, "x" + s + "x", s.toLowerCase(java.util.Locale.ROOT)}) {
                if (p.matcher(candidate).find() && !out.contains(candidate)) {
                    out.add(candidate);
                }
            }
        }
        return out;
    }

    private static List<String> topLevelAlternatives(String re) {
        List<String> alts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alts.add(re.substring(start, i));
                start = i + 1;
            }
        }
        alts.add(re.substring(start));
        return alts;
    }

    private static String sample(String re) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < re.length()) {
                        char e = re.charAt(++i);
                        switch (e) {
                            case 'd' -> out.append('0');
                            case 's' -> out.append(' ');
                            case 'w' -> out.append('a');
                            case 'n' -> out.append('\n');
                            case 't' -> out.append('\t');
                            case 'b', 'B', 'A', 'z' -> {
                            }
                            default -> out.append(e);
                        }
                    }
                }
                case '^', '$', '*', '?', '+', ')' -> {
                }
                case '.' -> out.append('x');
                case '(' -> {
                    if (re.startsWith("?:", i + 1)) {
                        i += 2;
                    }
                }
                case '|' -> i = skipToGroupEnd(re, i);
                case '[' -> {
                    int end = re.indexOf(']', i + 2);
                    if (end < 0) {
                        return out.toString();
                    }
                    String cls = re.substring(i + 1, end);
                    out.append(cls.startsWith("^") ? '~' : cls.charAt(0) == '\\' && cls.length() > 1
                            ? (cls.charAt(1) == 'd' ? '0' : cls.charAt(1) == 's' ? ' ' : cls.charAt(1)) : cls.charAt(0));
                    i = end;
                }
                case '{' -> {
                    int end = re.indexOf('}', i);
                    i = end < 0 ? i : end;
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Inside a group, after the first branch: skip the other branches up to the group's end. */
    private static int skipToGroupEnd(String re, int i) {
        int depth = 0;
        for (int j = i + 1; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return re.length();
    }
}
