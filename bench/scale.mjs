// The scale scenario of `npm run bench` (issue 10): the bundled CLI, in a PTY, pointed by a
// generated config file at vendor simulators serving thousands of records from a separate
// process (bench/scale-sim.ts). Every figure is printed against its budget, honestly: a wait
// that times out is a miss, never a fast sample.
//
// Each key press waits for the specific change it must cause (the selection marker on the row
// that was below/above it; the focused panel's title turning into the next panel's), so the
// 1 Hz clock redraw and unrelated repaints cannot end a wait early.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// BENCH_CLI runs another build (e.g. an older commit's dist/cli.js) for before/after figures.
const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist/cli.js');
const CACHE = join(ROOT, 'node_modules/.cache/itops-bench');
const COLS = 100;
const ROWS = 30;

export const SCALE_BUDGET = {
  keyP95Ms: 50,
  keyP99Ms: 100,
  stallMs: 50,
  idleCpuPct: 3,
  rssMiB: 500,
  /** First load ÷ the simulators' own time to serve the same pages. */
  loadRatio: 2,
  /** First frame ÷ a minimal Ink app's first frame, both bundled the same way. */
  firstFrameRatio: 1.5,
};

const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, ...baseEnv } = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** "1k" → 1000, "50k" → 50000, "2500" → 2500. */
function count(raw) {
  const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(raw.trim());
  if (!m) throw new Error(`bench: bad size "${raw}" (use e.g. 1k, 10k, 50k+10k)`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
}

/**
 * `--scale 1k,10k,50k+10k`: each size is ServiceNow tickets, optionally `+` PagerDuty incidents.
 * Without `+`, PagerDuty keeps a demo-sized world (about 20 open incidents).
 */
export function parseSizes(spec) {
  return spec.split(',').map((token) => {
    const [sn, pd] = token.split('+');
    return { label: token.trim(), sn: count(sn), pd: pd === undefined ? 0 : count(pd) };
  });
}

export const pct = (xs, p) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

// ---------------------------------------------------------------- bundles

async function bundle(entry, outName, extra = {}) {
  const { build } = await import('esbuild');
  const outfile = join(CACHE, outName);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    logLevel: 'warning',
    ...extra,
  });
  return outfile;
}

/** The simulators at scale; their own process so they never share the CLI's event loop or CPU accounting. */
function buildScaleSim() {
  return bundle(join(ROOT, 'bench/scale-sim.ts'), 'scale-sim.mjs', {
    packages: 'external',
    conditions: ['source'],
  });
}

/**
 * A minimal Ink app bundled exactly as scripts/build.mjs bundles the CLI (same esbuild
 * settings: ESM, node22, the react-devtools-core stub, the createRequire banner), so the
 * first-frame ratio compares the cockpit's own start-up work and nothing else.
 */
async function buildMinimalInk() {
  const src = join(CACHE, 'minimal-ink.mjs');
  writeFileSync(
    src,
    [
      "import { createElement as h } from 'react';",
      "import { Box, Text, render } from 'ink';",
      "const app = render(h(Box, { borderStyle: 'double' }, h(Text, null, 'minimal ink app ready')), { alternateScreen: true });",
      "process.stdin.on('data', (d) => { if (String(d).includes('q')) app.unmount(); });",
      '',
    ].join('\n'),
  );
  const stub = join(CACHE, 'devtools-stub.mjs');
  writeFileSync(stub, 'export default { initialize() {}, connectToDevTools() {} };\n');
  return bundle(src, 'minimal-ink.bundle.mjs', {
    jsx: 'automatic',
    alias: { 'react-devtools-core': stub },
    nodePaths: [join(ROOT, 'node_modules')],
    banner: {
      js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    },
  });
}

// ---------------------------------------------------------------- PTY screen

function startPty(args, env = {}) {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const t0 = performance.now();
  const child = pty.spawn(process.execPath, args, {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    cwd: env.XDG_STATE_HOME ?? tmpdir(),
    env: { ...baseEnv, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env },
  });
  const waiters = new Set();
  const text = () => {
    const buf = term.buffer.active;
    const out = [];
    for (let y = 0; y < term.rows; y++)
      out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  child.onData((d) =>
    term.write(d, () => {
      for (const w of [...waiters]) w();
    }),
  );
  /** Resolves with performance.now() when pred(screen) first holds; rejects on timeout. */
  const until = (pred, timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(Object.assign(new Error('timed out'), { screen: text() }));
      }, timeoutMs);
      const check = () => {
        if (pred(text())) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(performance.now());
        }
      };
      waiters.add(check);
      check();
    });
  const exited = new Promise((r) => child.onExit(r));
  return { child, t0, until, text, exited };
}

// ---------------------------------------------------------------- screen readers

/** No stream is still loading: each has data or has failed (a failure is reported, not waited out). */
const noneLoading = (t) => !/loading/i.test(t) && /tracked|no data/.test(t);
/** Lines that say a stream failed or is behind, for the report. */
const problemLines = (t) =>
  t
    .split('\n')
    .filter((l) => /stale|no data|failed|partial|degraded/i.test(l))
    .map((l) => l.replace(/[║╔╗╚╝═]/g, '').trim());
