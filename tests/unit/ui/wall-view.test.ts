/** Issue 14: the wall's pure parts — large type, tile placement, page rotation. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updatedWords } from '../../../src/ui/components/WallTileBox.js';
import { compactCursorRuns } from '../../../src/ui/terminal-output.js';
import { displayWidth } from '../../../src/ui/text/fit.js';
import { BIG_ROWS, bigCount, bigText, bigWidth } from '../../../src/ui/view/big-text.js';
import { share, TILE_MIN_COLS, TILE_MIN_ROWS, wallPages } from '../../../src/ui/view/wall-plan.js';
import { msLeft, nextPage, rotate, startRotation, togglePause } from '../../../src/ui/view/wall-rotation.js';

describe('large type', () => {
  it('draws digits as equal rows of block cells, as wide as it says', () => {
    const rows = bigText('42%');
    expect(rows).toHaveLength(BIG_ROWS);
    for (const r of rows) expect(displayWidth(r)).toBe(bigWidth('42%'));
    expect(rows[0]).toBe('█ █ ███ █ █');
    const double = bigText('7', '#', 2);
    expect(double).toHaveLength(BIG_ROWS * 2);
    expect(double[0]).toBe('######');
    expect(bigWidth('7', 2)).toBe(6);
  });

  it('never turns vendor text into large type: any string draws only cells and spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (text) => {
        const rows = bigText(text, '#');
        expect(rows).toHaveLength(BIG_ROWS);
        for (const r of rows) {
          expect(r).toMatch(/^[# ]*$/);
          expect(r.length).toBe(bigWidth(text));
        }
      }),
    );
  });

  it('keeps counts to what large type can hold', () => {
    expect([bigCount(0), bigCount(42), bigCount(9999), bigCount(10_000), bigCount(Number.NaN)]).toEqual([
      '0',
      '42',
      '9999',
      '9999+',
      '?',
    ]);
  });
});

describe('tile placement', () => {
  it('shares cells exactly, every part at least the minimum when it fits, more weight never less room', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 50 }),
        (total, weights, min) => {
          const parts = share(total, weights, min);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const floor = Math.min(min, Math.floor(total / weights.length));
          for (const p of parts) expect(p).toBeGreaterThanOrEqual(floor);
          for (let i = 0; i < weights.length; i++)
            for (let j = 0; j < weights.length; j++)
              if (weights[i]! > weights[j]!) expect(parts[i]!).toBeGreaterThanOrEqual(parts[j]! - 1);
        },
      ),
    );
  });

  it('fills the body with every tile on the overview, then a page per panel with something to say', () => {
    const titles = { queue: 'Queue health', oncall: 'On-call', sla: 'SLA risk', compliance: 'Compliance' };
    const tiles = [
      { id: 'queue', weight: 5 },
      { id: 'oncall', weight: 0 },
      { id: 'sla', weight: 3 },
      { id: 'compliance', weight: 1 },
    ];
    const pages = wallPages(tiles, 200, 47, titles);
    expect(pages.map((p) => p.key)).toEqual(['overview:0', 'panel:queue', 'panel:sla', 'panel:compliance']);
    const overview = pages[0]!;
    expect(overview.rows.flat().map((t) => t.id)).toEqual(['queue', 'oncall', 'sla', 'compliance']);
    for (const row of overview.rows) expect(row.reduce((a, t) => a + t.width, 0)).toBe(200);
    expect(overview.rows.reduce((a, r) => a + r[0]!.height, 0)).toBe(47);
    // The busier tile of a row gets the wider share.
    expect(overview.rows[0]![0]!.width).toBeGreaterThan(overview.rows[0]![1]!.width);
    expect(pages[1]).toMatchObject({
      title: 'Queue health',
      rows: [[{ id: 'queue', width: 200, height: 47 }]],
    });
  });

  it('spreads the overview over pages rather than draw tiles below their minimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 80, max: 300 }),
        fc.integer({ min: 18, max: 90 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 9 }),
        (cols, rows, weights) => {
          const tiles = weights.map((weight, i) => ({ id: `p${i}`, weight }));
          const pages = wallPages(tiles, cols, rows, {});
          const overviews = pages.filter((p) => p.key.startsWith('overview:'));
          // Every tile on exactly one overview page.
          expect(overviews.flatMap((p) => p.rows.flat().map((t) => t.id)).sort()).toEqual(
            tiles.map((t) => t.id).sort(),
          );
          for (const p of pages) {
            expect(p.rows.reduce((a, r) => a + r[0]!.height, 0)).toBe(rows);
            for (const r of p.rows) {
              expect(r.reduce((a, t) => a + t.width, 0)).toBe(cols);
              for (const t of r) {
                expect(t.width).toBeGreaterThanOrEqual(Math.min(TILE_MIN_COLS, cols));
                expect(t.height).toBeGreaterThanOrEqual(Math.min(TILE_MIN_ROWS, rows));
              }
            }
          }
        },
      ),
    );
  });

  it('has no pages when nothing is configured', () => {
    expect(wallPages([], 200, 50, {})).toEqual([]);
  });
});

describe('page rotation', () => {
  const pages = ['overview:0', 'panel:queue', 'panel:sla'];
  it('turns when the time is up, and only then', () => {
    let r = rotate(startRotation(0), pages, 0, 20_000);
    expect(r.key).toBe('overview:0');
    expect(rotate(r, pages, 19_999, 20_000)).toBe(r);
    expect(msLeft(r, 19_000, 20_000)).toBe(1_000);
    r = rotate(r, pages, 20_000, 20_000);
    expect([r.key, r.startedAt]).toEqual(['panel:queue', 20_000]);
    r = rotate(rotate(r, pages, 40_000, 20_000), pages, 60_000, 20_000);
    expect(r.key).toBe('overview:0'); // wraps round
  });

  it('pauses with the time left frozen, and resumes from there', () => {
    let r = rotate(startRotation(0), pages, 0, 20_000);
    r = togglePause(r, 5_000, 20_000);
    expect(msLeft(r, 500_000, 20_000)).toBe(15_000);
    expect(rotate(r, pages, 500_000, 20_000)).toBe(r);
    // n while paused turns the page and stays paused, with a whole interval.
    r = nextPage(r, pages, 500_000, 20_000);
    expect([r.key, r.paused, msLeft(r, 900_000, 20_000)]).toEqual(['panel:queue', true, 20_000]);
    r = togglePause(r, 600_000, 20_000);
    expect(msLeft(r, 610_000, 20_000)).toBe(10_000);
  });

  it('when the page on screen goes away (a panel fell quiet), shows what took its place', () => {
    let r = rotate(startRotation(0), pages, 0, 20_000);
    r = nextPage(r, pages, 1_000, 20_000);
    expect(r.key).toBe('panel:queue');
    r = rotate(r, ['overview:0', 'panel:sla'], 2_000, 20_000);
    expect([r.key, r.startedAt]).toEqual(['panel:sla', 2_000]);
    expect(rotate(r, [], 3_000, 20_000).key).toBeNull();
  });
});

describe('fewer bytes per redraw', () => {
  it('writes a run of cursor-next-line moves as one move, and touches nothing else', () => {
    expect(compactCursorRuns('\u001B[49A\u001B[E\u001B[E\u001B[Eabc\n\u001B[E\u001B[E')).toBe(
      '\u001B[49A\u001B[3Eabc\n\u001B[2E',
    );
    expect(compactCursorRuns('a\u001B[Eb')).toBe('a\u001B[Eb');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('\u001B[E', 'x', '\n', '\u001B[2K', '\u001B[1m', 'é'), { maxLength: 60 }),
        (parts) => {
          const text = parts.join('');
          const out = compactCursorRuns(text);
          expect(out.length).toBeLessThanOrEqual(text.length);
          // Expanding every CSI n E back gives the original: the same motions, in order.
          expect(out.replace(/\u001B\[(\d+)E/g, (_, n: string) => '\u001B[E'.repeat(Number(n)))).toBe(text);
        },
      ),
    );
  });
});

describe('when a tile was updated', () => {
  it('counts in steps a wall needs', () => {
    expect(updatedWords(null, 0)).toBe('not updated yet');
    expect(updatedWords(1_000, 9_999)).toBe('updated just now');
    expect(updatedWords(0, 19_999)).toBe('updated 10s ago');
    expect(updatedWords(0, 59_999)).toBe('updated 50s ago');
    expect(updatedWords(0, 61_000)).toBe('updated 1m ago');
    expect(updatedWords(5_000, 0)).toBe('updated just now'); // clock skew
  });
});
