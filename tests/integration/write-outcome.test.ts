/**
 * Issue 7, defect 8, end to end below the UI: the PagerDuty simulator applies an escalation
 * but answers after the client gave up. Through the real connector, host port, store and audit
 * file, the write must be shown and audited as `unknown` (never `failed`), and the incident
 * re-read so the screen shows what the vendor did.
 */

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { createAppender } from '../../src/cli/files.js';
import { subjectOf } from '../../src/domain/kinds.js';
import type { Incident } from '../../src/domain/model.js';
import { createConnectorPort } from '../../src/host/connector.js';
import type { Plugin } from '../../src/plugin-api/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';
import type { AuditEntry } from '../../src/store/audit.js';
import { type CockpitStore, createCockpitStore } from '../../src/store/scheduler.js';

let sims: Simulators | undefined;
let store: CockpitStore | undefined;
afterEach(async () => {
  await store?.stop();
  await sims?.close();
  store = undefined;
  sims = undefined;
});

async function cockpit(timing: { httpTimeoutMs: number; writeTimeoutMs: number }) {
  const clock = new ManualClock();
  const world = createWorld({ seed: 7, clock });
  // A high-urgency incident put back on level 1 of a policy whose levels 1 and 2 are different
  // people, so "level 1 → 2" is unambiguous (PagerDuty never escalates low-urgency incidents).
  const chosen = world
    .openIncidents()
    .find(
      (i) => i.urgency === 'high' && ['Payments EP', 'Identity EP'].includes(world.policy(i.policyId).name),
    );
  if (!chosen) throw new Error('seed 7 has no high-urgency Payments or Identity incident');
  world.escalate(chosen.id, 1, { kind: 'user', id: world.users[0]!.id });
  sims = await startSimulators({ world, clock });
  const s = sims;
  const { connector } = await setupPlugin(
    pagerduty,
    {
      plugin: 'pagerduty',
      token: s.pagerduty.token,
      baseUrl: s.pagerduty.url,
      fromEmail: s.pagerduty.fromEmail,
    },
    { instance: 'pd', now: () => s.clock.now(), host: { timeoutMs: timing.httpTimeoutMs } },
  );
  const port = createConnectorPort('pd', pagerduty as unknown as Plugin, connector as never, {
    writeTimeoutMs: timing.writeTimeoutMs,
  });
  const file = join(mkdtempSync(join(tmpdir(), 'itops-audit-')), 'audit.jsonl');
  const append = createAppender(file, { sync: true, regularOnly: true });
  store = createCockpitStore({
    ports: [port],
    clock: { now: () => Date.now() },
    actor: 'ana',
    intervals: { pd: { incidents: 600_000, oncall: 600_000, policies: 600_000, services: 600_000 } },
    audit: (e) => append(JSON.stringify(e)),
  });
  await store.firstLoad();
  const incidents = store.getState().connectors.pd?.streams.incidents?.records as Incident[];
  const inc = incidents.find(
    (i) => i.id === chosen.id && i.status === 'triggered' && i.escalationLevel === 1,
  );
  if (!inc) throw new Error(`the connector does not show ${chosen.id} as triggered at level 1`);
  const auditLines = () =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AuditEntry);
  return { s, store, inc, world, auditLines };
}

const levelOnScreen = (store: CockpitStore, id: string) => {
  const records = (store.getState().connectors.pd?.streams.incidents?.records ?? []) as Incident[];
  return records.find((i) => i.id === id)?.escalationLevel;
};

describe('an escalation PagerDuty applies but answers too late', () => {
  it('got gives up at its request timeout: unknown on screen and in the audit file, then re-read', async () => {
    const { s, store, inc, world, auditLines } = await cockpit({
      httpTimeoutMs: 1_500,
      writeTimeoutMs: 20_000,
    });
    s.pagerduty.server.faults.add({ method: 'PUT', path: '/incidents/', holdResponseMs: 30_000, count: 1 });

    const outcome = await store.runAction({
      action: 'incidents.escalate',
      subject: subjectOf(inc),
      values: { level: 2 },
    });

    expect(world.incident(inc.id).level).toBe(2); // PagerDuty did it
    expect(outcome).toMatchObject({ ok: false, unknown: true });
    expect(outcome.message).toMatch(
      new RegExp(`^Escalate ${inc.key}: no clear answer, so pd may have applied it`),
    );
    expect(outcome.message).toMatch(/ETIMEDOUT/);
    expect(outcome.message).not.toMatch(/failed/i);
    expect(store.getState().toasts.at(-1)).toMatchObject({ level: 'warn', text: outcome.message });

    const lines = auditLines();
    expect(lines.map((l) => l.phase)).toEqual(['intent', 'unknown']);
    expect(lines[0]).toMatchObject({ action: 'incidents.escalate', target: inc.key, level: 2, actor: 'ana' });
    expect(lines[1]).toMatchObject({ id: lines[0]!.id, code: 'OUTCOME_UNKNOWN', message: outcome.message });

    // Re-read without waiting for the 10-minute interval: the screen shows level 2.
    await vi.waitFor(() => expect(levelOnScreen(store, inc.id)).toBe(2), { timeout: 10_000 });
    expect(store.getState().uncertain).toEqual([
      expect.objectContaining({ record: `pd:${inc.id}`, action: 'incidents.escalate', values: { level: 2 } }),
    ]);
  }, 30_000);

  it('the host write deadline fires first: still unknown, never failed', async () => {
    const { s, store, inc, world, auditLines } = await cockpit({
      httpTimeoutMs: 60_000,
      writeTimeoutMs: 2_000,
    });
    s.pagerduty.server.faults.add({ method: 'PUT', path: '/incidents/', holdResponseMs: 30_000, count: 1 });

    const outcome = await store.runAction({
      action: 'incidents.escalate',
      subject: subjectOf(inc),
      values: { level: 2 },
    });

    expect(world.incident(inc.id).level).toBe(2);
    expect(outcome).toMatchObject({ ok: false, unknown: true });
    expect(outcome.message).toMatch(/PagerDuty gave no answer within 2s \(the host's write deadline\)/);
    expect(auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['unknown', 'TIMEOUT'],
    ]);
    await vi.waitFor(() => expect(levelOnScreen(store, inc.id)).toBe(2), { timeout: 10_000 });
  }, 30_000);

  it('a vendor refusal stays failed: a 400 on the PUT', async () => {
    const { s, store, inc, world, auditLines } = await cockpit({
      httpTimeoutMs: 5_000,
      writeTimeoutMs: 20_000,
    });
    s.pagerduty.server.faults.add({ method: 'PUT', path: '/incidents/', status: 400, count: 1 });
    const outcome = await store.runAction({
      action: 'incidents.escalate',
      subject: subjectOf(inc),
      values: { level: 2 },
    });
    expect(world.incident(inc.id).level).toBe(1);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringMatching(/^escalate .* failed: PagerDuty rejected/),
    });
    expect(auditLines().map((l) => [l.phase, l.code])).toEqual([
      ['intent', undefined],
      ['failed', 'INVALID'],
    ]);
  }, 30_000);
});
