/**
 * Issue 7 (5) as the on-call engineer meets it: PagerDuty (or a proxy in front of it)
 * starts answering every page with the same records and "more". One poll must cost
 * a couple of requests, not thousands, and the cockpit must say what is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

const ARMED = 1_000;

describe('a PagerDuty that does not page, in a pseudo-terminal', () => {
  it('shows a connector error and sends at most two requests per poll', async () => {
    session = spawnCli(['--demo', '--speed', '5'], { cols: 120, rows: 30 });
    const s = session;
    await s.waitFor((t) => /#\d+/.test(t) && /triggered/i.test(t), 'incidents from the simulator');
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as {
      pagerduty: { url: string; token: string };
    };
    const pd = demo.pagerduty;
    const headers = {
      authorization: `Token token=${pd.token}`,
      accept: 'application/vnd.pagerduty+json;version=2',
    };
    const page = (await (
      await fetch(`${pd.url}/incidents?limit=100&offset=0`, { headers })
    ).json()) as object;
    const armed = await fetch(`${pd.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pathPattern: '^/incidents(\\?|$)',
        status: 200,
        count: ARMED,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...page, limit: 100, offset: 0, more: true }),
      }),
    });
    expect(armed.ok).toBe(true);

    s.write('r');
    const shown = await s.waitFor(
      (t) => /pd-demo.*: PagerDuty GET \/incidents: the page at offset 100 repeated/.test(t),
      'the paging error on screen',
      15_000,
    );
    expect(shown).toMatch(/Queue health/);

    const { faults } = (await (await fetch(`${pd.url}/__sim/faults`)).json()) as {
      faults: { remaining: number | null }[];
    };
    expect(faults).toHaveLength(1);
    const used = ARMED - (faults[0]?.remaining ?? ARMED);
    // Two per poll (the page and its repeat); a second poll may have started meanwhile.
    expect(used).toBeGreaterThanOrEqual(2);
    expect(used).toBeLessThanOrEqual(4);

    // Still responsive: help opens.
    s.write('?');
    await s.waitFor((t) => /Navigation/i.test(t), 'the help overlay');
  });
});
