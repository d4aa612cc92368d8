// The soak scenario of `npm run bench -- --soak 24h` (issue 14): `itops-tui wall --demo` in a
// 200×50 PTY on an accelerated clock, long enough for the demo world to live through the given
// simulated time, with the vendor simulators failing and recovering in turn (faults over their
// /__sim/faults control endpoint). It reports, from the CLI's own ITOPS_DEBUG_STALLS samples,
// heap (after a full GC), RSS, live handles, timers and listeners at the start and the end
// (flat = pass), CPU while nothing fails, bytes written per minute, and what each redraw costs
// against the least a terminal needs for the change: the changed cells plus a cursor move per
// changed line (budget 2×). Every wait is for screen text; real time is only the soak's length.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist/cli.js');
const COLS = 200;
const ROWS = 50;
export const SOAK_BUDGET = {
  /** Heap after GC may end at most this much above where it started (MiB). */
  heapGrowthMiB: 8,
  /** Live handles, timers and listeners may end at most this many above the start (a poll in flight). */
  handleGrowth: 4,
  /** Bytes written per redraw ÷ (changed cells + a cursor move per changed line). */
  bytesRatio: 2,
  idleCpuPct: 5,
};

const { CI: _ci, CONTINUOUS_INTEGRATION: _cci, ...baseEnv } = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** "24h", "90m", "2d", "3600" (seconds) → simulated seconds. */
export function parseSoak(spec) {
  const m = String(spec ?? '').match(/^(\d+(?:\.\d+)?)([smhd]?)$/);
  if (!m) throw new Error(`bench: --soak expects a simulated time like 24h, 90m or 2d; got "${spec}"`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2]];
  return Number(m[1]) * unit;
}

function start(speed, stalls) {
  const stateDir = mkdtempSync(join(tmpdir(), 'itops-soak-'));
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const child = pty.spawn(
    process.execPath,
    ['--expose-gc', CLI, 'wall', '--demo', '--speed', String(speed), '--rotate', '10s'],
    {
      name: 'xterm-256color',
      cols: COLS,
      rows: ROWS,
      cwd: stateDir,
      env: {
        ...baseEnv,
        TERM: 'xterm-256color',
        LANG: 'C.UTF-8',
        XDG_STATE_HOME: stateDir,
        XDG_CONFIG_HOME: stateDir,
        ITOPS_DEBUG_STALLS: stalls,
      },
    },
  );
  const lines = () => {
    const buf = term.buffer.active;
    const out = [];
    for (let y = 0; y < ROWS; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(false) ?? '');
    return out;
  };
  const text = () =>
    lines()
      .map((l) => l.trimEnd())
      .join('\n');
  // Each chunk the program wrote, with what it changed on the screen.
  const writes = { bytes: 0, chunks: 0, minimal: 0, oneLine: [], since: performance.now() };
  let previous = lines();
  const waiters = new Set();
  child.onData((d) => {
    const size = Buffer.byteLength(d);
    term.write(d, () => {
      const now = lines();
      let minimal = 0;
      let changed = 0;
      for (let y = 0; y < ROWS; y++) {
        const a = previous[y] ?? '';
        const b = now[y] ?? '';
        if (a === b) continue;
        changed++;
        let first = 0;
        while (first < b.length && a[first] === b[first]) first++;
        let last = b.length - 1;
        let lastA = a.length - 1;
        while (last > first && lastA >= first && a[lastA] === b[last]) {
          last--;
          lastA--;
        }
        // The cells that changed, and a cursor move to the first of them: ESC [ row ; col H.
        minimal += Buffer.byteLength(b.slice(first, last + 1)) + `\x1b[${y + 1};${first + 1}H`.length;
      }
      previous = now;
      writes.bytes += size;
      writes.chunks++;
      writes.minimal += minimal;
      if (changed === 1 && minimal > 0) writes.oneLine.push(size / minimal);
      for (const w of [...waiters]) w();
    });
  });
  const until = (pred, what, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`soak: timed out waiting for ${what}; screen:\n${text()}`));
      }, timeoutMs);
      const check = () => {
        if (pred(text())) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    });
  const exited = new Promise((r) => child.onExit(r));
  return { child, until, text, writes, exited, stateDir };
}

