/**
 * Issue 7, defect 7: with LANG=C (or `ui.ascii` / `--ascii`) every character the cockpit
 * draws is 7-bit ASCII: borders, glyphs, our own words, and vendor text transliterated.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { initialState } from '../../src/store/state.js';
import { snState } from '../helpers/fixture-servicenow.js';
import { createTestStore } from '../helpers/fixture-store.js';
import { hostileWorld } from '../helpers/hostile-world.js';
import { cleanup, renderApp } from '../helpers/render.js';
import { drawScreen, frameProblem, SGR, SIZES, screensFor } from '../helpers/screens.js';

process.env.TZ = 'UTC';
afterEach(cleanup);
vi.setConfig({ testTimeout: 120_000 });

/** The first character that is not printable ASCII (newlines aside), with where it is. */
function nonAscii(frame: string): string | null {
  const text = frame.replace(SGR, '');
  const m = text.match(/[^\x20-\x7e\n]/u);
  if (!m || m.index === undefined) return null;
  const line = text.slice(text.lastIndexOf('\n', m.index) + 1).split('\n')[0];
  return `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')} in ${JSON.stringify(line)}`;
}

describe('ASCII mode draws only ASCII', () => {
  const fixtures = snState({ withPagerDuty: true });
  const screens = screensFor(initialState(fixtures), 'checked the disk, rotated logs');

  for (const size of SIZES) {
    test(`every screen at ${size.join('x')}`, () => {
      for (const screen of screens) {
        const drawn = drawScreen(fixtures, screen, size, true);
        expect(frameProblem(drawn, size[0], size[1]), screen.name).toBeNull();
        expect(nonAscii(drawn.raw), screen.name).toBeNull();
        // The fixtures are plain ASCII, so a placeholder '?' would mean our own text was not
        // routed through the glyph set. Real question marks ("Acknowledge #4211?", the help
        // key) show in Unicode mode too; ASCII may only cut some off, never add any.
        const questions = (raw: string) => raw.replace(SGR, '').split('?').length - 1;
        const unicode = drawScreen(fixtures, screen, size, false);
        expect(questions(drawn.raw), screen.name).toBeLessThanOrEqual(questions(unicode.raw));
      }
    });
  }

  test('the too-small screen, and a screen still loading', async () => {
    const r = renderApp(createTestStore().store, { cols: 50, rows: 12, ascii: true });
    await vi.waitFor(() => expect(r.frame()).toContain('Terminal too small (50x12) - need at least 60x16'));
    expect(nonAscii(r.lastFrame())).toBeNull();
    r.unmount();
    const loading = createTestStore({
      connectors: {},
    });
    const l = renderApp(loading.store, { cols: 80, rows: 24, ascii: true });
    await vi.waitFor(() => expect(l.frame()).toContain('Queue health'));
    expect(nonAscii(l.lastFrame())).toBeNull();
  });

  test('vendor text is transliterated: accents dropped, punctuation spelled, the rest one ? per character', () => {
    const world = hostileWorld((slot) =>
      slot.startsWith('incident.title') ? 'Zoë’s “disk” full – 東京 ⚠️' : 'ok',
    );
    const screen = screensFor(initialState(world), 'note').find((s) => s.name === 'incident detail')!;
    const drawn = drawScreen(world, screen, [100, 30], true);
    expect(nonAscii(drawn.raw)).toBeNull();
    expect(drawn.raw.replace(SGR, '')).toContain(`Zoe's "disk" full - ?? ?`);
  });

  test('hostile vendor text on every screen stays ASCII and within the screen', () => {
    const world = hostileWorld((slot) => `${slot.length % 2 ? '⚠️ Disk full ⚠️' : 'שלום 👨‍👩‍👧 Zoë'} ${slot}`);
    for (const screen of screensFor(initialState(world), 'Zoë 東京')) {
      const drawn = drawScreen(world, screen, [80, 24], true);
      expect(frameProblem(drawn, 80, 24), screen.name).toBeNull();
      expect(nonAscii(drawn.raw), screen.name).toBeNull();
    }
  });
});
