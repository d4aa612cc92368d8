/**
 * Issue 13's journey, from the monitoring side, in a pseudo-terminal against the demo at 100×30:
 * the outage's alerting monitor is a row of the Monitors panel (found with its filter), marked ⇄;
 * its detail lists the PagerDuty incident it paged, which opens and is acknowledged; back on the
 * monitor, it is muted for 1 h and reads as muted in its detail and in its row; from the monitor
 * the ServiceNow ticket of the same outage opens, and from the ticket its SLA clock.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, type PtySession, spawnCli } from '../helpers/pty.js';

beforeAll(ensureBuilt, 60_000);

let session: PtySession | undefined;
afterEach(() => session?.kill());

/** The highlighted row of the list (not the focused panel's title). */
const chosen = (t: string) =>
  t.split('\n').find((l) => /(^|[║│] ?)▶ (?!\d )/.test(l) && !/[║│]▶ /.test(l)) ?? '';
const relatedLine = (t: string) => {
  const lines = t.split('\n');
  const at = lines.findIndex((l) => l.includes('Related ('));
  return at < 0 ? '' : (lines.slice(at).find((l) => l.startsWith('▶ ')) ?? '');
};

/**
 * Move the related list's cursor onto the line matching `re`: down to the end, then back up (the
 * list may reorder under the cursor when a poll lands), a few passes at most.
 */
async function chooseRelated(s: PtySession, re: RegExp) {
  const seen: string[] = [];
  let key = 'j';
  for (let i = 0; i < 80 && !re.test(relatedLine(s.text())); i++) {
    const before = relatedLine(s.text());
    seen.push(before);
    s.write(key);
    const moved = await s
      .waitFor((t) => relatedLine(t) !== before, 'the related cursor to move', 3_000)
      .then(
        () => true,
        () => false,
      );
    if (!moved) key = key === 'j' ? 'k' : 'j';
  }
  expect(relatedLine(s.text()), seen.join('\n')).toMatch(re);
}

const OUTAGE = /Disk usage on ([\w-]+)/;

describe('monitor journey in a pseudo-terminal', () => {
  it('alerting monitor → its PagerDuty incident acknowledged → monitor muted 1 h → the ServiceNow ticket’s SLA', async () => {
    session = spawnCli(['--demo'], { cols: 100, rows: 30 });
    const s = session;
    await s.waitFor((t) => /\d+ monitors? alerting/.test(t), 'the monitors summary');
    s.write('5');
    await s.waitFor((t) => t.includes('▶ 5 Monitors') && /✖ Alert/.test(t), 'the Monitors panel with alerts');

    // The filter narrows the list to the disk monitors; the outage's one is marked related.
    s.write('/');
    await s.waitFor((t) => t.includes('Filter firing monitors'), 'the filter field');
    s.write('disk prod');
    await s.waitFor((t) => t.includes('> disk prod'), 'the filter typed');
    s.write('\r');
    // The breadcrumb shows while typing; the list is ours again once the field has closed.
    await s.waitFor(
      (t) => !t.includes('Filter firing monitors') && /Filter: disk prod · \d+ of \d+ monitors/.test(t),
      'the filtered list',
    );
    for (let i = 0; i < 20 && !(OUTAGE.test(chosen(s.text())) && chosen(s.text()).includes('⇄')); i++) {
      const before = chosen(s.text());
      s.write('j');
      await s.waitFor((t) => chosen(t) !== before, 'the cursor to move');
    }
    const row = chosen(s.text());
    expect(row, s.text()).toMatch(OUTAGE);
    expect(row).toContain('⇄');
    expect(row).toContain('✖ Alert');
    expect(row).toContain('P1');
    const host = row.match(OUTAGE)![1]!;

    s.write('\r');
    await s.waitFor(
      (t) => /Monitor \d+ \[prod\] Disk usage on/.test(t) && t.includes('Related ('),
      'the monitor',
    );
    const monitorTitle = s.text().match(/Monitor (\d+) \[prod\]/)![1]!;
    expect(s.text()).toMatch(new RegExp(`✖ Alert host:${host}`));
    expect(s.text()).toMatch(/Muted +no \(notifications go out\)/);

    // The PagerDuty incident it paged, one key away; acknowledging acts on the incident.
    // Paged by it: the incident's title names the trigger, and it cites the monitor's id.
    await chooseRelated(s, /pd-demo incident +#\d+ \[Triggered on host:|#\d+ .*· #\d+ cites monitor \d+/);
    const incident = relatedLine(s.text()).match(/#\d+/)![0];
    s.write('\r');
    await s.waitFor((t) => t.includes(`Incident ${incident}`), 'the PagerDuty incident');
    s.write('a');
    await s.waitFor(
      (t) => t.includes(`Acknowledge ${incident}`) && /\[y\]/i.test(t),
      'the acknowledge dialog',
    );
    s.write('y');
    await s.waitFor((t) => t.includes(`Acknowledged ${incident}`), 'the acknowledge outcome');

    // Back on the monitor: mute it, the whole of it, for an hour.
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Monitor ${monitorTitle} [prod]`), 'back on the monitor');
    s.write('M');
    await s.waitFor((t) => t.includes('Mute which part of'), 'the mute dialog');
    s.write('\r');
    await s.waitFor((t) => /Mute monitor \d+ .* for…/.test(t) && t.includes('1. 1 hour'), 'the length');
    s.write('\r');
    await s.waitFor((t) => /Mute monitor \d+.*\(all groups\) for 1 hour\?/.test(t), 'the confirmation');
    s.write('y');
    await s.waitFor(
      (t) => /Muted +yes, whole monitor until \d\d:\d\d \(in (60|59)m\)/.test(t),
      'the monitor muted',
    );

    // The ServiceNow ticket of the same outage, then its SLA clock.
    // The ticket ServiceNow opened from that incident (its title quotes it).
    await chooseRelated(s, new RegExp(`INC\\d+ .*PagerDuty ${incident}\\b`));
    const ticket = relatedLine(s.text()).match(/INC\d+/)![0];
    s.write('\r');
    await s.waitFor((t) => t.includes(`Incident ${ticket}`) && t.includes('Related ('), 'the ticket');
    await chooseRelated(s, new RegExp(`${ticket} P\\d .*· of ${ticket}`));
    s.write('\r');
    await s.waitFor((t) => t.includes(`SLA ${ticket} · P1`) && /Planned end/.test(t), 'the ticket’s SLA');
    expect(s.text()).toMatch(new RegExp(`Ticket +${ticket} .*${host}`));

    // Escape walks back to the monitor, then to its row, shown muted.
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Incident ${ticket}`), 'back to the ticket');
    s.write('\u001B');
    await s.waitFor((t) => t.includes(`Monitor ${monitorTitle} [prod]`), 'back to the monitor');
    s.write('\u001B');
    await s.waitFor((t) => OUTAGE.test(chosen(t)) && /muted — \d\d:\d\d/.test(chosen(t)), 'the row, muted');
  }, 180_000);
});