const allPanels = (t) =>
  /Queue health/i.test(t) && /On-call/i.test(t) && /compliance/i.test(t) && /SLA risk/i.test(t);
/** Open incidents the queue's headline counts: "▲ 183 triggered · 835 acked". */
function openShown(t) {
  const m = /([\d,]+) triggered · ([\d,]+) acked/.exec(t);
  return m ? Number(m[1].replace(/,/g, '')) + Number(m[2].replace(/,/g, '')) : undefined;
}
/** The selected row: the line whose first cell is the ▶ marker, and its record key. */
function selected(t) {
  const lines = t.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^║ [▶>] .*?(#\d+|INC\d+)/.exec(lines[i]);
    if (m) return { line: i, key: m[1], lines };
  }
  return undefined;
}
const keyOf = (line) => /(#\d+|INC\d+)/.exec(line ?? '')?.[1];
/** The focused panel's number, from its title line "║▶ 2 On-call". */
function focusedPanel(t) {
  const m = /^║[▶>] (\d) /m.exec(t);
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------- processes and files

function cpuTicks(pid) {
  // /proc/<pid>/stat: the command may contain spaces, so split after the closing paren.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (USER_HZ, 100 on Linux)
}
function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}
function readStalls(file) {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}
/** Longest stall whose window overlaps [from, to] (wall-clock ms). */
function longestStall(samples, from, to) {
  let max = 0;
  for (const s of samples) if (s.t >= from && s.t - s.windowMs <= to) max = Math.max(max, s.maxMs);
  return max;
}

/** One simulator process for one vendor (or both); resolves with its startup JSON. */
async function startSimProcess(size, vendor) {
  const simBundle = join(CACHE, 'scale-sim.mjs');
  const args = [simBundle, '--sn', String(size.sn), '--pd', String(size.pd), '--vendor', vendor];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: proc.stdout });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('bench: the scale simulators did not start in 5 min')),
      300_000,
    );
    rl.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
    proc.once('exit', (code) => reject(new Error(`bench: the scale simulators exited (${code})`)));
  });
  return { proc, info };
}

/**
 * PagerDuty and ServiceNow each in a process of their own (same seed, so the same world): a
 * 50k-ticket listing must not starve the other vendor's answers, as two real services would not.
 */
async function startSim(size, log) {
  const parts = await Promise.all([startSimProcess(size, 'pagerduty'), startSimProcess(size, 'servicenow')]);
  const info = {
    startMs: Math.max(...parts.map((p) => p.info.startMs)),
    pids: parts.map((p) => p.info.pid),
    pagerduty: parts[0].info.pagerduty,
    servicenow: parts[1].info.servicenow,
  };
  log(`    simulators up in ${(info.startMs / 1000).toFixed(1)} s (pids ${info.pids.join(', ')})`);
  // A fresh connection per control call: a kept-alive socket the server has just timed out
  // would fail the call with "socket hang up".
  const agent = new Agent({ keepAlive: false });
  const call = (method, url) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const each = (method, path) => Promise.all(parts.map((p) => call(method, `${p.info.control}${path}`)));
  return {
    info,
    advance: (ms) => each('POST', `/advance?ms=${ms}`),
    requests: async () => (await each('GET', '/requests')).flatMap((r) => JSON.parse(r.body)),
    clearRequests: () => each('POST', '/requests/clear'),
    async stop() {
      agent.destroy();
      await Promise.all(
        parts.map(({ proc }) => {
          proc.kill('SIGTERM');
          return new Promise((r) => proc.once('exit', r));
        }),
      );
    },
  };
}

