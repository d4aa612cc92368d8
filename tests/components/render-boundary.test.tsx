/**
 * Issue 7: a render error in one part of the screen stays in that part. The part says what
 * failed, the rest keeps drawing and taking keys, and the process never exits on it.
 */
import { Box, Text } from 'ink';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Incident } from '../../src/domain/model.js';
import { RenderBoundary, RenderErrorContext } from '../../src/ui/components/RenderBoundary.js';
import { createTheme } from '../../src/ui/theme/theme.js';
import { ThemeContext } from '../../src/ui/theme/use-theme.js';
import { connector, createTestStore, from, INCIDENTS, stream } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { cleanup, render, renderApp, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';
afterEach(cleanup);

const ESC = '\x1b';

function Thrower({ message }: { message: string | null }) {
  if (message !== null) throw new Error(message);
  return <Text>drawn fine</Text>;
}

function Screen({
  message,
  retry,
  onError,
}: {
  message: string | null;
  retry: number;
  onError?(e: Error, w: string): void;
}) {
  return (
    <ThemeContext.Provider value={createTheme()}>
      <RenderErrorContext.Provider value={onError ?? (() => {})}>
        <Box flexDirection="column" width={50}>
          <RenderBoundary label="Queue health" width={50} height={6} retryKey={retry}>
            <Thrower message={message} />
          </RenderBoundary>
          <Text>the sibling panel</Text>
        </Box>
      </RenderErrorContext.Provider>
    </ThemeContext.Provider>
  );
}

describe('RenderBoundary', () => {
  test('shows the error in place, sanitized and fitted, and keeps the sibling drawing', () => {
    const errors: string[] = [];
    const r = render(
      <Screen
        message={`boom ${ESC}[2J${ESC}]52;c;ZXZpbA==\x07 at ⚠️ row`}
        retry={0}
        onError={(e) => errors.push(e.message)}
      />,
      { cols: 60, rows: 10 },
    );
    const f = stripAnsi(r.lastFrame());
    expect(f).toContain('Queue health could not be drawn');
    expect(f).toContain('Error: boom');
    expect(f).toContain('the sibling panel');
    expect(r.lastFrame()).not.toContain(`${ESC}]52`);
    expect(r.lastFrame()).not.toContain(`${ESC}[2J`);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(errors).toHaveLength(1);
  });

  test('tries again when the retry key changes, and reports a repeated error once', () => {
    const errors: string[] = [];
    const onError = (e: Error) => errors.push(e.message);
    const r = render(<Screen message="bad record" retry={0} onError={onError} />, { cols: 60, rows: 10 });
    r.rerender(<Screen message="bad record" retry={1} onError={onError} />);
    expect(stripAnsi(r.lastFrame())).toContain('could not be drawn');
    expect(errors).toEqual(['bad record']);
    r.rerender(<Screen message={null} retry={2} onError={onError} />);
    expect(stripAnsi(r.lastFrame())).toContain('drawn fine');
    expect(stripAnsi(r.lastFrame())).not.toContain('could not be drawn');
  });
});

/**
 * An incident whose title throws when turned into text: a stand-in for any record a panel
 * cannot draw. The store and the panel derivations only pass it along; drawing it fails.
 */
function poisoned(): Incident[] {
  const incidents = from('pd-demo', INCIDENTS);
  const title = {
    toString() {
      throw new RangeError('Invalid count value: -2');
    },
  } as unknown as string;
  return [{ ...incidents[0]!, title }, ...incidents.slice(1)];
}

function poisonedStore() {
  return createTestStore({
    connectors: {
      'pd-demo': connector('pd-demo', {
        streams: { ...connector().streams, incidents: stream('incidents', poisoned()) },
      }),
    },
  });
}

describe('the cockpit with a record that cannot be drawn', () => {
  test('the queue panel shows the error; the other panels, keys and quit keep working', async () => {
    const { store } = poisonedStore();
    const r = renderApp(store, { cols: 100, rows: 30 });
    await vi.waitFor(() => expect(r.frame()).toContain('Queue health could not be drawn'));
    const f = r.frame();
    expect(f).toContain('RangeError: Invalid count value: -2');
    // The summaries of the other panels are still there, and so are the header and key hints.
    expect(f).toMatch(/2 On-call +⚠ NOBODY ON CALL: Data EP/);
    expect(f).toContain('itops-tui');
    expect(f).toContain('? Keys');
    // Keys still work: another panel takes the focus and draws normally.
    r.stdin.write('2');
    await vi.waitFor(() => expect(r.frame()).toContain('▶ 2 On-call'));
    expect(r.frame()).toContain('Checkout EP');
    r.stdin.write('1');
    await vi.waitFor(() => expect(r.frame()).toContain('Queue health could not be drawn'));
    // The detail view of the bad record fails alone too, and Esc still leaves it.
    r.stdin.write(KEY.enter);
    await vi.waitFor(() => expect(r.frame()).toContain('The detail view could not be drawn'));
    r.stdin.write(KEY.esc);
    await vi.waitFor(() => expect(r.frame()).toContain('Queue health could not be drawn'));
    // An action dialog about it cannot be drawn either: it closes and says nothing was sent.
    r.stdin.write('a');
    await vi.waitFor(() => expect(r.frame()).toContain('nothing was sent'));
    expect(r.frame()).not.toContain('[y]');
    r.stdin.write('q');
    await expect(r.waitUntilExit()).resolves.toBeUndefined();
  });

  test('an error above every panel fills the screen with the reason and q still quits', async () => {
    const { store } = createTestStore();
    const broken = {
      ...store,
      getState: () => {
        throw new TypeError('state is unreadable');
      },
    };
    const r = renderApp(broken, { cols: 80, rows: 24 });
    await vi.waitFor(() => expect(r.frame()).toContain('The cockpit could not be drawn'));
    expect(r.frame()).toContain('TypeError: state is unreadable');
    expect(r.frame()).toContain('Press q to quit');
    r.stdin.write('q');
    await expect(r.waitUntilExit()).resolves.toBeUndefined();
  });
});
