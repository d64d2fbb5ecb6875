// The Cedar peer of mcppol's decision benchmark.
//
//   node cedar-bench.mjs --dir DIR --sizes 10,100,1000,10000 [--check-only | --skip-check] [--warmup-ms 1000] [--rounds 5] [--round-ms 1000] [--out FILE]
//
// Reads the same workload-N.json files the Java benchmarks read, translates each policy into Cedar
// (tool = action, arguments = context), checks that Cedar decides every call exactly as mcppol did
// (decisions-N.json, written by dev.mcppol.bench.Inputs) and only then times Cedar's fastest
// configuration: policy sets parsed once with preparsePolicySet, requests built once, and
// statefulIsAuthorized per call. Two layouts are timed: one set holding every policy, and one set
// per tool (the caller picks the set by tool name, as mcppol picks a diagram).
//
// --check-only stops after the check; --skip-check is for a run that follows a --check-only run on
// the same files (bench/run does that: at 10k rules in one set a Cedar decision takes ~0.1 s, so
// checking 1,024 calls twice would double the run).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const cedar = require('@cedar-policy/cedar-wasm/nodejs');
// The package's exports hide package.json; read it by path to report the exact version measured.
const cedarPackage = JSON.parse(readFileSync(new URL('./node_modules/@cedar-policy/cedar-wasm/package.json', import.meta.url), 'utf8'));

function options(argv) {
  const o = { dir: 'target/bench-inputs', sizes: [10, 100, 1000, 10000], warmupMs: 1000, rounds: 5, roundMs: 1000, out: null, checkOnly: false, skipCheck: false };
  for (let i = 2; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--check-only') { o.checkOnly = true; i--; }
    else if (k === '--skip-check') { o.skipCheck = true; i--; }
    else if (k === '--dir') o.dir = v;
    else if (k === '--sizes') o.sizes = v.split(',').map(Number);
    else if (k === '--warmup-ms') o.warmupMs = Number(v);
    else if (k === '--rounds') o.rounds = Number(v);
    else if (k === '--round-ms') o.roundMs = Number(v);
    else if (k === '--out') o.out = v;
    else throw new Error(`unknown option ${k}`);
  }
  return o;
}

// ---- translation: one mcppol rule = one Cedar policy ----

const str = (s) => JSON.stringify(s); // the generator's strings are plain ASCII: JSON escaping is Cedar escaping

function literal(v) {
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'string') return str(v);
  if (Number.isInteger(v)) return String(v);
  throw new Error(`no Cedar literal for ${JSON.stringify(v)}`);
}

