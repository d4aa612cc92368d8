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
      'unknown command "docter". Did you mean "doctor"? Commands: run, snapshot, doctor, sim, auth, help, version.',
    );
  });

  it('documents one exit code per kind of problem', () => {
    expect(USAGE).toMatch(/^ {2}2 {2}the config file or the command line is wrong/m);
    expect(USAGE).toMatch(/^ {2}3 {2}the config is valid but a connector failed/m);
  });
});
