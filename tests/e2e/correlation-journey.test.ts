/**
 * One outage across vendors, in a pseudo-terminal against the demo: the monitor-created
 * PagerDuty incident is marked ⇄ in the queue; its detail lists the Datadog monitor that paged
 * it, the ServiceNow ticket opened from it and the CrowdStrike host it fired on (under another
 * case and its FQDN), not the look-alike hosts; acknowledging acts on the incident; the monitor
 * opens and is muted for an hour; from the incident the ticket opens (with its
 * SLA clock among its related records), from the ticket the host, where containment asks for
 * the host's name; Escape walks back the same way.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

const OUTAGE = /\[Triggered on host:([\w-]+)\]/;
/** The highlighted line of the list or of the related list. */
const chosen = (t: string) => t.split('\n').find((l) => /(^|[║│] ?)▶ /.test(l) && !/[║│]▶ /.test(l)) ?? '';
/** The key of the selected row (`#1157`, `INC0010042`, `IR-202`). */
const selectedKey = (t: string) => chosen(t).match(/▶ \S \w+ +(\S+)/)?.[1];
const relatedLine = (t: string) =>
  t
    .split('\n')
    .slice(t.split('\n').findIndex((l) => l.includes('Related (')))
    .find((l) => l.startsWith('▶ ')) ?? '';

/** Move the related list's cursor (down with j, up with k) onto the line matching `re`. */
async function chooseRelated(s: PtySession, re: RegExp, key: 'j' | 'k' = 'j') {
  for (let i = 0; i < 30 && !re.test(relatedLine(s.text())); i++) {
    const before = relatedLine(s.text());
    s.write(key);
    await s.waitFor((t) => relatedLine(t) !== before, 'the related cursor to move');
  }
  expect(relatedLine(s.text())).toMatch(re);
}

describe('correlation journey in a pseudo-terminal', () => {
  it('PagerDuty incident → acknowledge → mute its Datadog monitor 1 h → ServiceNow ticket and its SLA → CrowdStrike host, and back', async () => {
    session = spawnCli(['--demo'], { cols: 120, rows: 40 });
    const s = session;
    await s.waitFor((t) => /Status +Key/.test(t) && /falcon-demo/.test(t) && /INC\d+/.test(t), 'the queue');
    s.write('g');
    // Wait on the selected KEY, not the cursor's line: a poll that re-sorts the queue moves the
    // line without the key having been handled, and a key still queued would overshoot.
    for (let i = 0; i < 60 && !OUTAGE.test(chosen(s.text())); i++) {
      const before = selectedKey(s.text());
      s.write('j');
      await s.waitFor((t) => selectedKey(t) !== before, 'the cursor to move');
    }
    const row = chosen(s.text());
    expect(row, 'the outage incident selected').toMatch(OUTAGE);
    expect(row).toContain('⇄');
    const host = row.match(OUTAGE)![1]!;
    const key = selectedKey(s.text())!;

    s.write('\r');
    await s.waitFor(
      (t) => t.includes(`Incident ${key}`) && t.includes('Related ('),
      'the incident with related records',
    );
    const detail = s.text();
    expect(detail).toMatch(/sn-demo incident +INC\d+.*cites/);
    expect(detail).toContain(`falcon-demo host`);
    expect(detail).toContain(`${host.toUpperCase()}.prod.acme.internal`);
    // The look-alikes (db-8, db-080) are other machines.
    const shortNear = host.replace(/-0+(\d)/, '-$1').toUpperCase();
    expect(detail).not.toMatch(new RegExp(`host +${shortNear}\\b`));
    expect(detail).not.toContain(`${host}0.corp`);

    // Acknowledge acts on the incident itself.
    s.write('a');
    await s.waitFor((t) => t.includes(`Acknowledge ${key}`) && /\[y\]/i.test(t), 'the acknowledge dialog');
    s.write('y');
    await s.waitFor((t) => t.includes(`Acknowledged ${key}`), 'the acknowledge outcome');

    // The monitor that paged it (opened in the Monitors panel's detail, with its keys):
    // mute it for 1 hour, then back to the incident.
    const monitorId = detail.match(/\(monitor (\d+)\)/)?.[1];
    expect(monitorId, 'the monitor id in the incident title').toBeDefined();
    await chooseRelated(s, new RegExp(`monitor ${monitorId}`));
    expect(relatedLine(s.text())).toMatch(/cites/);
    s.write('\r');
    await s.waitFor((t) => t.includes(`Monitor ${monitorId} `), 'the monitor');
    s.write('M');
    await s.waitFor((t) => t.includes('Mute which part of'), 'the mute scope choice');
    s.write('\r');
    await s.waitFor((t) => /Mute .* for/.test(t) && t.includes('1 hour'), 'the mute length choice');
    s.write('\r');
    await s.waitFor((t) => /\[y\]/i.test(t), 'the mute confirmation');
    s.write('y');
    await s.waitFor((t) => new RegExp(`Muted monitor ${monitorId} until`).test(t), 'the mute outcome');
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Incident ${key}`), 'back to the incident');

    // The ticket opened from it: its detail, with its SLA clock among its related records.
    await chooseRelated(s, /sn-demo incident +INC\d+/);
    const ticket = relatedLine(s.text()).match(/INC\d+/)![0];
    s.write('\r');
    await s.waitFor((t) => t.includes(`Incident ${ticket}`) && t.includes('Related ('), 'the ticket');
    await chooseRelated(s, new RegExp(`${ticket} P1 resolution`));
    expect(relatedLine(s.text())).toContain(`of ${ticket}`);

    // The host it is about, one key away: containment asks for its name.
    // Hosts sort before tickets and their clocks: up from the SLA clock.
    await chooseRelated(s, /falcon-demo host/, 'k');
    s.write('\r');
    const fqdn = `${host.toUpperCase()}.prod.acme.internal`;
    await s.waitFor((t) => t.includes(`Host ${fqdn}`), 'the host detail');
    s.write('C');
    await s.waitFor((t) => t.includes(`Type ${fqdn} to confirm`), 'the typed confirmation');
    s.write('\u001B');
    await s.waitFor((t) => !t.includes('to confirm') && t.includes(`Host ${fqdn}`), 'the dialog closed');

    // Escape walks back: the ticket, the incident, the list.
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Incident ${ticket}`), 'back to the ticket');
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Incident ${key}`), 'back to the incident');
    s.write('\u001B');
    await s.waitFor((t) => /Status +Key/.test(t) && !t.includes('Related ('), 'back to the list');
  }, 120_000);
});
