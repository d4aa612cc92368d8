/** Command-line mistakes get the same did-you-mean as config keys. */
import { describe, expect, it } from 'vitest';
import { MAX_DEMO_HOSTS, parseCliArgs, USAGE, UsageError } from '../../../src/cli/args.js';
import { MAX_FLEET } from '../../../src/sim/index.js';

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

  it("--hosts sizes the demo fleet: whole numbers up to the simulator's ceiling, only with --demo or sim", () => {
    expect(parseCliArgs(['--demo', '--hosts', '100000']).hosts).toBe(100_000);
    expect(parseCliArgs(['sim', '--hosts', '5000']).hosts).toBe(5_000);
    expect(MAX_DEMO_HOSTS).toBe(MAX_FLEET);
    for (const bad of ['0', '-3', '2.5', '100001', 'lots', ''])
      expect(failure(['--demo', `--hosts=${bad}`])).toBe(
        `--hosts expects a whole number from 1 to 100000, got "${bad}"`,
      );
    expect(failure(['--hosts', '10'])).toBe('--hosts sizes the demo fleet: use it with --demo or "sim"');
    expect(failure(['--host', '10'])).toMatch(/did you mean --hosts\?/);
    expect(USAGE).toMatch(/--hosts N/);
  });

  it('snapshot formats: --json by default, --text or --markdown, one at a time, only for snapshot', () => {
    expect(parseCliArgs(['snapshot'], {}).format).toBe('json');
    expect(parseCliArgs(['snapshot', '--text'], {}).format).toBe('text');
    expect(parseCliArgs(['snapshot', '--markdown'], {}).format).toBe('markdown');
    expect(failure(['snapshot', '--text', '--markdown'])).toBe(
      'choose one snapshot format: --text or --markdown',
    );
    expect(failure(['snapshot', '--json', '--text'])).toBe('choose one snapshot format: --json or --text');
    expect(failure(['--markdown'])).toBe('--markdown only goes with "snapshot"');
    // What people try first (issue 14): --format works too.
    expect(parseCliArgs(['snapshot', '--format', 'text'], {}).format).toBe('text');
    expect(parseCliArgs(['snapshot', '--format=md'], {}).format).toBe('markdown');
    expect(parseCliArgs(['snapshot', '--format', 'json', '--json'], {}).format).toBe('json');
    expect(failure(['snapshot', '--format', 'html'])).toBe(
      '--format: unknown format "html"; use json, text or markdown',
    );
    expect(failure(['snapshot', '--format', 'text', '--json'])).toBe(
      'choose one snapshot format: --json or --text',
    );
    expect(failure(['doctor', '--fail-on', 'breach'])).toBe('--fail-on only goes with "snapshot"');
  });

  it('--since takes a duration; a bare number or a word is refused with the accepted form', () => {
    expect(parseCliArgs(['snapshot'], {}).sinceMs).toBe(8 * 3_600_000);
    expect(parseCliArgs(['snapshot', '--since', '30m'], {}).sinceMs).toBe(30 * 60_000);
    expect(parseCliArgs(['snapshot', '--since', '1h30m'], {}).sinceMs).toBe(90 * 60_000);
    expect(parseCliArgs(['snapshot', '--since', '2d'], {}).sinceMs).toBe(2 * 86_400_000);
    for (const bad of ['8', 'yesterday', '8h tomorrow', '0h', '-1h', ''])
      expect(failure(['snapshot', `--since=${bad}`])).toBe(
        `--since expects a duration such as 30m, 8h or 2d, got "${bad}"`,
      );
  });

  it('--fail-on: comma-separated or repeated, each known, with a did-you-mean', () => {
    expect(
      parseCliArgs(['snapshot', '--fail-on', 'breach,stale', '--fail-on', 'critical'], {}).failOn,
    ).toEqual(['breach', 'stale', 'critical']);
    expect(parseCliArgs(['snapshot'], {}).failOn).toEqual([]);
    expect(failure(['snapshot', '--fail-on', 'breech'])).toBe(
      '--fail-on: unknown condition "breech" (did you mean breach?); use breach, critical, stale',
    );
    expect(USAGE).toMatch(/^ {2}4 {2}snapshot --fail-on: a condition held/m);
    for (const c of ['breach', 'critical', 'stale'])
      expect(USAGE).toMatch(new RegExp(`^ +${c} {2,}\\S`, 'm'));
  });

  it('--theme names a theme', () => {
    expect(parseCliArgs(['--theme', 'high-contrast'], {}).theme).toBe('high-contrast');
    expect(parseCliArgs([], {}).theme).toBeUndefined();
    expect(failure(['--theme', 'high-contrast2'])).toBe(
      '--theme: unknown theme "high-contrast2" (did you mean high-contrast?); use dark, light, mono, high-contrast',
    );
  });
});
