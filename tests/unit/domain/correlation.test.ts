import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCorrelation, type CorrelationSettings, MAX_FANOUT } from '../../../src/domain/correlation.js';
import { isDistinctiveWord, titleWords } from '../../../src/domain/correlation-names.js';
import { keyOfRecord } from '../../../src/domain/kinds.js';
import type { DomainRecord, SlaClock } from '../../../src/domain/model.js';
import { host, incident } from './records.js';

const ticket = (id: string, over: Parameters<typeof incident>[1] = {}) =>
  incident(id, { source: 'snow', key: `INC00${id}`, title: `Ticket ${id}`, ...over });
const page = (id: string, over: Parameters<typeof incident>[1] = {}) =>
  incident(id, { source: 'pd', title: `Page ${id}`, ...over });
const edr = (id: string, hostname: string, over: Parameters<typeof host>[1] = {}) =>
  host(id, { source: 'edr', hostname, ...over });

function sla(id: string, taskId: string, taskKey: string): SlaClock {
  return {
    kind: 'sla',
    source: 'snow',
    id,
    taskId,
    taskKey,
    name: 'P1 resolution (4 hour)',
    stage: 'in_progress',
    vendorStage: 'in_progress',
    breached: false,
    percentElapsed: 40,
  };
}

/** Record keys related to `r` in a correlation over `records`. */
function linked(records: DomainRecord[], r: DomainRecord, settings?: CorrelationSettings): string[] {
  return buildCorrelation([records], settings)
    .related(r)
    .map((x) => x.key);
}

describe('correlation by host and CI names', () => {
  it('joins a FQDN with its short name, whatever the case', () => {
    const t = ticket('1', { about: { cis: ['pay-db-01'] } });
    const h = edr('h1', 'PAY-DB-01.prod.acme.internal');
    expect(linked([t, h], t)).toEqual([keyOfRecord(h)]);
    expect(linked([t, h], h)).toEqual([keyOfRecord(t)]);
  });

  it('joins a host known by FQDN in a separate field, and a trailing dot', () => {
    const t = ticket('1', { about: { hosts: ['web-07.corp.example.com.'] } });
    const h = edr('h1', 'WEB-07', { fqdn: 'web-07.corp.example.com' });
    expect(linked([t, h], t)).toEqual([keyOfRecord(h)]);
  });

  it('never joins two different FQDNs that share a short name', () => {
    const t = ticket('1', { about: { hosts: ['web-07.prod.example.com'] } });
    const h = edr('h1', 'web-07.dev.example.com');
    expect(linked([t, h], t)).toEqual([]);
  });

  it('never joins a prefix: db-1 is not db-10, web is not web-01', () => {
    const records = [
      ticket('1', { about: { cis: ['db-1'] } }),
      edr('h10', 'db-10'),
      edr('h11', 'DB-1.prod.acme.internal'),
      page('2', { title: 'Disk 97% on db-10' }),
      ticket('3', { about: { cis: ['web'] } }),
      edr('h12', 'web-01'),
    ];
    expect(linked(records, records[0]!)).toEqual(['edr:h11']);
    expect(linked(records, records[3]!)).toEqual(['edr:h10']);
    expect(linked(records, records[4]!)).toEqual([]);
  });

  it('joins web and web-01 only when config aliases say so', () => {
    const t = ticket('3', { about: { cis: ['web'] } });
    const h = edr('h12', 'WEB-01.prod.acme.internal');
    expect(linked([t, h], t)).toEqual([]);
    const settings = { aliases: { web: ['web-01'] } };
    expect(linked([t, h], t, settings)).toEqual([keyOfRecord(h)]);
    expect(linked([t, h], h, settings)).toEqual([keyOfRecord(t)]);
  });

  it('reads distinctive host names from titles, never common words', () => {
    const records = [
      page('1', { title: 'Disk 91% on DB-08 (database server, prod)' }),
      edr('h8', 'db-08.prod.acme.internal'),
      edr('hdb', 'database'),
      edr('hsrv', 'server'),
      edr('hprod', 'prod'),
      edr('hdisk', 'disk'),
      ticket('9', { about: { cis: ['database'] }, title: 'database slow' }),
    ];
    expect(linked(records, records[0]!)).toEqual(['edr:h8']);
    // A CI called "database" is a stop word: nothing joins on it, not even an equal name.
    expect(linked(records, records[6]!)).toEqual([]);
  });

  it('treats measures and protocol words in titles as no names', () => {
    for (const w of ['500ms', '1.5s', 'ipv6', 'p99', '5xx', '10m', 'http2', 'v2.1']) {
      expect(isDistinctiveWord(w), w).toBe(false);
    }
    for (const w of ['db-08', 'inc0010042', 'k8s-node-01', '10.2.3.4', 'web-01.prod.acme.internal']) {
      expect(isDistinctiveWord(w), w).toBe(true);
    }
  });

  it('joins an IP address only as a whole', () => {
    const a = ticket('1', { about: { hosts: ['10.0.0.1'] } });
    const b = edr('h1', '10.0.0.1');
    const c = edr('h2', '10');
    expect(linked([a, b, c], a)).toEqual([keyOfRecord(b)]);
  });

  it('links names only across sources', () => {
    const a = page('1', { title: 'CPU > 95% on db-08' });
    const b = page('2', { title: 'Disk 91% on db-08' });
    expect(linked([a, b], a)).toEqual([]);
  });
});

