#!/usr/bin/env node
// Talks raw MCP (newline-delimited JSON-RPC over stdio) to a server and prints
// the full `tools/list` result (following nextCursor) as pretty JSON on stdout.
// Diagnostics (server stderr, handshake info, stray stdout lines) go to stderr.
//
// Usage (from the repo root):
//   node testservers/probe-stdio.mjs [--call NAME JSON_ARGS]... -- CMD [ARGS...]
// Examples:
//   node testservers/probe-stdio.mjs -- node testservers/node_modules/.bin/mcp-server-everything stdio \
//     > compiler/src/test/resources/schemas/everything.tools.json
//   node testservers/probe-stdio.mjs -- node testservers/node_modules/.bin/mcp-server-filesystem /tmp/x \
//     > compiler/src/test/resources/schemas/filesystem.tools.json
//
// The client announces NO capabilities (no roots/sampling/elicitation), which is
// what determines the set of tools the everything server registers.
import { spawn } from "node:child_process";

const argv = process.argv.slice(2);
const calls = [];
let i = 0;
for (; i < argv.length && argv[i] !== "--"; i++) {
  if (argv[i] === "--call") {
    calls.push({ name: argv[i + 1], arguments: JSON.parse(argv[i + 2] ?? "{}") });
    i += 2;
  } else {
    throw new Error(`unknown option ${argv[i]}`);
  }
}
const cmd = argv.slice(i + 1);
if (cmd.length === 0) {
  console.error("usage: probe-stdio.mjs [--call NAME JSON]... -- CMD [ARGS...]");
  process.exit(2);
}

const PROTOCOL = process.env.MCP_PROTOCOL_VERSION || "2025-06-18";
const t0 = Date.now();
const child = spawn(cmd[0], cmd.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
child.stderr.on("data", (d) => process.stderr.write(`[server stderr +${Date.now() - t0}ms] ${d}`));

const pending = new Map();
let nextId = 1;
let buf = "";
child.stdout.on("data", (d) => {
  buf += d.toString("utf8");
  let nl;
  while ((nl = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    if (!line.trim()) continue;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      console.error(`[NON-JSON stdout line] ${line}`);
      continue;
    }
    if (msg.id !== undefined && pending.has(msg.id) && (msg.result !== undefined || msg.error !== undefined)) {
      const { resolve } = pending.get(msg.id);
      pending.delete(msg.id);
      resolve(msg);
    } else {
      console.error(`[server -> client message] ${line}`);
      if (msg.id !== undefined && msg.method) {
        // answer server->client requests (e.g. ping) minimally
        send({ jsonrpc: "2.0", id: msg.id, result: {} });
      }
    }
  }
});

function send(obj) {
  child.stdin.write(JSON.stringify(obj) + "\n");
}
function request(method, params) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), 15000);
    pending.set(id, {
      resolve: (m) => {
        clearTimeout(timer);
        resolve(m);
      },
    });
    send({ jsonrpc: "2.0", id, method, params });
  });
}

let exitCode = 0;
try {
  const init = await request("initialize", {
    protocolVersion: PROTOCOL,
    capabilities: {},
    clientInfo: { name: "mcppol-probe", version: "0.0.0" },
  });
  if (init.error) throw new Error(`initialize failed: ${JSON.stringify(init.error)}`);
  console.error(
    `[initialize +${Date.now() - t0}ms] protocolVersion=${init.result.protocolVersion} ` +
      `serverInfo=${JSON.stringify(init.result.serverInfo)} capabilities=${JSON.stringify(init.result.capabilities)}`
  );
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const tools = [];
  let cursor;
  let pages = 0;
  do {
    const r = await request("tools/list", cursor ? { cursor } : {});
    if (r.error) throw new Error(`tools/list failed: ${JSON.stringify(r.error)}`);
    tools.push(...r.result.tools);
    cursor = r.result.nextCursor;
    pages++;
  } while (cursor);
  console.error(`[tools/list] ${tools.length} tools in ${pages} page(s): ${tools.map((t) => t.name).join(", ")}`);
  for (const c of calls) {
    const r = await request("tools/call", c);
    console.error(`[tools/call ${c.name}] ${JSON.stringify(r.result ?? r.error)}`);
  }
  process.stdout.write(JSON.stringify({ tools }, null, 2) + "\n");
} catch (e) {
  console.error(`probe failed: ${e.message}`);
  exitCode = 1;
} finally {
  child.stdin.end();
  const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
  child.kill("SIGTERM");
  child.on("exit", () => {
    clearTimeout(killer);
    process.exit(exitCode);
  });
}
