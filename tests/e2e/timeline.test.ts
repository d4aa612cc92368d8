/**
 * Issue 15 in a real pseudo-terminal at 80×24 against the demo simulators: open a triggered
 * PagerDuty incident's detail, see its timeline (the trigger), acknowledge it from there, and
 * see the acknowledgement appear at the top of its timeline.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, selectTriggeredIncident, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('incident timeline in a pseudo-terminal', () => {
  it('shows the acknowledgement made through the cockpit in the incident timeline', async () => {
    session = spawnCli(['--demo'], { cols: 80, rows: 24 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /triggered|TRIG/i.test(t), 'PagerDuty incidents', 30_000);
    const n = await selectTriggeredIncident(s);
    s.write('\r');
    await s.waitFor((t) => t.includes(`Incident #${n}`), 'the incident detail');
    const before = await s.waitFor((t) => /Timeline · \d+ entr/.test(t), 'the timeline read');
    expect(before).not.toMatch(/state +.*Acknowledged by/);
    s.write('a');
    await s.waitFor((t) => new RegExp(`Acknowledge #${n}`).test(t) && /\[y\]/.test(t), 'the confirmation');
    s.write('y');
    const after = await s.waitFor(
      (t) => /state +.*Acknowledged by/.test(t),
      'the acknowledgement in the timeline',
      30_000,
    );
    const lines = after.split('\n');
    const head = lines.findIndex((l) => /Timeline · \d+ entr/.test(l));
    // Newest first: the acknowledgement is the first entry under the heading.
    expect(lines[head + 1]).toMatch(/state +.*Acknowledged by/);
    expect(lines.length).toBeLessThanOrEqual(24);
  }, 90_000);
});
