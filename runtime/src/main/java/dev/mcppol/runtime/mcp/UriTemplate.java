package dev.mcppol.runtime.mcp;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MCP resource template (RFC 6570) read backwards: which variables a concrete URI binds. Covers
 * the expressions MCP servers use — {@code {var}}, {@code {+var}}, {@code {#var}}, {@code {/var}},
 * {@code {.var}}, {@code {?a,b}}, {@code {&a}} — with one variable per path expression; values are
 * percent-decoded. The match runs on RE2 (linear time), since the URI comes from the agent.
 */
public final class UriTemplate {

    /** Templates longer than this are not matched (a server's template is a short string). */
    private static final int MAX_TEMPLATE = 2048;

    private final String text;
    private final Pattern pattern;
    private final List<String> pathVars;
    private final List<String> queryVars;

    private UriTemplate(String text, Pattern pattern, List<String> pathVars, List<String> queryVars) {
        this.text = text;
        this.pattern = pattern;
        this.pathVars = pathVars;
        this.queryVars = queryVars;
    }

    public String text() {
        return text;
    }

    /** The template, or null when it cannot be read (then it matches nothing). */
    public static UriTemplate parse(String text) {
        if (text == null || text.length() > MAX_TEMPLATE) {
            return null;
        }
        StringBuilder re = new StringBuilder("^");
        List<String> pathVars = new ArrayList<>();
        List<String> queryVars = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                re.append(Pattern.quote(text.substring(i)));
                break;
            }
            re.append(Pattern.quote(text.substring(i, open)));
            int close = text.indexOf('}', open);
            if (close < 0) {
                return null;
            }
            String expr = text.substring(open + 1, close);
            if (expr.isEmpty()) {
                return null;
            }
            char op = expr.charAt(0);
            if (op == '?' || op == '&') {
                for (String v : expr.substring(1).split(",")) {
                    queryVars.add(strip(v));
                }
                // The query is read separately, in any order; here it only has to be there or not.
                re.append("(?:[?&][^#]*)?");
            } else {
                String prefix = switch (op) {
                    case '+', '#', '/', '.' -> String.valueOf(op);
                    default -> "";
                };
                String names = prefix.isEmpty() ? expr : expr.substring(1);
                if (names.contains(",")) {
                    return null; // several variables in one path expression: no unique reading
                }
                pathVars.add(strip(names));
                switch (op) {
                    case '+' -> re.append("(.*?)");
                    case '#' -> re.append("(?:#(.*))?");
                    case '/' -> re.append("/([^/?#]*)");
                    case '.' -> re.append("\\.([^/?#.]*)");
                    default -> re.append("([^/?#]*)");
                }
            }
            i = close + 1;
        }
        re.append("$");
        try {
            return new UriTemplate(text, Pattern.compile(re.toString(), Pattern.DOTALL), pathVars, queryVars);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String strip(String name) {
        int colon = name.indexOf(':');
        String n = colon >= 0 ? name.substring(0, colon) : name;
        return n.endsWith("*") ? n.substring(0, n.length() - 1) : n;
    }

    /** The names of the template's variables, path ones first, in the order written. */
    public List<String> variables() {
        List<String> all = new ArrayList<>(pathVars);
        all.addAll(queryVars);
        return all;
    }

    /** The variables {@code uri} binds, or null when the template does not match it. */
    public Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int g = 0; g < pathVars.size(); g++) {
            String v = m.group(g + 1);
            if (v != null) {
                vars.put(pathVars.get(g), decode(v));
            }
        }
        if (!queryVars.isEmpty()) {
            int q = uri.indexOf('?');
            int hash = uri.indexOf('#', Math.max(q, 0));
            if (q >= 0) {
                String query = uri.substring(q + 1, hash > q ? hash : uri.length());
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                    if (queryVars.contains(key) && !vars.containsKey(key)) {
                        vars.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
                    }
                }
            }
        }
        return vars;
    }

    /** Percent-decoding as UTF-8; a malformed escape stays as written. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
