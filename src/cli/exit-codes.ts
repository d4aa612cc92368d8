/**
 * One exit code per kind of problem, the same in every command (the cockpit,
 * `snapshot`, `doctor`). Documented in README.md and docs/configuration.md.
 */
export const EXIT = {
  /** Everything worked (or the cockpit was quit normally). */
  ok: 0,
  /** A bug in itops-tui: the message includes a stack trace to report. */
  internal: 1,
  /** The config file or the command line is wrong: fix the file or the flags. Nothing was contacted. */
  config: 2,
  /** Same code as `config`: a usage mistake is a command-line configuration problem. */
  usage: 2,
  /** Config is valid but a connector failed: it could not start, its credentials were refused, or a poll failed. */
  connector: 3,
  /** `snapshot --fail-on`: a condition asked about held (a breach, a P1, a stale source). */
  failOn: 4,
} as const;
