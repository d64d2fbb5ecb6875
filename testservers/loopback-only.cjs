// Preload (node --require) that forces every TCP server in the process to bind
// to the loopback interface only.
//
// server-everything's Streamable HTTP mode calls express `app.listen(PORT)`
// with no host, which would bind to all interfaces (::). Tests must only ever
// listen on 127.0.0.1, so launch it as:
//
//   PORT=3001 node --require ./testservers/loopback-only.cjs \
//     testservers/node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp
//
// The host can be overridden with MCPPOL_BIND_HOST (must still be a loopback address).
"use strict";
const net = require("node:net");

const HOST = process.env.MCPPOL_BIND_HOST || "127.0.0.1";
const original = net.Server.prototype.listen;

net.Server.prototype.listen = function patchedListen(...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    // listen(options[, cb]); leave IPC paths / handles alone
    if (first.path === undefined && first.handle === undefined && first._handle === undefined && first.fd === undefined) {
      args[0] = { ...first, host: HOST };
    }
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first)) || first === undefined) {
    // listen(port[, host][, backlog][, cb])
    if (typeof args[1] === "string") {
      args[1] = HOST;
    } else {
      args.splice(1, 0, HOST);
      if (args[0] === undefined) args[0] = 0;
    }
  }
  return original.apply(this, args);
};
