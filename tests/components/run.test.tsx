import { EventEmitter } from 'node:events';
import { describe, expect, test, vi } from 'vitest';
import { runCockpit } from '../../src/ui/run.js';
import { type JobControl, type JobSignal, REPAINT_RESET } from '../../src/ui/terminal-control.js';
import { createTestStore, NOW } from '../helpers/fixture-store.js';
import { KEY } from '../helpers/keys.js';
import { FakeStdin, SizedStdout, stripAnsi } from '../helpers/render.js';

process.env.TZ = 'UTC';

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';

/** Job control that records stops instead of stopping the test runner. */
class FakeJobs extends EventEmitter implements JobControl {
  stops = 0;
  constructor(private readonly refusal?: string) {
    super();
  }
  whyNotSuspend() {
    return this.refusal;
  }
  stop() {
    this.stops++;
  }
  override on(signal: JobSignal, listener: () => void) {
    return super.on(signal, listener);
  }
  override off(signal: JobSignal, listener: () => void) {
    return super.off(signal, listener);
  }
}

function start(
  opts: { signal?: AbortSignal; keys?: Record<string, string | string[]>; jobControl?: JobControl } = {},
) {
  const stdout = new SizedStdout(80, 24);
  const stdin = new FakeStdin();
  // runCockpit's screen runs on real time, and so does a real store's message clock.
  const done = runCockpit(createTestStore({}, { now: () => Date.now() }).store, {
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

  describe('terminal ownership (Ctrl-Z, SIGTSTP/SIGCONT, Ctrl-L, resize)', () => {
    const SHOW_CURSOR = '\u001B[?25h';
    const drawn = (app: ReturnType<typeof start>) =>
      vi.waitFor(() => expect(stripAnsi(app.output())).toContain('#4211'));

    test('Ctrl-Z leaves the alternate screen, shows the cursor, then stops; SIGCONT comes back and repaints', async () => {
      const jobs = new FakeJobs();
      const app = start({ jobControl: jobs });
      await drawn(app);
      app.stdin.write('\u001A');
      await vi.waitFor(() => expect(jobs.stops).toBe(1));
      const out = app.output();
      expect(out.lastIndexOf(LEAVE_ALT)).toBeGreaterThan(out.lastIndexOf(ENTER_ALT));
      expect(out.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(out.lastIndexOf(ENTER_ALT));
      // A second SIGTSTP while stopped (kill -TSTP twice) is not a second stop.
      jobs.emit('SIGTSTP');
      const mark = app.output().length;
      jobs.emit('SIGCONT');
      await vi.waitFor(() => expect(app.output().slice(mark)).toContain(ENTER_ALT));
      await vi.waitFor(() =>
        expect(stripAnsi(app.output().slice(app.output().lastIndexOf(REPAINT_RESET)))).toContain('#4211'),
      );
      expect(jobs.stops).toBe(1);
      app.stdin.write('q');
      await app.done;
      // Listeners go with the cockpit: a later SIGTSTP is the process's business again.
      expect(jobs.listenerCount('SIGTSTP') + jobs.listenerCount('SIGCONT')).toBe(0);
    });

    test('with no shell to return to, Ctrl-Z says so and keeps running; SIGTSTP is dropped', async () => {
      const jobs = new FakeJobs('Ctrl-Z: no shell to return to. Still running; q quits.');
      const app = start({ jobControl: jobs });
      await drawn(app);
      const mark = app.output().length;
      app.stdin.write('\u001A');
      await vi.waitFor(() => expect(stripAnsi(app.output().slice(mark))).toContain('no shell to return to'));
      jobs.emit('SIGTSTP');
      app.stdin.write('?');
      await vi.waitFor(() => expect(stripAnsi(app.output().slice(mark))).toContain('Navigation'));
      expect(jobs.stops).toBe(0);
      expect(app.output().slice(mark)).not.toContain(LEAVE_ALT);
      app.stdin.write('\u001B');
      const closed = app.output().length;
      await vi.waitFor(() => expect(stripAnsi(app.output().slice(closed))).toContain('Queue health'));
      app.stdin.write('q');
      await app.done;
    });

    test('SIGTSTP from outside suspends the same way', async () => {
      const jobs = new FakeJobs();
      const app = start({ jobControl: jobs });
      await drawn(app);
      jobs.emit('SIGTSTP');
      await vi.waitFor(() => expect(jobs.stops).toBe(1));
      expect(app.output().lastIndexOf(LEAVE_ALT)).toBeGreaterThan(app.output().lastIndexOf(ENTER_ALT));
      jobs.emit('SIGCONT');
      await vi.waitFor(() =>
        expect(app.output().lastIndexOf(ENTER_ALT)).toBeGreaterThan(app.output().lastIndexOf(LEAVE_ALT)),
      );
      app.stdin.write('q');
      await app.done;
    });

    test('a SIGCONT we did not cause (kill -STOP, kill -CONT) re-asserts the terminal and repaints', async () => {
      const jobs = new FakeJobs();
      const app = start({ jobControl: jobs });
      await drawn(app);
      const mark = app.output().length;
      jobs.emit('SIGCONT');
      await vi.waitFor(() => expect(app.output().slice(mark)).toContain(REPAINT_RESET));
      const after = app.output().slice(mark);
      expect(after.indexOf(LEAVE_ALT)).toBeLessThan(after.lastIndexOf(ENTER_ALT));
      expect(jobs.stops).toBe(0);
      app.stdin.write('q');
      await app.done;
    });

    test.each([
      ['Ctrl-L', (app: ReturnType<typeof start>) => app.stdin.write('\u000C')],
      ['a resize', (app: ReturnType<typeof start>) => app.stdout.emit('resize')],
    ])('%s clears the screen and paints every line again', async (_name, trigger) => {
      const app = start({ jobControl: new FakeJobs() });
      await drawn(app);
      const mark = app.output().length;
      trigger(app);
      await vi.waitFor(() => {
        const after = app.output().slice(mark);
        expect(after).toContain(REPAINT_RESET);
        // Not a diff of changed lines: the whole frame, header to footer, follows the reset.
        const repaint = stripAnsi(after.slice(after.lastIndexOf(REPAINT_RESET)));
        expect(repaint).toContain('itops-tui');
        expect(repaint).toContain('#4211');
        // The footer, the last line, is in the repaint too.
        expect(repaint).toMatch(/↵ Detail/);
      });
      app.stdin.write('q');
      await app.done;
    });
  });
});
