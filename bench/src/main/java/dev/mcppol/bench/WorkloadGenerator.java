package dev.mcppol.bench;

import dev.mcppol.runtime.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deterministic policies of a realistic shape: many tools, three to seven rules per tool, each rule
 * one or two argument conditions (equality, numeric comparison, {@code in} a set, prefix), about a
 * third of them deny rules. Calls draw their values from the same pools as the rules, so conditions
 * hit often enough to give a mix of allows and denies; an argument is left out 15% of the time
 * (conditions on it are then false) and 2% of the calls name a tool the policy does not know.
 */
public final class WorkloadGenerator {

    /** Calls per workload; a power of two so benchmarks cycle with a mask. */
    public static final int CALLS = 1024;

    private static final String[] MODES = {"read", "write", "list", "admin", "sync", "export"};
    private static final String[] REGIONS = {"eu", "us", "ap", "sa", "af", "me", "cn", "in"};
    private static final String[] PREFIXES = {"/workspace/", "/etc/", "/tmp/", "/home/", "/var/log/", "/srv/data/"};
    private static final String[] FILES = {"a.txt", "notes.md", "passwd", "run.ipynb", "data/x.csv", "out.log"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};
    private static final String[] ARGS = {"mode", "size", "region", "path", "user"};
    private static final int MAX_SIZE = 10_000;

    private final SplittableRandom random;
    private final long seed;

    public WorkloadGenerator(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed every benchmark uses for a policy of {@code rules} rules. */
    public static long seedFor(int rules) {
        return 0x6d63_7070_6f6cL ^ rules;
    }

    public static Workload generate(int rules) {
        return new WorkloadGenerator(seedFor(rules)).workload(rules);
    }

    public Workload workload(int ruleCount) {
        List<Workload.Tool> tools = new ArrayList<>();
        int left = ruleCount;
        while (left > 0) {
            int n = Math.min(left, 3 + random.nextInt(5));
            left -= n;
            List<Workload.RuleSpec> rules = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rules.add(rule());
            }
            tools.add(new Workload.Tool(String.format("tool_%06d", tools.size()), rules));
        }
        List<Workload.CallSpec> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String tool = random.nextInt(50) == 0 ? "unknown_tool_" + i : tools.get(random.nextInt(tools.size())).name();
            calls.add(new Workload.CallSpec(tool, arguments()));
        }
        return new Workload(seed, ruleCount, tools, calls);
    }

    private Workload.RuleSpec rule() {
        boolean allow = random.nextInt(3) != 0;
        int conds = allow && random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2);
        List<Workload.Cond> when = new ArrayList<>();
        List<String> used = new ArrayList<>();
        while (when.size() < conds) {
            String arg = ARGS[random.nextInt(ARGS.length)];
            if (!used.contains(arg)) {
                used.add(arg);
                when.add(cond(arg));
            }
        }
        return new Workload.RuleSpec(allow, when);
    }

    private Workload.Cond cond(String arg) {
        return switch (arg) {
            case "size" -> new Workload.Cond(new String[] {"lt", "le", "gt", "ge", "eq"}[random.nextInt(5)], arg,
                    Json.NODES.numberNode(random.nextInt(MAX_SIZE)));
            case "path" -> new Workload.Cond("prefix", arg, Json.NODES.stringNode(pick(PREFIXES)));
            case "region" -> random.nextBoolean() ? new Workload.Cond("eq", arg, Json.NODES.stringNode(pick(REGIONS)))
                    : new Workload.Cond("in", arg, set(REGIONS, 2 + random.nextInt(3)));
            case "user" -> new Workload.Cond("in", arg, set(USERS, 1 + random.nextInt(4)));
            default -> new Workload.Cond("eq", arg, Json.NODES.stringNode(pick(MODES)));
        };
    }

    private JsonNode set(String[] pool, int n) {
        ArrayNode a = Json.NODES.arrayNode();
        List<String> seen = new ArrayList<>();
        while (seen.size() < n) {
            String v = pick(pool);
            if (!seen.contains(v)) {
                seen.add(v);
                a.add(v);
            }
        }
        return a;
    }

    private ObjectNode arguments() {
        ObjectNode args = Json.NODES.objectNode();
        if (present()) {
            args.put("mode", pick(MODES));
        }
        if (present()) {
            // Mostly small sizes, as real calls are, with the odd large one.
            args.put("size", random.nextInt(4) == 0 ? random.nextInt(MAX_SIZE) : random.nextInt(MAX_SIZE / 10));
        }
        if (present()) {
            args.put("region", pick(REGIONS));
        }
        if (present()) {
            args.put("path", pick(PREFIXES) + pick(FILES));
        }
        if (present()) {
            args.put("user", pick(USERS));
        }
        return args;
    }

    private boolean present() {
        return random.nextInt(100) >= 15;
    }

    private String pick(String[] pool) {
        return pool[random.nextInt(pool.length)];
    }
}
