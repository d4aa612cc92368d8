/**
 * Issue 7 "never die": any text a vendor sends, in any field of any record, drawn on any
 * screen at any size, renders without an error, within the screen (display columns and
 * rows) and without a raw control character. Hand-picked hostile classes first, then
 * whatever fast-check generates (whole graphemes and raw UTF-16 with lone surrogates).
 *
 * Runs: ITOPS_FC_RUNS scales the random part (default 1 = 30 worlds per size; each world is
 * one full cockpit render, ~25 ms, so the file stays near half a minute on a loaded 2-core box).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { initialState } from '../../src/store/state.js';
import { DEFECT_TITLES, HOSTILE, vendorText } from '../helpers/hostile.js';
import { hostileWorld, type TextFor } from '../helpers/hostile-world.js';
import { cleanup } from '../helpers/render.js';
import { drawScreen, frameProblem, type ScreenDef, SIZES, screensFor } from '../helpers/screens.js';

process.env.TZ = 'UTC';
afterEach(cleanup);
// Dozens of full-screen renders per test: generous for a busy machine, still a bound.
vi.setConfig({ testTimeout: 120_000 });

const SCALE = Number(process.env.ITOPS_FC_RUNS ?? 1);

/** Draw every screen of a world at a size; the first broken frame fails with its name. */
function expectAllScreensFit(
  t: TextFor,
  size: readonly [number, number],
  opts: { sanitized?: boolean; only?: (s: ScreenDef) => boolean } = {},
) {
  const world = hostileWorld(t, opts.sanitized);
  const screens = screensFor(initialState(world), t('typed'));
  for (const screen of screens.filter(opts.only ?? (() => true))) {
    const problem = frameProblem(drawScreen(world, screen, size), size[0], size[1]);
    expect(problem, `${screen.name} at ${size.join('x')}`).toBeNull();
  }
}

describe('the defect titles of issue 7 in every field', () => {
  for (const [i, title] of DEFECT_TITLES.entries()) {
    test(`defect ${i + 1} (${JSON.stringify(title)}) in every field: every screen at 60x16`, () => {
      expectAllScreensFit(() => title, SIZES[0]);
    });
  }

  test('all four at once, one per record: every screen, every size', () => {
    const t: TextFor = (slot) => {
      const n = Number(slot.split('#')[1]?.split('.')[0] ?? 0);
      return `${DEFECT_TITLES[n % 4]} ${slot.split('#')[0]}`;
    };
    for (const size of SIZES) expectAllScreensFit(t, size);
  });
});

/** One screen of each kind: the three lists, the three detail views, dialogs, the message line. */
const CORE = new Set([
  'queue',
  'on-call',
  'sla',
  'incident detail',
  'policy detail',
  'sla detail',
  'escalate confirm',
  'resolve note input',
  'state confirm',
  'error toast',
]);

describe('hand-picked hostile classes', () => {
  // Each class fills every vendor field and is drawn on one screen of each kind; the size
  // rotates through all four so the run stays short. The mixed test below covers every
  // screen at every size.
  for (const [n, [name, text]] of Object.entries(HOSTILE).entries()) {
    const size = SIZES[n % SIZES.length]!;
    test(`${name} in every field: one screen of each kind at ${size.join('x')}`, () => {
      expectAllScreensFit(() => text, size, { only: (s) => CORE.has(s.name) });
    });
  }

  test('all classes mixed across fields and records, every screen, every size, raw and sanitized', () => {
    const classes = Object.values(HOSTILE);
    let i = 0;
    const t: TextFor = () => classes[i++ % classes.length]!;
    for (const size of SIZES) {
      expectAllScreensFit(t, size);
      expectAllScreensFit(t, size, { sanitized: true });
    }
  });
});

describe('property: any generated text in any field', () => {
  for (const size of SIZES) {
    test(`${size.join('x')}: random worlds on random screens`, () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string({ maxLength: 3 }), vendorText),
          vendorText,
          fc.nat(),
          fc.boolean(),
          (byField, fallback, pick, sanitized) => {
            // Each slot draws its own text: a field kind's name picks from the dictionary, else the fallback.
            const keys = Object.keys(byField);
            const t: TextFor = (slot) => {
              const k = keys[(slot.length + slot.charCodeAt(0)) % Math.max(1, keys.length)];
              return k === undefined ? fallback : `${byField[k]}${slot.length % 2 ? fallback : ''}`;
            };
            const world = hostileWorld(t, sanitized);
            const screens = screensFor(initialState(world), t('typed'));
            const screen = screens[pick % screens.length]!;
            const problem = frameProblem(drawScreen(world, screen, size), size[0], size[1]);
            expect(problem, screen.name).toBeNull();
          },
        ),
        { numRuns: Math.round(30 * SCALE) },
      );
    });
  }
});
