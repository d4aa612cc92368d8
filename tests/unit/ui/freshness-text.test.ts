import { describe, expect, it } from 'vitest';
import type { PanelSources, SourceStatus } from '../../../src/store/selectors.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import {
  emptyText,
  panelReading,
  problemBlock,
  problemParagraph,
  problemsOf,
} from '../../../src/ui/view/freshness-text.js';

const g = createTheme().glyph;
const ascii = createTheme({ ascii: true }).glyph;
const WALL = 1_000_000;

function src(instance: string, over: Partial<SourceStatus> = {}): SourceStatus {
  return {
    instance,
    stream: 'incidents',
    status: 'ok',
    fetchedAt: WALL - 3_000,
    stale: false,
    coverage: 'fresh',
    ageMs: 3_000,
    staleMs: null,
    paused: false,
    intervalMs: 15_000,
    nextPollAt: WALL + 12_000,
    notAnsweringMs: null,
    ...over,
  };
}

function panel(state: PanelSources['state'], sources: SourceStatus[]): PanelSources {
  return {
    configured: true,
    hint: '',
    sources,
    loading: state === 'loading',
    state,
    allClear: state === 'fresh',
  };
}

const AUTH =
  'PagerDuty rejected the API token (401) on GET /incidents. Check connectors.pd.token (and region: an EU account needs region: eu).';
const paused = src('pd', {
  status: 'paused',
  fetchedAt: null,
  coverage: 'missing',
  ageMs: null,
  paused: true,
  nextPollAt: null,
  error: AUTH,
  errorCode: 'AUTH',
});
const stale = src('pd', {
  status: 'backoff',
  fetchedAt: WALL - 35_000,
  coverage: 'stale',
  stale: true,
  ageMs: 35_000,
  staleMs: 41_000,
  error: 'PagerDuty GET /incidents failed (503).',
  errorCode: 'UNAVAILABLE',
});

describe('problem paragraphs', () => {
  it('a pause leads with what to do and which key retries, then the whole vendor message', () => {
    const [p] = problemsOf(panel('no-data', [paused]), g);
    const text = problemParagraph(p!, { retry: 'press r', real: WALL });
    expect(text.indexOf('press r to retry')).toBeLessThan(text.indexOf('PagerDuty rejected'));
    expect(text.endsWith('needs region: eu).')).toBe(true);
  });

  it('a stale source reads with its connector reading, then the error, then the advice', () => {
    const [p] = problemsOf(panel('stale', [stale]), g);
    expect(problemParagraph(p!, { retry: 'press r', real: WALL })).toBe(
      'pd stale 41s: PagerDuty GET /incidents failed (503). Retrying by itself with backoff (next try in 12s); press r to retry now.',
    );
  });

  it('groups streams of one connector that fail alike, worst first', () => {
    const ps = problemsOf(
      panel('partial', [
        stale,
        { ...paused, instance: 'sn', stream: 'slas' },
        { ...paused, instance: 'sn' },
        src('ok'),
      ]),
      g,
    );
    expect(ps.map((p) => `${p.instance}:${p.kind}:${p.streams.join(',')}`)).toEqual([
      'sn:paused:slas,incidents',
      'pd:stale:incidents',
    ]);
  });
});

describe('problemBlock', () => {
  const opts = { retry: 'press r', statusKey: 'i', real: WALL, g };

  it('gives each problem its first line before any gets a second, and says where the rest is', () => {
    const ps = problemsOf(panel('stale', [paused, { ...stale, instance: 'sn' }]), g);
    const lines = problemBlock(ps, 60, 3, opts);
    expect(lines).toHaveLength(3);
    expect(lines[0]!.text.startsWith('✖ pd paused')).toBe(true);
    expect(lines[2]!.text.startsWith('⚠ sn stale 41s')).toBe(true);
    expect(lines[1]!.text).toMatch(/… i: full text$/);
    for (const l of lines) expect(l.text.length).toBeLessThanOrEqual(60);
  });

  it('with room, the whole paragraph is there: nothing cut at 100 columns', () => {
    const ps = problemsOf(panel('no-data', [paused]), g);
    const lines = problemBlock(ps, 100, 10, opts);
    const joined = lines.map((l) => l.text.slice(2)).join(' ');
    expect(joined).toContain(AUTH);
    expect(joined).not.toContain('full text');
  });

  it('counts problems that got no line at all', () => {
    const many = ['a', 'b', 'c'].map((i) => ({ ...stale, instance: i }));
    const lines = problemBlock(problemsOf(panel('stale', many), g), 70, 2, opts);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.text).toMatch(/\+1 more \(i\)$/);
  });
});

describe('titles and empty lists', () => {
  it('the title reading per state', () => {
    expect(
      panelReading(panel('fresh', [src('a'), src('b', { fetchedAt: WALL - 9_000 })]), WALL, g)?.text,
    ).toBe('updated 9s ago');
    expect(panelReading(panel('stale', [stale]), WALL, g)?.text).toBe('◷ stale 41s');
    expect(panelReading(panel('partial', [src('sn'), stale]), WALL, g)?.text).toBe('◷ partial: pd stale 41s');
    expect(panelReading(panel('partial', [src('sn'), paused]), WALL, g)?.text).toBe('◷ partial: pd no data');
    expect(panelReading(panel('no-data', [paused]), WALL, g)?.text).toBe('✖ no data');
    expect(panelReading(panel('stale', [stale]), WALL, ascii)?.text).toBe('? stale 41s');
  });

  it('only a fully fresh panel gets the tick; every other empty list says what is missing', () => {
    expect(emptyText(panel('fresh', [src('pd')]), 'No open incidents', g).text).toBe('✔ No open incidents.');
    expect(emptyText(panel('partial', [src('sn'), stale]), 'No open incidents', g).text).toBe(
      'No open incidents from sn. Not an all-clear: pd stale 41s.',
    );
    expect(emptyText(panel('stale', [stale]), 'Nothing at risk', g).text).toBe(
      '◷ Nothing at risk in the last good data (stale 41s). Not an all-clear.',
    );
    for (const state of ['partial', 'stale', 'no-data', 'loading'] as const) {
      expect(emptyText(panel(state, [stale, src('sn')]), 'Nothing at risk', g).text).not.toContain('✔');
    }
  });
});