function writeConfig(dir, info) {
  const file = join(dir, 'itops.yml');
  writeFileSync(
    file,
    [
      'connectors:',
      '  pd-scale:',
      '    plugin: pagerduty',
      '    token: {env: BENCH_PD_TOKEN}',
      `    baseUrl: ${info.pagerduty.url}`,
      `    fromEmail: ${info.pagerduty.fromEmail}`,
      '    subdomain: acme-bench',
      '    pollSeconds: {incidents: 15}',
      '  sn-scale:',
      '    plugin: servicenow',
      `    instanceUrl: ${info.servicenow.url}`,
      '    auth:',
      '      kind: basic',
      `      username: ${info.servicenow.username}`,
      '      password: {env: BENCH_SN_PASSWORD}',
      // 50,000 tickets carry 100,000 task SLAs: past the default ceiling, as a user would set it.
      '    maxRecords: 500000',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * The simulators' own time to serve the pages the CLI's first load asked for: the same GET
 * URLs replayed with a plain keep-alive HTTP client, each vendor's pages one after another
 * and the vendors side by side (as the connectors fetch them). Run with the CLI gone.
 */
async function serveTime(sim, firstLoad) {
  const auth = {
    pagerduty: {
      authorization: `Token token=${sim.info.pagerduty.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
    },
    servicenow: {
      authorization: `Basic ${Buffer.from(`${sim.info.servicenow.username}:${sim.info.servicenow.password}`).toString('base64')}`,
      accept: 'application/json',
    },
  };
  const base = { pagerduty: sim.info.pagerduty.url, servicenow: sim.info.servicenow.url };
  const agent = new Agent({ keepAlive: true });
  const get = (vendor, url) =>
    new Promise((resolve, reject) => {
      const req = request(`${base[vendor]}${url}`, { agent, headers: auth[vendor] }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', reject);
      req.end();
    });
  const t = performance.now();
  const statuses = [];
  await Promise.all(
    ['pagerduty', 'servicenow'].map(async (vendor) => {
      for (const r of firstLoad.filter((x) => x.vendor === vendor && x.method === 'GET'))
        statuses.push(await get(vendor, r.url));
    }),
  );
  agent.destroy();
  return {
    ms: performance.now() - t,
    requests: statuses.length,
    failed: statuses.filter((s) => s >= 400).length,
  };
}

// ---------------------------------------------------------------- key measures

/**
 * Move the selection down (even i) or up (odd i) and wait for the marker to land on the row
 * that was below (above) it, or for the previously selected row to sit right above (below) the
 * marker (a poll may reorder the list under the cursor). A miss is NaN.
 */
export async function cursorMove(run, i, timeoutMs) {
  const before = selected(run.text());
  if (!before) return { ms: Number.NaN, why: 'no selected row on screen' };
  const down = i % 2 === 0;
  const target = keyOf(before.lines[before.line + (down ? 1 : -1)]);
  const t = performance.now();
  run.child.write(down ? 'j' : 'k');
  const ok = (s) => {
    const now = selected(s);
    if (!now || now.key === before.key) return false;
    if (target && now.key === target) return true;
    return keyOf(now.lines[now.line + (down ? -1 : 1)]) === before.key;
  };
  try {
    return { ms: (await run.until(ok, timeoutMs)) - t };
  } catch {
    return { ms: Number.NaN, why: 'marker did not move to the expected row' };
  }
}

/** Tab and wait for the next panel's title to show the focus marker. */
async function panelSwitch(run, timeoutMs) {
  const from = focusedPanel(run.text());
  if (!from) return { ms: Number.NaN, why: 'no focused panel title on screen' };
  const next = (from % 4) + 1;
  const t = performance.now();
  run.child.write('\t');
  try {
    return { ms: (await run.until((s) => focusedPanel(s) === next, timeoutMs)) - t };
  } catch {
    return { ms: Number.NaN, why: `panel ${next} did not take focus` };
  }
}

async function focusPanel(run, n) {
  run.child.write(String(n));
  await run.until((s) => focusedPanel(s) === n, 10_000);
}

// ---------------------------------------------------------------- one size

async function measureSize(size, opts, log) {
  log(`  ${size.label}: ${size.sn} ServiceNow tickets, ${size.pd || 'demo-sized'} PagerDuty incidents`);
  const sim = await startSim(size, log);
  const dir = mkdtempSync(join(tmpdir(), 'itops-scale-'));
  const stallFile = join(dir, 'stalls.jsonl');
  const config = writeConfig(dir, sim.info);
  const expected = sim.info.servicenow.incidents + sim.info.pagerduty.open;
  const out = { size, expected };
  await sim.clearRequests();
  const run = startPty([CLI, '--config', config], {
    XDG_STATE_HOME: dir,
    XDG_CONFIG_HOME: dir,
    ITOPS_DEBUG_STALLS: stallFile,
    BENCH_PD_TOKEN: sim.info.pagerduty.token,
    BENCH_SN_PASSWORD: sim.info.servicenow.password,
  });
  const wallStart = Date.now();
  let firstLoad = [];
  try {
    const loadTimeout = opts.loadTimeoutMs;
    out.firstFrameMs = (await run.until(allPanels, 30_000)) - run.t0;
    out.firstRowsMs = (await run.until((s) => /#\d+|INC\d+/.test(s), loadTimeout)) - run.t0;
    const loading = [];
    try {
      out.loadedMs =
        (await run.until(
          (s) => noneLoading(s) && ((openShown(s) ?? 0) >= expected || problemLines(s).length > 0),
          loadTimeout,
        )) - run.t0;
    } catch {
      // Not finished: say so (OVER) and still measure keys, CPU and memory on what is there.
      out.loadedMs = Number.NaN;
      const shown = openShown(run.text()) ?? 0;
      loading.push(
        `not finished ${Math.round(loadTimeout / 1000)} s after the first rows (${shown} of ${expected} incidents counted${/loading/i.test(run.text()) ? ', a stream still loading' : ''})`,
      );
    }
    const loadedWall = Date.now();
    out.loadProblems = [...loading, ...problemLines(run.text())];
    if (opts.baselineOnly) {
      await sleep(3000);
      out.rss = rssBytes(run.child.pid);
      out.heapUsed = readStalls(stallFile).at(-1)?.heapUsed ?? Number.NaN;
    } else {
      // The first load's requests, for the replay; the connectors' follow-up polls come later.
      firstLoad = (await sim.requests()).filter((r) => r.end <= loadedWall);
      out.firstLoadRequests = firstLoad.length;
      await sim.clearRequests();
      await sleep(1000);
      out.stallsFirstLoad = longestStall(readStalls(stallFile), wallStart, loadedWall);

      // Steady state: nothing changes in the world (its clock is frozen); polls still run on their intervals.
      const pid = run.child.pid;
      const idleFrom = Date.now();
      const ticks0 = cpuTicks(pid);
      const idleT0 = performance.now();
      await sleep(opts.idleS * 1000);
      const ticks1 = cpuTicks(pid);
      out.idleCpuPct = (((ticks1 - ticks0) / 100) * 1000 * 100) / (performance.now() - idleT0);
      out.idleRequests = (await sim.requests()).length;
      out.idleSeconds = opts.idleS;
      out.stallsIdle = longestStall(readStalls(stallFile), idleFrom, Date.now());
      out.rss = rssBytes(pid);
      const samples = readStalls(stallFile);
      out.heapUsed = samples.at(-1)?.heapUsed ?? Number.NaN;

      // Quiet keys: cursor moves in the queue, then panel switches.
      await focusPanel(run, 1);
      const quiet = { cursor: [], panel: [], misses: [] };
      for (let i = 0; i < opts.keys; i++) {
        const r = await cursorMove(run, i, opts.keyTimeoutMs);
        quiet.cursor.push(r.ms);
        if (r.why) quiet.misses.push(`cursor: ${r.why}`);
        await sleep(30);
      }
      for (let i = 0; i < opts.switches; i++) {
        const r = await panelSwitch(run, opts.keyTimeoutMs);
        quiet.panel.push(r.ms);
        if (r.why) quiet.misses.push(`panel: ${r.why}`);
        await sleep(30);
      }
      out.quiet = quiet;

      // Keys while a forced poll is in flight: move the world on a minute (escalations, SLA
      // stages), press r, and keep pressing keys until the poll's requests are over.
      const busy = { cursor: [], panel: [], misses: [], windows: [] };
      for (let p = 0; p < opts.polls; p++) {
        await focusPanel(run, 1);
        await sim.advance(60_000);
        await sim.clearRequests();
        const pollFrom = Date.now();
        const pressedAt = performance.now();
        run.child.write('r');
        const keysDuring = [];
        // Until the poll's requests have stopped for a second (or 60 s), then a few keys more for
        // the work after the last response.
        let quietSince = 0;
        let after = 0;
        for (let i = 0; performance.now() - pressedAt < 60_000; i++) {
          const tab = i % 4 === 3;
          const r = tab
            ? await panelSwitch(run, opts.keyTimeoutMs)
            : await cursorMove(run, i, opts.keyTimeoutMs);
          if (tab) await focusPanel(run, 1);
          keysDuring.push({ tab, ...r });
          const reqs = await sim.requests();
          const lastEnd = reqs.reduce((m, x) => Math.max(m, x.end), 0);
          if (reqs.length > 0 && Date.now() - lastEnd > 1000) quietSince ||= Date.now();
          if (quietSince && ++after >= 8) break;
          await sleep(30);
        }
        const reqs = await sim.requests();
        busy.windows.push({
          requests: reqs.length,
          ms: reqs.length ? Math.max(...reqs.map((x) => x.end)) - pollFrom : 0,
          stall: 0,
          from: pollFrom,
          to: Date.now(),
        });
        for (const k of keysDuring) {
          (k.tab ? busy.panel : busy.cursor).push(k.ms);
          if (k.why) busy.misses.push(`${k.tab ? 'panel' : 'cursor'}: ${k.why}`);
        }
      }
      await sleep(1500);
      const all = readStalls(stallFile);
      for (const w of busy.windows) w.stall = longestStall(all, w.from, w.to);
      out.busy = busy;
      out.stallsOverall = longestStall(all, loadedWall, Date.now());

      // Requests a minute on the steady polling (PagerDuty's 960/min budget is per key), where
      // PagerDuty is big enough for it to matter (BENCH_RPM_S long: full listings are periodic).
      if (size.pd >= 1000 || opts.rpmAlways) {
        await sim.clearRequests();
        const rpmFrom = Date.now();
        await sleep(opts.rpmS * 1000);
        const rpmReqs = await sim.requests();
        const minutes = (Date.now() - rpmFrom) / 60_000;
        out.rpm = {
          pagerduty: rpmReqs.filter((r) => r.vendor === 'pagerduty').length / minutes,
          servicenow: rpmReqs.filter((r) => r.vendor === 'servicenow').length / minutes,
          seconds: opts.rpmS,
        };
      }
    }
  } catch (err) {
    out.error = `${err.message}${err.screen ? `\n${err.screen}` : ''}`;
  } finally {
    run.child.write('q');
    await Promise.race([run.exited, sleep(5000)]);
    try {
      run.child.kill();
    } catch {}
  }
  out.serve = out.error || opts.baselineOnly ? undefined : await serveTime(sim, firstLoad);
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

// ---------------------------------------------------------------- first frame vs minimal Ink

async function firstFrameRatio(runs) {
  const minimal = await buildMinimalInk();
  const times = { minimal: [], cockpit: [] };
  for (let i = 0; i < runs; i++) {
    const m = startPty([minimal]);
    times.minimal.push((await m.until((s) => /minimal ink app ready/.test(s), 20_000)) - m.t0);
    m.child.write('q');
    await Promise.race([m.exited, sleep(3000)]);
    const dir = mkdtempSync(join(tmpdir(), 'itops-ff-'));
    const c = startPty([CLI, '--demo', '--speed', '1'], { XDG_STATE_HOME: dir, XDG_CONFIG_HOME: dir });
    times.cockpit.push((await c.until(allPanels, 20_000)) - c.t0);
    c.child.write('q');
    await Promise.race([c.exited, sleep(5000)]);
    rmSync(dir, { recursive: true, force: true });
  }
  return { minimal: pct(times.minimal, 50), cockpit: pct(times.cockpit, 50) };
}

// ---------------------------------------------------------------- report

const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : 'n/a');
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const verdict = (v, budget) => (Number.isFinite(v) && v <= budget ? 'ok' : 'OVER');

function keyLine(name, samples, misses) {
  const valid = samples.filter(Number.isFinite);
  const p95 = pct(valid, 95);
  const p99 = pct(valid, 99);
  const missed = samples.length - valid.length;
  // A miss (no expected change within the timeout) is worse than any sample: it fails the budget.
  const fine = missed === 0 && p95 <= SCALE_BUDGET.keyP95Ms && p99 <= SCALE_BUDGET.keyP99Ms;
  return {
    over: !fine,
    text:
      `    ${name.padEnd(28)} n=${String(samples.length).padStart(3)}  p50 ${ms(pct(valid, 50)).padStart(8)}  p95 ${ms(p95).padStart(8)}  p99 ${ms(p99).padStart(8)}` +
      `  budget p95 ≤ ${SCALE_BUDGET.keyP95Ms}, p99 ≤ ${SCALE_BUDGET.keyP99Ms}  ${fine ? 'ok' : 'OVER'}` +
      (missed ? `  (${missed} missed: ${[...new Set(misses)].join('; ')})` : ''),
  };
}

function report(r, base, log) {
  const records = r.expected - base.expected;
  const perRecord = (v, b) => (records > 0 ? `${Math.round((v - b) / records)} B` : 'n/a');
  const lines = [];
  let over = false;
  const add = (text, isOver) => {
    lines.push(text);
    if (isOver) over = true;
  };
  add(`  ── ${r.size.label}: ${r.expected} open incidents on screen expected`);
  if (r.error) {
    add(`    FAILED: ${r.error}`, true);
    for (const l of lines) log(l);
    return over;
  }
  if (r.loadProblems.length > 0)
    add(`    first load INCOMPLETE: ${[...new Set(r.loadProblems)].join(' | ')}`, true);
  const ratio = r.loadedMs / r.serve.ms; // NaN when the load did not finish: OVER
  add(
    `    first load (spawn → all ${r.expected} in the list)  ${ms(r.loadedMs)}  (first frame ${ms(r.firstFrameMs)}, first rows ${ms(r.firstRowsMs)}); ` +
      `simulators serve the same ${r.serve.requests} GETs in ${ms(r.serve.ms)}${r.serve.failed ? ` (${r.serve.failed} failed)` : ''}: ` +
      `${ratio.toFixed(1)}×  budget ≤ ${SCALE_BUDGET.loadRatio}×  ${verdict(ratio, SCALE_BUDGET.loadRatio)}`,
    !(ratio <= SCALE_BUDGET.loadRatio),
  );
  for (const [name, samples, misses] of [
    ['cursor (quiet)', r.quiet.cursor, r.quiet.misses.filter((m) => m.startsWith('cursor'))],
    ['panel switch (quiet)', r.quiet.panel, r.quiet.misses.filter((m) => m.startsWith('panel'))],
    ['cursor (poll in flight)', r.busy.cursor, r.busy.misses.filter((m) => m.startsWith('cursor'))],
    ['panel switch (poll in flight)', r.busy.panel, r.busy.misses.filter((m) => m.startsWith('panel'))],
  ]) {
    const k = keyLine(name, samples, misses);
    add(k.text, k.over);
  }
  const pollStall = Math.max(...r.busy.windows.map((w) => w.stall));
  add(
    `    longest event-loop stall     during polls ${ms(pollStall)}, idle ${ms(r.stallsIdle)}, whole run after load ${ms(r.stallsOverall)} ` +
      `(first load: ${ms(r.stallsFirstLoad)}, not budgeted)  budget ≤ ${SCALE_BUDGET.stallMs} ms  ${verdict(Math.max(pollStall, r.stallsIdle), SCALE_BUDGET.stallMs)}`,
    !(Math.max(pollStall, r.stallsIdle) <= SCALE_BUDGET.stallMs),
  );
  add(
    `    forced polls                 ${r.busy.windows.map((w) => `${w.requests} requests over ${ms(w.ms)}`).join('; ')}`,
  );
  add(
    `    steady CPU, ${r.idleSeconds} s, no change   ${r.idleCpuPct.toFixed(1)} %  (${r.idleRequests} requests meanwhile)  budget ≤ ${SCALE_BUDGET.idleCpuPct} %  ${verdict(r.idleCpuPct, SCALE_BUDGET.idleCpuPct)}`,
    !(r.idleCpuPct <= SCALE_BUDGET.idleCpuPct),
  );
  add(
    `    RSS                          ${mib(r.rss)}  (heap ${mib(r.heapUsed)}); per record over the ${base.expected}-record baseline: ` +
      `${perRecord(r.rss, base.rss)} RSS, ${perRecord(r.heapUsed, base.heapUsed)} heap` +
      `  budget ≤ ${SCALE_BUDGET.rssMiB} MiB  ${verdict(r.rss / 2 ** 20, SCALE_BUDGET.rssMiB)}`,
    !(r.rss / 2 ** 20 <= SCALE_BUDGET.rssMiB),
  );
  if (r.rpm)
    add(
      `    requests a minute            PagerDuty ${r.rpm.pagerduty.toFixed(0)} (its limit 960), ServiceNow ${r.rpm.servicenow.toFixed(0)}  (over ${r.rpm.seconds} s)`,
    );
  for (const l of lines) log(l);
  return over;
}

export async function runScale(sizes, opts = {}) {
  const o = {
    idleS: Number(process.env.BENCH_IDLE_S ?? 20),
    rpmAlways: process.env.BENCH_RPM_S !== undefined,
    rpmS: Number(process.env.BENCH_RPM_S ?? 60),
    keys: Number(process.env.BENCH_SCALE_KEYS ?? 60),
    switches: Number(process.env.BENCH_SWITCHES ?? 20),
    polls: Number(process.env.BENCH_POLLS ?? 3),
    keyTimeoutMs: 10_000,
    loadTimeoutMs: Number(process.env.BENCH_LOAD_TIMEOUT_S ?? 300) * 1000,
    ...opts,
  };
  const log = (s) => console.log(s);
  await buildScaleSim();
  log(
    `itops-tui scale bench (node ${process.versions.node}, ${COLS}×${ROWS} PTY, sizes ${sizes.map((s) => s.label).join(', ')})`,
  );
  const ff = await firstFrameRatio(Number(process.env.BENCH_FF_RUNS ?? 5));
  const ffRatio = ff.cockpit / ff.minimal;
  let over = !(ffRatio <= SCALE_BUDGET.firstFrameRatio);
  log(
    `  first frame (demo) ${ms(ff.cockpit)} vs minimal Ink app bundled the same way ${ms(ff.minimal)}: ${ffRatio.toFixed(2)}×  budget ≤ ${SCALE_BUDGET.firstFrameRatio}×  ${verdict(ffRatio, SCALE_BUDGET.firstFrameRatio)}`,
  );
  // Bytes per record are measured against the cockpit with (almost) nothing loaded.
  const base = await measureSize({ label: 'baseline', sn: 0, pd: 0 }, { ...o, baselineOnly: true }, log);
  if (base.error) throw new Error(`bench: the baseline run failed: ${base.error}`);
  log(`  baseline: ${base.expected} records, RSS ${mib(base.rss)}, heap ${mib(base.heapUsed)}`);
  for (const size of sizes) {
    const r = await measureSize(size, o, log);
    if (report(r, base, log)) over = true;
  }
  return { over };
}

// ---------------------------------------------------------------- endpoint fleet (issue 12)

export const HOSTS_BUDGET = { keyP95Ms: 50, rssMiB: 300, deltaRequests: 6 };

/** The focused panel's row marker "║ ▶ name …": its line, column and first word (the host name). */
function selectedRow(t) {
  const lines = t.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /[║│|] [▶>] (\S+)/.exec(lines[i]);
    if (m) return { line: i, col: m.index + 4, key: m[1], lines };
  }
  return undefined;
}
const wordAt = (line, col) => /^\S+/.exec((line ?? '').slice(col))?.[0];

/** As cursorMove, for a list whose rows start with a name (hosts): the marker on the next row. */
async function rowMove(run, i, timeoutMs) {
  const before = selectedRow(run.text());
  if (!before) return { ms: Number.NaN, why: 'no selected row on screen' };
  const down = i % 2 === 0;
  const target = wordAt(before.lines[before.line + (down ? 1 : -1)], before.col);
  const t = performance.now();
  run.child.write(down ? 'j' : 'k');
  const ok = (s) => {
    const now = selectedRow(s);
    if (!now || now.key === before.key) return false;
    if (target && now.key === target) return true;
    return wordAt(now.lines[now.line + (down ? -1 : 1)], now.col) === before.key;
  };
  try {
    return { ms: (await run.until(ok, timeoutMs)) - t };
  } catch {
    return { ms: Number.NaN, why: 'marker did not move to the expected row' };
  }
}

/** "412/100000 hosts" in the compliance summary: hosts counted. */
function hostsShown(t) {
  const m = /(\d[\d,]*)\/(\d[\d,]*) hosts/.exec(t);
  return m ? Number(m[2].replace(/,/g, '')) : undefined;
}

/** Keys (cursor moves) from now until the connector's requests have been quiet for 1 s, then 8 more. */
async function keysThroughPoll(run, sim, opts, startedAt) {
  const samples = [];
  const misses = [];
  let quietSince = 0;
  let after = 0;
  for (let i = 0; performance.now() - startedAt < opts.pollWindowMs; i++) {
    const r = await rowMove(run, i, opts.keyTimeoutMs);
    samples.push(r.ms);
    if (r.why) misses.push(r.why);
    const reqs = await sim.requests();
    const lastEnd = reqs.reduce((m, x) => Math.max(m, x.end), 0);
    if (reqs.length > 0 && Date.now() - lastEnd > 1000) quietSince ||= Date.now();
    if (quietSince && ++after >= 8) break;
    await sleep(30);
  }
  return { samples, misses };
}

/**
 * 100,000 hosts (issue 12's done-when): the CLI against an out-of-process CrowdStrike simulator.
 * First load (time, requests), a scheduled poll after 10 hosts change (requests), keys while
 * browsing the non-compliant list and while polls are in flight, stalls, and the whole
 * process's RSS (VmRSS counts every connector worker: they are threads of it).
 */
export async function runHosts(hosts, opts = {}) {
  const o = {
    keys: Number(process.env.BENCH_SCALE_KEYS ?? 60),
    keyTimeoutMs: 10_000,
    loadTimeoutMs: Number(process.env.BENCH_LOAD_TIMEOUT_S ?? 300) * 1000,
    pollSeconds: Number(process.env.BENCH_HOSTS_POLL_S ?? 30),
    pollWindowMs: 120_000,
    ...opts,
  };
  const log = (s) => console.log(s);
  await buildScaleSim();
  log(`itops-tui endpoint fleet bench (node ${process.versions.node}, ${COLS}×${ROWS} PTY, ${hosts} hosts)`);
  const simBundle = join(CACHE, 'scale-sim.mjs');
  const proc = spawn(process.execPath, [simBundle, '--vendor', 'crowdstrike', '--cs', String(hosts)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    proc.once('exit', (code) => reject(new Error(`bench: the CrowdStrike simulator exited (${code})`)));
  });
  log(
    `    simulator up in ${(info.startMs / 1000).toFixed(1)} s (pid ${info.pid}), ${info.crowdstrike.hosts} hosts`,
  );
  const agent = new Agent({ keepAlive: false });
  const call = (method, path) =>
    new Promise((resolve, reject) => {
      const req = request(`${info.control}${path}`, { method, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      req.end();
    });
  const sim = {
    requests: async () => JSON.parse(await call('GET', '/requests')),
    clear: () => call('POST', '/requests/clear'),
  };
  const dir = mkdtempSync(join(tmpdir(), 'itops-hosts-'));
  const stallFile = join(dir, 'stalls.jsonl');
  const config = join(dir, 'itops.yml');
  writeFileSync(
    config,
    [
      'connectors:',
      '  falcon-scale:',
      '    plugin: crowdstrike',
      `    baseUrl: ${info.crowdstrike.url}`,
      `    clientId: ${info.crowdstrike.clientId}`,
      '    clientSecret: {env: BENCH_CS_SECRET}',
      `    pollSeconds: {hosts: ${o.pollSeconds}}`,
      // Past the default cap of 50,000 records per stream, as a user with this fleet would set it.
      'plugins:',
      `  maxRecordsPerStream: ${Math.max(50_000, hosts)}`,
      // A whole-fleet read on a busy 2-core box can outlast the default 180 s; a timed-out first
      // load starts over and its requests would be counted twice.
      '  readTimeoutSeconds: 900',
      '',
    ].join('\n'),
  );
  const out = { hosts: info.crowdstrike.hosts };
  await sim.clear();
  const run = startPty([CLI, '--config', config], {
    XDG_STATE_HOME: dir,
    XDG_CONFIG_HOME: dir,
    ITOPS_DEBUG_STALLS: stallFile,
    BENCH_CS_SECRET: info.crowdstrike.clientSecret,
  });
  const wallStart = Date.now();
  try {
    out.firstFrameMs = (await run.until(allPanels, 30_000)) - run.t0;
    // Only the focused panel is open; the compliance panel's summary counts the hosts.
    const n = Number(/^\s*(\d) Endpoint compliance/m.exec(run.text())?.[1] ?? 3);
    await focusPanel(run, n);
    out.loadedMs = (await run.until((s) => hostsShown(s) === out.hosts, o.loadTimeoutMs)) - run.t0;
    const loadedWall = Date.now();
    await sleep(1000);
    const loadReqs = (await sim.requests()).filter((r) => r.end <= loadedWall);
    out.firstLoadRequests = loadReqs.length;
    out.firstLoadByPath = countBy(loadReqs.map((r) => r.url.split('?')[0]));
    out.stallFirstLoad = longestStall(readStalls(stallFile), wallStart, loadedWall);

    // Browsing: move through the compliance panel's non-compliant hosts.
    const browse = { samples: [], misses: [] };
    const browseFrom = Date.now();
    for (let i = 0; i < o.keys; i++) {
      const r = await rowMove(run, i, o.keyTimeoutMs);
      browse.samples.push(r.ms);
      if (r.why) browse.misses.push(r.why);
      await sleep(30);
    }
    out.browse = browse;
    out.stallBrowse = longestStall(readStalls(stallFile), browseFrom, Date.now());
    out.rssIdle = rssBytes(run.child.pid);

    // A scheduled poll after 10 hosts changed: only those should travel (and be re-judged).
    await sim.clear();
    await call('POST', '/touch?n=10');
    const deltaFrom = Date.now();
    // Wait for the poll to begin (its interval), then keep pressing keys until it is over.
    const pollDeadline = performance.now() + (o.pollSeconds + 30) * 1000;
    while ((await sim.requests()).length === 0 && performance.now() < pollDeadline) await sleep(200);
    const delta = await keysThroughPoll(run, sim, o, performance.now());
    const deltaReqs = await sim.requests();
    out.delta = {
      ...delta,
      requests: deltaReqs.length,
      byPath: countBy(deltaReqs.map((r) => r.url.split('?')[0])),
      stall: longestStall(readStalls(stallFile), deltaFrom, Date.now()),
    };

    // A full re-read (r): every host travels again, the heaviest poll a user can cause.
    await sim.clear();
    const fullFrom = Date.now();
    const pressed = performance.now();
    run.child.write('r');
    const full = await keysThroughPoll(run, sim, o, pressed);
    const fullReqs = await sim.requests();
    await sleep(1500);
    out.full = {
      ...full,
      requests: fullReqs.length,
      ms: fullReqs.length ? Math.max(...fullReqs.map((x) => x.end)) - fullFrom : 0,
      stall: longestStall(readStalls(stallFile), fullFrom, Date.now()),
    };
    out.rssPeak = Math.max(out.rssIdle, rssBytes(run.child.pid));
    out.rssAfter = rssBytes(run.child.pid);
  } catch (err) {
    out.error = `${err.message}${err.screen ? `\n${err.screen}` : ''}`;
  } finally {
    run.child.write('q');
    await Promise.race([run.exited, sleep(5000)]);
    try {
      run.child.kill();
    } catch {}
    agent.destroy();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
  return { over: reportHosts(out, log) };
}

function countBy(xs) {
  const m = new Map();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, v]) => `${k} ${v}`).join(', ');
}

function reportHosts(r, log) {
  let over = false;
  const add = (text, isOver = false) => {
    log(text);
    if (isOver) over = true;
  };
  add(`  ── ${r.hosts} hosts`);
  if (r.error) {
    add(`    FAILED: ${r.error}`, true);
    return over;
  }
  add(
    `    first load (spawn → ${r.hosts} hosts counted)  ${ms(r.loadedMs)}  (first frame ${ms(r.firstFrameMs)}), ${r.firstLoadRequests} requests; longest stall ${ms(r.stallFirstLoad)} (not budgeted)`,
  );
  add(`      ${r.firstLoadByPath}`);
  const deltaOk = r.delta.requests > 0 && r.delta.requests <= HOSTS_BUDGET.deltaRequests;
  add(
    `    scheduled poll after 10 host changes  ${r.delta.requests} requests  budget 1–${HOSTS_BUDGET.deltaRequests}  ${deltaOk ? 'ok' : 'OVER'}`,
    !deltaOk,
  );
  add(`      ${r.delta.byPath}`);
  add(`    full re-read (r)             ${r.full.requests} requests over ${ms(r.full.ms)}`);
  for (const [name, k, budgeted] of [
    ['keys browsing hosts', r.browse, true],
    ['keys during the delta poll', r.delta, true],
    ['keys during the full re-read', r.full, false],
  ]) {
    const valid = k.samples.filter(Number.isFinite);
    const p95 = pct(valid, 95);
    const missed = k.samples.length - valid.length;
    const fine = missed === 0 && p95 <= HOSTS_BUDGET.keyP95Ms;
    add(
      `    ${name.padEnd(28)} n=${String(k.samples.length).padStart(3)}  p50 ${ms(pct(valid, 50)).padStart(8)}  p95 ${ms(p95).padStart(8)}  p99 ${ms(pct(valid, 99)).padStart(8)}` +
        `  ${budgeted ? `budget p95 ≤ ${HOSTS_BUDGET.keyP95Ms}  ${fine ? 'ok' : 'OVER'}` : '(not budgeted)'}` +
        (missed ? `  (${missed} missed: ${[...new Set(k.misses)].join('; ')})` : ''),
      budgeted && !fine,
    );
  }
  add(
    `    longest event-loop stall     browsing ${ms(r.stallBrowse)}, delta poll ${ms(r.delta.stall)}, full re-read ${ms(r.full.stall)}`,
  );
  const rssMiB = r.rssPeak / 2 ** 20;
  add(
    `    RSS, whole process (workers included)  ${mib(r.rssIdle)} after load, ${mib(r.rssAfter)} after a full re-read  budget ≤ ${HOSTS_BUDGET.rssMiB} MiB  ${verdict(rssMiB, HOSTS_BUDGET.rssMiB)}`,
    !(rssMiB <= HOSTS_BUDGET.rssMiB),
  );
  return over;
}
