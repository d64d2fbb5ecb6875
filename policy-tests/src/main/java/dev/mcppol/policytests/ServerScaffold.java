package dev.mcppol.policytests;

import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcppol init --from-server} and {@code --from-url}: a policy repository for a live server's tools — its
 * {@code tools/list} snapshot, {@code mcppol.yaml}, a starting policy drawn from the tools' MCP
 * annotations ({@link AnnotationDraft}, each rule with a comment saying why) and one transcript that
 * calls every tool once and passes. Never overwrites: if any of the files exists, nothing is written.
 */
public final class ServerScaffold {
    private ServerScaffold() {
    }

    public static final List<String> FILES = List.of("mcppol.yaml", "policy.mcppol", "tools/server.tools.json",
            "transcripts/first-session.jsonl");

    /**
     * Where the snapshot came from, for the comment at the head of {@code mcppol.yaml}: the init flag,
     * the server in words, and the command that pulls the snapshot again.
     */
    public record Origin(String flag, String server, String pullAgain) {

        /** A stdio server started by {@code command}. */
        public static Origin command(List<String> command) {
            return new Origin("--from-server", "the server started by:\n#   " + String.join(" ", command),
                    "mcppol schema pull -o tools/server.tools.json -- <the same command>");
        }

        /** A server reached over Streamable HTTP at {@code url}. */
        public static Origin url(String url) {
            return new Origin("--from-url", "the server at " + url,
                    "mcppol schema pull --url " + url + " -o tools/server.tools.json");
        }
    }

    /** Writes the repository for {@code snapshot} ({@code {"tools":[…]}}) into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, JsonNode snapshot, List<String> command)
            throws IOException, ProjectScaffold.AlreadyExists {
        return write(dir, snapshot, Origin.command(command));
    }

    /** Likewise, for a server described by {@code origin}. */
    public static List<Path> write(Path dir, JsonNode snapshot, Origin origin)
            throws IOException, ProjectScaffold.AlreadyExists {
        List<String> existing = new ArrayList<>();
        for (String f : FILES) {
            if (Files.exists(dir.resolve(f))) {
                existing.add(dir.resolve(f).toString());
            }
        }
        if (!existing.isEmpty()) {
            throw new ProjectScaffold.AlreadyExists("refusing to overwrite " + String.join(", ", existing));
        }
        AnnotationDraft draft = AnnotationDraft.of(snapshot);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("mcppol.yaml", "# mcppol project file, written by `mcppol init " + origin.flag() + "` for "
                + origin.server() + "\n# Refresh the snapshot with `" + origin.pullAgain() + "`.\n"
                + "# (The policy names its tools snapshot itself: tools \"tools/server.tools.json\".)\n"
                + "policy: policy.mcppol\ntranscripts:\n  - transcripts\n");
        files.put("policy.mcppol", draft.policy(policyName(dir), "tools/server.tools.json"));
        files.put("tools/server.tools.json", Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot) + "\n");
        files.put("transcripts/first-session.jsonl", transcript(draft));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
            written.add(target);
        }
        return written;
    }

    /** One call of every tool, with no arguments, each expecting what the drafted rule decides on a first call. */
    private static String transcript(AnnotationDraft draft) {
        StringBuilder out = new StringBuilder("{\"mcppol\": \"transcript/1\", \"session\": \"first-session\"}\n");
        int id = 1;
        for (AnnotationDraft.Entry e : draft.entries()) {
            ObjectNode msg = Json.NODES.objectNode();
            msg.put("jsonrpc", "2.0");
            msg.put("id", id);
            msg.put("method", "tools/call");
            ObjectNode params = msg.putObject("params");
            params.put("name", e.tool());
            params.putObject("arguments");
            ObjectNode rec = Json.NODES.objectNode();
            rec.put("t", id * 10L);
            rec.put("dir", "c2s");
            rec.set("msg", msg);
            rec.put("expect", e.kind().firstCall());
            out.append(Json.MAPPER.writeValueAsString(rec)).append('\n');
            id++;
        }
        return out.toString();
    }

    /** The folder's name as a policy name (an identifier), or {@code server}. */
    static String policyName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String n = name == null ? "" : name.toString().replaceAll("[^A-Za-z0-9_]", "_");
        return n.isEmpty() || !Character.isLetter(n.charAt(0)) ? "server" : n;
    }
}