// Cedar errors on a missing context attribute (and an erroring policy is skipped); mcppol says a
// condition on a missing argument is false. "context has x &&" makes Cedar say false too.
function atom(c) {
  const x = `context.${c.arg}`;
  const guard = `context has ${c.arg} && `;
  switch (c.op) {
    case 'eq': return guard + `${x} == ${literal(c.value)}`;
    case 'lt': return guard + `${x} < ${literal(c.value)}`;
    case 'le': return guard + `${x} <= ${literal(c.value)}`;
    case 'gt': return guard + `${x} > ${literal(c.value)}`;
    case 'ge': return guard + `${x} >= ${literal(c.value)}`;
    case 'in': return guard + `${literal(c.value)}.contains(${x})`;
    case 'prefix':
      if (/[*"\\]/.test(c.value)) throw new Error(`prefix needs escaping in a Cedar pattern: ${c.value}`);
      return guard + `${x} like "${c.value}*"`;
    default: throw new Error(`unknown op ${c.op}`);
  }
}

function policyText(tool, rule) {
  const head = `${rule.effect === 'allow' ? 'permit' : 'forbid'}(principal, action == Action::${str(tool)}, resource)`;
  if (rule.when.length === 0) return `${head};`;
  return `${head} when { ${rule.when.map(atom).join(' && ')} };`;
}

function translate(workload) {
  const all = {};
  const perTool = new Map();
  let n = 0;
  for (const t of workload.tools) {
    const mine = {};
    for (const r of t.rules) {
      const id = `p${n++}`;
      all[id] = mine[id] = policyText(t.name, r);
    }
    perTool.set(t.name, mine);
  }
  return { all, perTool };
}

function preparse(id, staticPolicies) {
  const answer = cedar.preparsePolicySet(id, { staticPolicies });
  if (answer.type !== 'success') {
    throw new Error(`Cedar rejected policy set ${id}: ${JSON.stringify(answer.errors).slice(0, 2000)}`);
  }
}

// ---- requests, built once (the fastest configuration) ----

function requests(workload, setFor) {
  return workload.calls.map((c) => ({
    principal: { type: 'Agent', id: 'bench-identity' },
    action: { type: 'Action', id: c.tool },
    resource: { type: 'Server', id: 'bench' },
    context: c.args,
    entities: [],
    preparsedPolicySetId: setFor(c.tool),
  }));
}

function decide(request) {
  const answer = cedar.statefulIsAuthorized(request);
  if (answer.type !== 'success') {
    throw new Error(`Cedar failed: ${JSON.stringify(answer.errors)}`);
  }
  return answer.response;
}

/** Every call, Cedar vs mcppol; a Cedar evaluation error counts as a disagreement (it would hide a gap). */
function agreement(reqs, workload, expected, label) {
  const mismatches = [];
  let allowed = 0;
  reqs.forEach((req, i) => {
    const response = decide(req);
    const errors = response.diagnostics.errors;
    if (response.decision === 'allow') allowed++;
    if (response.decision !== expected[i] || errors.length > 0) {
      mismatches.push({ call: i, tool: workload.calls[i].tool, args: workload.calls[i].args, mcppol: expected[i],
        cedar: response.decision, errors });
    }
  });
  if (mismatches.length > 0) {
    console.error(`DISAGREEMENT (${label}): ${mismatches.length} of ${reqs.length} calls`);
    for (const m of mismatches.slice(0, 5)) console.error(JSON.stringify(m));
    process.exit(1);
  }
  return allowed;
}

// ---- timing ----

// Each call is timed on its own: a Cedar decision takes microseconds, so hrtime's ~0.1 us cost is
// noise, and per-call samples give a median that a busy machine's preemptions barely move (the
// mean, over wall time, does move: both are reported, and CPU time besides).
function timeIt(reqs, opts) {
  let next = 0;
  const mask = reqs.length - 1; // 1024 calls, a power of two
  let sink = 0;
  const one = () => {
    const t0 = process.hrtime.bigint();
    sink += cedar.statefulIsAuthorized(reqs[next++ & mask]).type.length;
    return Number(process.hrtime.bigint() - t0);
  };
  const warmEnd = Date.now() + opts.warmupMs;
  while (Date.now() < warmEnd) one();
  const samples = [];
  const roundMeans = [];
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let r = 0; r < opts.rounds; r++) {
    const end = Date.now() + opts.roundMs;
    let sum = 0;
    let k = 0;
    do {
      const ns = one();
      samples.push(ns);
      sum += ns;
      k++;
    } while (Date.now() < end);
    roundMeans.push(sum / k);
  }
  const wallNs = Number(process.hrtime.bigint() - wall0);
  const cpu = process.cpuUsage(cpu0);
  if (sink === 0) throw new Error('unreachable: keeps the loop from being optimised away');
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  const meanNs = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { meanNs, medianNs: pct(0.5), p99Ns: pct(0.99), decisions: samples.length,
    cpuNsPerDecision: ((cpu.user + cpu.system) * 1000) / samples.length,
    cpuShare: ((cpu.user + cpu.system) * 1000) / wallNs, roundMeansNs: roundMeans };
}

function main() {
  const opts = options(process.argv);
  const result = { cedarWasm: cedarPackage.version, cedarLang: cedar.getCedarLangVersion(), node: process.version,
    warmupMs: opts.warmupMs, rounds: opts.rounds, roundMs: opts.roundMs, sizes: {} };
  // Phase 1, for every size: translate, preparse, and check agreement. Nothing is timed unless all agree.
  const prepared = [];
  for (const size of opts.sizes) {
    const workload = JSON.parse(readFileSync(join(opts.dir, `workload-${size}.json`), 'utf8'));
    const expected = JSON.parse(readFileSync(join(opts.dir, `decisions-${size}.json`), 'utf8')).decisions;
    const { all, perTool } = translate(workload);
    writeFileSync(join(opts.dir, `policy-${size}.cedar`), Object.values(all).join('\n') + '\n');

    const t0 = process.hrtime.bigint();
    preparse(`all-${size}`, all);
    const preparseAllMs = Number(process.hrtime.bigint() - t0) / 1e6;
    preparse(`none-${size}`, {});
    for (const [tool, set] of perTool) preparse(`tool-${size}-${tool}`, set);

    const oneSet = requests(workload, () => `all-${size}`);
    const split = requests(workload, (tool) => (perTool.has(tool) ? `tool-${size}-${tool}` : `none-${size}`));
    let allowed = null;
    if (!opts.skipCheck) {
      allowed = agreement(oneSet, workload, expected, `${size} rules, one policy set`);
      agreement(split, workload, expected, `${size} rules, one policy set per tool`);
      console.log(`cedar ${size} rules: all ${expected.length} calls decided as mcppol decided them (${allowed} allowed), `
        + 'with one policy set and with a set per tool');
    }
    result.sizes[size] = { rules: size, tools: workload.tools.length, calls: expected.length, allowed,
      agreementCheckedHere: !opts.skipCheck, preparseAllMs };
    prepared.push({ size, oneSet, split });
  }
  if (opts.checkOnly) return;
  // Phase 2: time both layouts.
  for (const { size, oneSet, split } of prepared) {
    const perToolTiming = timeIt(split, opts);
    const oneSetTiming = timeIt(oneSet, opts);
    console.log(`cedar ${size} rules: median ns/decision: per-tool sets ${perToolTiming.medianNs.toFixed(0)}, `
      + `one set ${oneSetTiming.medianNs.toFixed(0)}`);
    Object.assign(result.sizes[size], { perToolSets: perToolTiming, oneSet: oneSetTiming });
  }
  const text = JSON.stringify(result, null, 2);
  if (opts.out) writeFileSync(opts.out, text + '\n');
  else console.log(text);
}

main();
