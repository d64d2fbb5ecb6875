// A minimal stdio MCP server that pages its tools/list (2 tools a page), so the proxy's
// filtering can be tested across pages: the reference servers answer in a single page.
import { createInterface } from 'node:readline';
const tools = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((name) => ({
  name, description: `tool ${name}`, inputSchema: { type: 'object', properties: {} },
}));
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.id === undefined) return;
  if (msg.method === 'initialize') {
    send({ jsonrpc: '2.0', id: msg.id, result: { protocolVersion: msg.params.protocolVersion,
      capabilities: { tools: {} }, serverInfo: { name: 'paged', version: '1.0.0' } } });
  } else if (msg.method === 'tools/list') {
    const start = Number(msg.params?.cursor ?? 0);
    const page = { tools: tools.slice(start, start + 2) };
    if (start + 2 < tools.length) page.nextCursor = String(start + 2);
    send({ jsonrpc: '2.0', id: msg.id, result: page });
  } else if (msg.method === 'tools/call') {
    send({ jsonrpc: '2.0', id: msg.id, result: { content: [{ type: 'text', text: `called ${msg.params.name}` }] } });
  } else if (msg.method === 'ping') {
    send({ jsonrpc: '2.0', id: msg.id, result: {} });
  } else {
    send({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
  }
});
