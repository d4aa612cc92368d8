/** Command-line mistakes get the same did-you-mean as config keys. */
import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE, UsageError } from '../../../src/cli/args.js';

const failure = (argv: string[]) => {
  try {
    parseCliArgs(argv, {});
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('parseCliArgs', () => {
  it('suggests the option a typo meant: --readonly is --read-only', () => {
    expect(failure(['--readonly'])).toBe(
      'unknown option --readonly (did you mean --read-only?)\nRun "itops-tui --help" for usage.',
    );
    expect(failure(['--nope'])).toBe('unknown option --nope\nRun "itops-tui --help" for usage.');
  });

  it('suggests the command a typo meant', () => {
    expect(failure(['docter'])).toBe(
      'unknown command "docter". Did you mean "doctor"? Commands: run, wall, snapshot, doctor, sim, auth, plugin, help, version.',
    );
  });

  it('plugin list and plugin new NAME [--dir DIR]', () => {
    expect(parseCliArgs(['plugin', 'list', '--json'], {})).toMatchObject({
      command: 'plugin',
      json: true,
      plugin: { action: 'list' },
    });
    expect(parseCliArgs(['plugin', 'new', 'acme', '--dir', '/src'], {}).plugin).toEqual({
      action: 'new',
      name: 'acme',
      dir: '/src',
    });
    expect(failure(['plugin', 'new'])).toMatch(
      /^plugin new needs a name, e\.g\. itops-tui plugin new acme\nusage:/,
    );
    expect(failure(['plugin', 'lst'])).toMatch(
      /^unknown plugin command "lst"; did you mean "list"\?\nusage:/,
    );
    expect(failure(['plugin'])).toBe(
      'usage: itops-tui plugin list [--json] | itops-tui plugin new NAME [--dir DIR]',
    );
    expect(failure(['plugin', 'new', 'a', 'b'])).toMatch(/^usage:/);
    expect(failure(['snapshot', '--dir', 'x'])).toBe('--dir only goes with "plugin new"');
    expect(USAGE).toContain('itops-tui plugin new NAME [--dir DIR]');
  });

  it('wall [--rotate TIME]: seconds per page, refused elsewhere and out of range', () => {
    expect(parseCliArgs(['wall', '--demo'], {})).toMatchObject({ command: 'wall', demo: true });
    expect(parseCliArgs(['wall', '--demo'], {}).rotateSeconds).toBeUndefined();
    expect(parseCliArgs(['wall', '--rotate', '20s'], {}).rotateSeconds).toBe(20);
    expect(parseCliArgs(['wall', '--rotate', '1m30s'], {}).rotateSeconds).toBe(90);
    expect(parseCliArgs(['wall', '--rotate', '45'], {}).rotateSeconds).toBe(45);
    expect(parseCliArgs(['wall', '--rotate', '2m'], {}).rotateSeconds).toBe(120);
    expect(failure(['--rotate', '20s'])).toBe('--rotate only goes with "wall"');
    for (const bad of ['1s', 'soon', '', '0', '2h', '20x']) {
      expect(failure(['wall', '--rotate', bad])).toMatch(
        /^--rotate expects a time from 3s to 60m, e\.g\. 20s or 1m; got /,
      );
    }
    expect(failure(['wal'])).toMatch(/^unknown command "wal"\. Did you mean "wall"\?/);
    expect(USAGE).toMatch(/itops-tui wall \[options\]/);
  });

  it('documents one exit code per kind of problem', () => {
    expect(USAGE).toMatch(/^ {2}2 {2}the config file or the command line is wrong/m);
    expect(USAGE).toMatch(/^ {2}3 {2}the config is valid but a connector failed/m);
  });
});
