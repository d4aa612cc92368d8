/**
 * The PagerDuty timeline (issue 15) over real HTTP against the simulator: what the cockpit
 * did to an incident (acknowledge, note) comes back in its timeline, newest first, with who.
 */

import { setupPlugin } from 'itops-tui/testing';
import { afterEach, describe, expect, it } from 'vitest';
import pagerduty from '../../plugins/pagerduty/index.js';
import { createWorld, ManualClock, type Simulators, startSimulators } from '../../src/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function connect() {
  const clock = new ManualClock();
  const world = createWorld({ seed: 7, clock });
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
    { instance: 'pd-sim', now: () => s.clock.now(), host: true },
  );
  return { connector, s, clock };
}

const signal = () => AbortSignal.timeout(15_000);

describe('pagerduty timeline against the simulator', () => {
  it('shows the acknowledgement and the note made through the connector, newest first', async () => {
    const { connector, s, clock } = await connect();
    const inc = (await connector.listIncidents(signal())).find((i) => i.status === 'triggered')!;
    const before = await connector.timeline(inc, signal());
    expect(before.some((e) => e.kind === 'status' && /trigger/i.test(e.text))).toBe(true);
    expect(before.some((e) => /acknowledg/i.test(e.text))).toBe(false);

    clock.advance(60_000);
    await connector.acknowledge(inc, signal());
    clock.advance(60_000);
    await connector.addNote(inc, 'Rolled back deploy 4711 🚀', signal());
    const after = await connector.timeline(inc, signal());

    // Newest first: the note, then the acknowledgement, then older history.
    const times = after.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(after[0]).toMatchObject({ kind: 'note', text: 'Rolled back deploy 4711 🚀' });
    const ack = after.find((e) => e.kind === 'status' && /acknowledg/i.test(e.text));
    expect(ack).toBeDefined();
    // Attributed to the person the writes were sent "From".
    const me = s.world.users.find((u) => u.email === s.pagerduty.fromEmail)!;
    expect(ack?.who).toBe(me.name);
    // The note is shown once (its annotate log entry is not repeated).
    expect(after.filter((e) => e.text.includes('4711'))).toHaveLength(1);
    const paths = s.pagerduty.server.requests.map((r) => r.path);
    expect(paths).toContain(`/incidents/${inc.id}/log_entries`);
    expect(paths).toContain(`/incidents/${inc.id}/notes`);
  });

  it('reports an incident the vendor does not know as an error, not an empty history', async () => {
    const { connector } = await connect();
    const inc = (await connector.listIncidents(signal()))[0]!;
    await expect(connector.timeline({ ...inc, id: 'PNOSUCH' }, signal())).rejects.toThrow();
  });
});
