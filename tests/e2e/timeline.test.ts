/**
 * Issue 15 in a real pseudo-terminal at 80×24 against the demo simulators: open a triggered
 * PagerDuty incident's detail, see its timeline (the trigger), acknowledge it from there, and
 * see the acknowledgement appear at the top of its timeline.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  moveCursor,
  type PtySession,
  selectedRowOf,
  selectTriggeredIncident,
  spawnCli,
} from '../helpers/pty.js';

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

  it('acknowledged from the list, the incident shows it at the top of its timeline when opened', async () => {
    session = spawnCli(['--demo'], { cols: 80, rows: 24 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /triggered|TRIG/i.test(t), 'PagerDuty incidents', 30_000);
    const n = await selectTriggeredIncident(s);
    s.write('a');
    await s.waitFor((t) => new RegExp(`Acknowledge #${n}`).test(t) && /\[y\]/.test(t), 'the confirmation');
    s.write('y');
    await s.waitFor((t) => new RegExp(`Acknowledged #${n}`).test(t), 'the acknowledgement done', 30_000);
    // Find the row again (it may have moved once acknowledged), by keys, and open it. The demo
    // world keeps changing: a row arriving between the look and Enter opens another incident,
    // as it would for a person; then back out and look again.
    let opened = '';
    for (let attempt = 0; attempt < 5 && opened !== `#${n}`; attempt++) {
      if (opened) {
        s.write('\x1b');
        await s.waitFor((t) => !/Incident #\d+/.test(t), 'back to the list');
      }
      s.write('g');
      await s.waitFor((t) => selectedRowOf(t.split('\n')) !== undefined, 'a selected row');
      for (let i = 0; i < 60 && selectedRowOf(s.screen())?.key !== `#${n}`; i++) await moveCursor(s, 'j');
      expect(selectedRowOf(s.screen())?.key).toBe(`#${n}`);
      s.write('\r');
      const detail = await s.waitFor((t) => /Incident #\d+/.test(t), 'an incident detail');
      opened = detail.match(/Incident (#\d+)/)![1]!;
    }
    expect(opened).toBe(`#${n}`);
    const shown = await s.waitFor(
      (t) => /Timeline · \d+ entr/.test(t) && /state +.*Acknowledged by/.test(t),
      'the acknowledgement in the timeline',
      30_000,
    );
    const lines = shown.split('\n');
    const head = lines.findIndex((l) => /Timeline · \d+ entr/.test(l));
    expect(lines[head + 1]).toMatch(/state +.*Acknowledged by/);
  }, 120_000);
});