describe('correlation by references', () => {
  it('joins a ticket citing a paging incident, a monitor cited by the incident, both ways', () => {
    const monitor = ticket('m', { source: 'mon', key: 'M1', about: { ids: ['mon:monitor:4810021'] } });
    const p = page('Q1', {
      key: '#4211',
      about: { ids: ['pager:incident:q1'], refs: ['mon:monitor:4810021'] },
    });
    const t = ticket('7', { about: { refs: ['PAGER:incident:Q1'] } });
    const records = [monitor, p, t];
    expect(linked(records, p)).toEqual(expect.arrayContaining([keyOfRecord(monitor), keyOfRecord(t)]));
    expect(linked(records, t)).toEqual([keyOfRecord(p)]);
    expect(linked(records, monitor)).toEqual([keyOfRecord(p)]);
    const why = buildCorrelation([records]).related(t)[0]!.why;
    expect(why).toContain('#4211');
  });

  it('never joins bare numbers: #4211 and a monitor 4211 stay apart', () => {
    const p = page('Q1', { key: '#4211', about: { ids: ['pager:incident-number:4211'] } });
    const t = ticket('7', { title: 'Follow up #4211', about: { refs: ['mon:monitor:4211'] } });
    expect(linked([p, t], t)).toEqual([]);
  });

  it('joins a title that quotes a distinctive ticket key', () => {
    const t = ticket('42', { key: 'INC0010042' });
    const p = page('Q2', { title: 'Escalated from INC0010042: checkout down' });
    expect(linked([t, p], p)).toEqual([keyOfRecord(t)]);
    expect(linked([t, p], t)).toEqual([keyOfRecord(p)]);
  });

  it("brings a linked ticket's SLA clocks along", () => {
    const t = ticket('7', { about: { cis: ['db-08'] } });
    const p = page('Q1', { title: 'Disk 91% on db-08' });
    const clock = sla('s1', '7', 'INC007');
    const records = [t, p, clock];
    expect(linked(records, p)).toEqual([keyOfRecord(t), keyOfRecord(clock)]);
    expect(linked(records, clock)).toEqual([keyOfRecord(t)]);
  });
});

