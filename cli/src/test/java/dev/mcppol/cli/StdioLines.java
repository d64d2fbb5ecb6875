package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Talks newline-delimited JSON-RPC to a proxy process: one request, then its reply, in turn. */
final class StdioLines {
    private StdioLines() {
    }

    /** Sends each line and collects each reply (server notifications skipped); then closes stdin. */
    static List<String> exchange(Process p, List<String> lines) throws Exception {
        OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> replies = new ArrayList<>();
        for (String l : lines) {
            in.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String reply;
            do {
                reply = out.readLine();
                assertThat(reply).as("reply to " + l).isNotNull();
            } while (reply.contains("\"method\""));
            replies.add(reply);
        }
        in.close();
        return replies;
    }
}
