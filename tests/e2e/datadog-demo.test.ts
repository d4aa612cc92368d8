/**
 * The demo in a pseudo-terminal at 80×24 shows Datadog data from its simulator: the queue's
 * headline counts the alerting monitors, Datadog incidents join the queue, and SLA risk lists
 * objectives by time to budget exhaustion beside the other vendors' clocks, with both of its
 * parts (breached, not breached yet) on the first screen.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

describe('Datadog in the demo', () => {
  it('counts alerting monitors in the queue and shows SLO budgets in SLA risk at 80×24', async () => {
    session = spawnCli(['--demo'], { cols: 80, rows: 24 });
    const s = session;
    await s.waitFor((t) => /\d+ monitors? alerting/.test(t), 'alerting monitors in the queue headline');
    await s.waitFor((t) => /IR-\d+/.test(t), 'a Datadog incident in the queue');
    s.write('4');
    await s.waitFor((t) => /▶ 4 SLA risk/.test(t) && /Breached \(\d+\)/.test(t), 'the SLA risk panel, split');
    await s.waitFor((t) => /Not breached yet \(\d+\), \d+ at risk/.test(t), 'the not-yet-breached part');
    // Objectives whose budget runs out at the current burn are rows of their own, with the burn as
    // their reason. Where they sit depends on the moving world: walk the list until one is on screen.
    const slo = /SLO +budget +[▲●✖] .*\d× burn/;
    for (let i = 0; i < 120 && !slo.test(s.text()); i++) {
      const before = s.text();
      s.write('j');
      await s.waitFor((t) => t !== before, 'the selection to move').catch(() => undefined);
    }
    if (!slo.test(s.text())) console.log(s.text());
    expect(s.text()).toMatch(slo);
  }, 120_000);
});
