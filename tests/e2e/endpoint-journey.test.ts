/**
 * The endpoint security journey in a pseudo-terminal: in the demo, filter the non-compliant
 * Windows hosts, open one, contain it by typing its name (a wrong name contains nothing), see
 * it pending then contained, and lift it — checked against the Falcon simulator's API, not
 * just on screen. With --read-only, containment is refused before anything is asked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

interface DemoFile {
  crowdstrike: { url: string; clientId: string; clientSecret: string };
}

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

/** The device's status as Falcon reports it. */
async function falconStatus(demo: DemoFile, hostname: string): Promise<string> {
  const cs = demo.crowdstrike;
  const tok = await fetch(`${cs.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: cs.clientId, client_secret: cs.clientSecret }).toString(),
  });
  const { access_token } = (await tok.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  const filter = encodeURIComponent(`hostname:'${hostname}'`);
  const ids = (await (
    await fetch(`${cs.url}/devices/queries/devices/v1?filter=${filter}`, { headers: auth })
  ).json()) as {
    resources: string[];
  };
  expect(ids.resources).toHaveLength(1);
  const details = (await (
    await fetch(`${cs.url}/devices/entities/devices/v2`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ids.resources }),
    })
  ).json()) as { resources: { status: string }[] };
  return details.resources[0]!.status;
}

describe('endpoint journey in a pseudo-terminal', () => {
  it('filters non-compliant Windows hosts, contains one by typing its name, sees pending then contained, lifts it', async () => {
    session = spawnCli(['--demo'], { cols: 110, rows: 34 });
    const s = session;
    await s.waitFor((t) => /\d+(\.\d)?% compliant/.test(t), 'endpoint compliance from the simulator');
    const demo = JSON.parse(readFileSync(join(s.stateDir, 'itops', 'demo.json'), 'utf8')) as DemoFile;

    s.write('3');
    await s.waitFor((t) => /▶ 3 Endpoint compliance/.test(t) && /Failing: /.test(t), 'the compliance panel');
    s.write('/');
    await s.waitFor((t) => t.includes('Filter non-compliant hosts'), 'the filter field');
    s.write('platform:windows WS-');
    await s.waitFor((t) => t.includes('> platform:windows WS-'), 'the filter text');
    // Enter on its own: typed together with text it would arrive as part of the text.
    s.write('\r');
    // The list narrows as the text is typed; Enter keeps the filter and closes the field.
    await s.waitFor(
      (t) =>
        /Filter: platform:windows WS- · \d+ hosts? failing/.test(t) &&
        !t.includes('Filter non-compliant hosts'),
      'the filtered list',
    );
    const row = s
      .text()
      .split('\n')
      .find((l) => /▶ WS-/.test(l));
    const name = row?.match(/▶ (WS-[A-Z]+-\d+)/)?.[1];
    expect(name, 'a Windows workstation selected').toBeDefined();

    s.write('\r');
    await s.waitFor(
      (t) => t.includes(`Host ${name}`) && /Containment +not contained/.test(t),
      'the host detail',
    );
    expect(s.text()).toMatch(/(✖ FAIL|● pass)/);

    // Contain: the name must be typed; `y` and a wrong name do nothing.
    s.write('C');
    await s.waitFor((t) => t.includes(`Type ${name} to confirm:`), 'the typed confirmation');
    s.write('WS-NOT-THIS-ONE');
    await s.waitFor((t) => t.includes('confirm: WS-NOT-THIS-ONE'), 'the wrong name typed');
    s.write('\r');
    await s.waitFor((t) => t.includes(`Type ${name} exactly to confirm`), 'the wrong name refused');
    expect(await falconStatus(demo, name!)).toBe('normal');
    s.write('\u0015');
    await s.waitFor((t) => !t.includes('WS-NOT-THIS-ONE'), 'the field cleared');
    s.write(name!);
    await s.waitFor((t) => t.includes(`confirm: ${name}`), 'the name typed');
    s.write('\r');
    await s.waitFor(
      (t) => /containment pending|pending until the sensor confirms/.test(t),
      'containment pending',
    );
    expect(['containment_pending', 'contained']).toContain(await falconStatus(demo, name!));
    await s.waitFor((t) => /Containment +contained/.test(t), 'contained once the sensor confirms', 60_000);
    expect(await falconStatus(demo, name!)).toBe('contained');

    // Lift: a plain danger confirm.
    s.write('L');
    await s.waitFor((t) => t.includes(`Lift containment of ${name}`), 'the lift confirmation');
    s.write('y');
    await s.waitFor((t) => /lift of containment pending|Lift of containment of/.test(t), 'lift pending');
    await s.waitFor((t) => /Containment +not contained/.test(t), 'not contained again', 60_000);
    expect(await falconStatus(demo, name!)).toBe('normal');
  }, 180_000);

  it('--read-only refuses containment before asking anything', async () => {
    session = spawnCli(['--demo', '--read-only'], { cols: 110, rows: 34 });
    const s = session;
    await s.waitFor((t) => /\d+(\.\d)?% compliant/.test(t), 'endpoint compliance');
    s.write('3');
    await s.waitFor((t) => /▶ 3 Endpoint compliance/.test(t) && /▶ \S/.test(t), 'a selected host');
    s.write('C');
    await s.waitFor((t) => t.includes('Read-only mode: cannot contain hosts'), 'the refusal');
    expect(s.text()).not.toContain('to confirm:');
  }, 120_000);
});
