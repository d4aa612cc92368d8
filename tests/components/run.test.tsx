import { describe, expect, test, vi } from 'vitest';
import { runCockpit } from '../../src/ui/run.js';
import { createTestStore, NOW } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { FakeStdin, SizedStdout, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';

function start(opts: { signal?: AbortSignal; keys?: Record<string, string | string[]> } = {}) {
  const stdout = new SizedStdout(80, 24);
  const stdin = new FakeStdin();
  const done = runCockpit(createTestStore().store, {
    clock: { now: () => NOW },
    version: '0.1.0',
    demo: true,
    readOnly: false,
    ascii: false,
    noColor: true,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    ...opts,
  });
  return { stdout, stdin, done, output: () => stdout.frames.join('') };
}

describe('runCockpit', () => {
  test('draws on the alternate screen and resolves with it restored when the user presses q', async () => {
    const app = start();
    await vi.waitFor(() => expect(stripAnsi(app.output())).toContain('#4211'));
    expect(app.output()).toContain(ENTER_ALT);
    app.stdin.write('q');
    await expect(app.done).resolves.toBeUndefined();
    expect(app.output().lastIndexOf(LEAVE_ALT)).toBeGreaterThan(app.output().lastIndexOf(ENTER_ALT));
  });

  test('Ctrl-C quits the same way (exitOnCtrlC is off; it is a registered command)', async () => {
    const app = start();
    await vi.waitFor(() => expect(stripAnsi(app.output())).toContain('#4211'));
    app.stdin.write(KEY.ctrlC);
    await expect(app.done).resolves.toBeUndefined();
  });

  test('an aborted signal (SIGTERM in the CLI) unmounts and resolves', async () => {
    const controller = new AbortController();
    const app = start({ signal: controller.signal });
    await vi.waitFor(() => expect(stripAnsi(app.output())).toContain('#4211'));
    controller.abort();
    await expect(app.done).resolves.toBeUndefined();
    expect(app.output()).toContain(LEAVE_ALT);
  });

  test('bad key overrides are refused before the terminal is touched', async () => {
    const app = start({ keys: { 'incident.ack': 'j' } });
    await expect(app.done).rejects.toThrow(/keys\.|nav\.down/);
    expect(app.output()).toBe('');
  });
});