describe('records that break their promises', () => {
  it('a record whose title cannot be read links nothing, and the others still link', () => {
    const title = {
      toString() {
        throw new RangeError('unreadable');
      },
    } as unknown as string;
    const bad = page('1', { title });
    const t = ticket('2', { about: { cis: ['db-08'] } });
    const h = edr('h', 'DB-08');
    const c = buildCorrelation([[bad, t, h]]);
    expect(c.related(bad)).toEqual([]);
    expect(c.related(t).map((r) => r.key)).toEqual([keyOfRecord(h)]);
  });
});

describe('service links', () => {
  it('are weak: listed, but no marker', () => {
    const a = page('1', { service: 'Checkout API' });
    const b = ticket('2', { service: 'checkout api' });
    const c = buildCorrelation([[a, b]]);
    expect(c.related(a).map((r) => [r.key, r.strength])).toEqual([[keyOfRecord(b), 'weak']]);
    expect(c.hasRelated(a)).toBe(false);
  });

  it('a name on too many records is a common word here and links nothing', () => {
    const many = Array.from({ length: MAX_FANOUT + 1 }, (_, i) =>
      ticket(String(i), { about: { cis: ['shared-ci-01'] } }),
    );
    const h = edr('h', 'shared-ci-01');
    expect(linked([...many, h], h)).toEqual([]);
  });
});

const label = fc.stringMatching(/^[a-z][a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}$/);
const domain = fc.constantFrom('', '.prod.acme.internal', '.corp.example.com', '.');
const caseOf = (s: string, flips: boolean[]) =>
  [...s].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch)).join('');

describe('correlation properties', () => {
  it('any spelling of a name (case, FQDN) joins a record naming it', () => {
    fc.assert(
      fc.property(label, domain, fc.array(fc.boolean(), { minLength: 1 }), (name, dom, flips) => {
        fc.pre(isDistinctiveWord(name) || !['web', 'api', 'prod', 'dev', 'test', 'host'].includes(name));
        const t = ticket('1', { about: { cis: [name] } });
        const h = edr('h', caseOf(name + dom, flips));
        expect(linked([t, h], t)).toEqual([keyOfRecord(h)]);
      }),
    );
  });

  it('different names never join, whatever their prefixes', () => {
    fc.assert(
      fc.property(label, label, domain, (a, b, dom) => {
        fc.pre(a !== b);
        const t = ticket('1', { about: { cis: [a] }, title: `Disk 91% on ${a}` });
        const h = edr('h', `${b}${dom}`);
        expect(linked([t, h], t)).toEqual([]);
      }),
    );
  });

  it('hostile titles never throw, and strong links are symmetric', () => {
    const names = ['db-08', 'db-8', 'DB-08.prod.acme.internal', 'web-01', 'INC0010042', 'x'];
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc
        .array(fc.constantFrom(...names, '\u001b[2J', 'on', '🔥', '#4211', 'db-08.'), { maxLength: 6 })
        .map((w) => w.join(' ')),
    );
    const rec = fc.record({
      src: fc.constantFrom('pd', 'snow', 'edr'),
      title: text,
      ci: fc.option(fc.constantFrom(...names), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 12 }), (specs) => {
        const records: DomainRecord[] = specs.map((s, i) =>
          s.src === 'edr'
            ? edr(`h${i}`, s.ci ?? `host-${i}`)
            : incident(String(i), {
                source: s.src,
                key: s.src === 'snow' ? 'INC0010042' : `#${i}`,
                title: s.title,
                ...(s.ci ? { about: { cis: [s.ci] } } : {}),
              }),
        );
        const c = buildCorrelation([records]);
        for (const r of records) {
          for (const l of c.related(r)) {
            if (l.strength !== 'strong') continue;
            expect(c.related(l.record).map((x) => x.key)).toContain(keyOfRecord(r));
          }
        }
      }),
    );
  });

  it('title words are bounded and free of separators', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (t) => {
        for (const w of titleWords(t)) {
          expect(w.length).toBeGreaterThanOrEqual(4);
          expect(w).not.toMatch(/\s/);
        }
      }),
    );
  });
});