function samples(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** CPU seconds (user + system) the process has used, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function faults(url, method, body) {
  const res = await fetch(`${url}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`soak: ${method} ${url}/__sim/faults answered ${res.status}`);
}

const sum = (o) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);
const mib = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Run the soak for `simSeconds` of demo time in about `realSeconds`; returns whether it passed. */
export async function runSoak(simSeconds, realSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 150)) {
  const speed = Math.max(1, Math.ceil(simSeconds / realSeconds));
  const stalls = join(mkdtempSync(join(tmpdir(), 'itops-soak-stalls-')), 'stalls.jsonl');
  const run = start(speed, stalls);
  const t0 = performance.now();
  const lines = [];
  const say = (l) => {
    lines.push(l);
    console.log(l);
  };
  say(
    `itops-tui soak: wall --demo at --speed ${speed}, ${(simSeconds / 3600).toFixed(1)} simulated hours in ~${realSeconds}s, ${COLS}×${ROWS} PTY`,
  );
  await run.until(
    (t) =>
      /open incidents/.test(t) &&
      /policies covered/.test(t) &&
      /compliant/.test(t) &&
      !/waiting for the first/.test(t),
    'every tile to have data',
  );
  const demo = JSON.parse(readFileSync(join(run.stateDir, 'itops', 'demo.json'), 'utf8'));
  // Outages in turn on each vendor's main listing; each must show and then clear by itself.
  const vendors = [
    { name: 'pd-demo', url: demo.pagerduty.url, path: '/incidents' },
    { name: 'sn-demo', url: demo.servicenow.url, path: '/api/now/table/incident' },
    { name: 'falcon-demo', url: demo.crowdstrike.url, path: '/devices' },
  ];
  const outages = [];
  const cycle = async (v) => {
    const began = performance.now();
    await faults(v.url, 'POST', { path: v.path, status: 503 });
    await run.until((t) => t.includes(`OUTAGE ${v.name}`), `the ${v.name} outage line`);
    await sleep(6_000);
    await faults(v.url, 'DELETE');
    await run.until(
      (t) => !t.includes(`OUTAGE ${v.name}`) && !t.includes('STALE'),
      `${v.name} to recover`,
      120_000,
    );
    outages.push({ name: v.name, s: (performance.now() - began) / 1000 });
  };
  // The first round creates everything a run keeps (sockets, tokens, caches): start measuring after it.
  for (const v of vendors) await cycle(v);
  const first = samples(stalls)
    .filter((s) => s.afterGc)
    .at(-1);
  const deadline = t0 + realSeconds * 1000 - 20_000;
  for (let i = 0; performance.now() < deadline; i++) await cycle(vendors[i % vendors.length]);

  // Nothing failing now: CPU and bytes over a quiet window.
  await sleep(3_000);
  const quietFrom = { cpu: cpuSeconds(run.child.pid), t: performance.now(), bytes: run.writes.bytes };
  await sleep(12_000);
  const quiet = {
    cpuPct: ((cpuSeconds(run.child.pid) - quietFrom.cpu) / ((performance.now() - quietFrom.t) / 1000)) * 100,
    bytesPerMin: ((run.writes.bytes - quietFrom.bytes) / (performance.now() - quietFrom.t)) * 60_000,
  };
  // Wait for the next post-GC sample so the end is measured the way the start was.
  const seen = samples(stalls).length;
  await run.until(
    () =>
      samples(stalls)
        .slice(seen)
        .some((s) => s.afterGc),
    'a sample after GC',
    30_000,
  );
  const last = samples(stalls)
    .filter((s) => s.afterGc)
    .at(-1);
  const elapsed = (performance.now() - t0) / 1000;
  run.child.write('q');
  await run.exited;

  // The same wall at real speed, as it runs on a TV: idle CPU, bytes a minute, bytes per change.
  const calm = start(1, join(mkdtempSync(join(tmpdir(), 'itops-soak-stalls-')), 'calm.jsonl'));
  await calm.until(
    (t) => /open incidents/.test(t) && !/waiting for the first/.test(t),
    'the calm wall to have data',
  );
  await sleep(5_000);
  const calmFrom = {
    cpu: cpuSeconds(calm.child.pid),
    t: performance.now(),
    bytes: calm.writes.bytes,
    minimal: calm.writes.minimal,
    one: calm.writes.oneLine.length,
  };
  await sleep(20_000);
  const calmS = (performance.now() - calmFrom.t) / 1000;
  const real = {
    cpuPct: ((cpuSeconds(calm.child.pid) - calmFrom.cpu) / calmS) * 100,
    bytesPerMin: ((calm.writes.bytes - calmFrom.bytes) / calmS) * 60,
    ratio: (calm.writes.bytes - calmFrom.bytes) / Math.max(1, calm.writes.minimal - calmFrom.minimal),
    one: calm.writes.oneLine.slice(calmFrom.one),
  };
  calm.child.write('q');
  await calm.exited;

  const growth = {
    heap: last.heapUsed - first.heapUsed,
    handles: sum(last.resources) - sum(first.resources),
    timers: (last.resources.Timeout ?? 0) - (first.resources.Timeout ?? 0),
    listeners: last.listeners - first.listeners,
  };
  const ratio = run.writes.bytes / Math.max(1, run.writes.minimal);
  const ok = (pass) => (pass ? 'ok  ' : 'OVER');
  const res = (s) =>
    Object.entries(s.resources)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  say(
    `  simulated            ${((elapsed * speed) / 3600).toFixed(1)} h in ${elapsed.toFixed(0)} s real; ${outages.length} outages, each shown and recovered by itself (${outages.map((o) => `${o.name} ${o.s.toFixed(0)}s`).join(', ')})`,
  );
  say(
    `  heap after GC        start ${mib(first.heapUsed)}  end ${mib(last.heapUsed)}  growth ${mib(growth.heap)}  budget ${SOAK_BUDGET.heapGrowthMiB} MiB  ${ok(growth.heap <= SOAK_BUDGET.heapGrowthMiB * 1024 * 1024)}`,
  );
  say(`  RSS                  start ${mib(first.rss)}  end ${mib(last.rss)}`);
  say(`  handles              start ${sum(first.resources)} (${res(first)})`);
  say(
    `                       end   ${sum(last.resources)} (${res(last)})  ${ok(growth.handles <= SOAK_BUDGET.handleGrowth)}`,
  );
  say(
    `  timers               start ${first.resources.Timeout ?? 0}  end ${last.resources.Timeout ?? 0}  ${ok(growth.timers <= SOAK_BUDGET.handleGrowth)}`,
  );
  say(`  listeners            start ${first.listeners}  end ${last.listeners}  ${ok(growth.listeners <= 0)}`);
  say(
    `  CPU, nothing failing ${quiet.cpuPct.toFixed(1)} % at --speed ${speed} (simulators in process); ${real.cpuPct.toFixed(1)} % at --speed 1  budget ${SOAK_BUDGET.idleCpuPct} %  ${ok(real.cpuPct <= SOAK_BUDGET.idleCpuPct)}`,
  );
  say(
    `  at --speed 1         ${(real.bytesPerMin / 1024).toFixed(1)} KiB/min written; ${real.ratio.toFixed(2)}× the changed cells + cursor moves; one-line changes (${real.one.length}): p50 ${pct(real.one, 50).toFixed(2)}×`,
  );
  say(
    `  bytes written        ${(quiet.bytesPerMin / 1024).toFixed(1)} KiB/min while nothing fails; ${(run.writes.bytes / 1024 / (elapsed / 60)).toFixed(1)} KiB/min over the soak`,
  );
  const one = run.writes.oneLine;
  say(
    `  bytes per change     ${ratio.toFixed(2)}× the changed cells + cursor moves over ${run.writes.chunks} writes; one-line changes (${one.length}): p50 ${pct(one, 50).toFixed(2)}×  p95 ${pct(one, 95).toFixed(2)}×  budget ${SOAK_BUDGET.bytesRatio}×  ${ok(pct(one, 50) <= SOAK_BUDGET.bytesRatio)}`,
  );
  const over =
    growth.heap > SOAK_BUDGET.heapGrowthMiB * 1024 * 1024 ||
    growth.handles > SOAK_BUDGET.handleGrowth ||
    growth.timers > SOAK_BUDGET.handleGrowth ||
    growth.listeners > 0 ||
    real.cpuPct > SOAK_BUDGET.idleCpuPct ||
    !(pct(one, 50) <= SOAK_BUDGET.bytesRatio);
  return { over, lines };
}
