import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  formatConfigError,
  formatConfigIssues,
  formatPath,
  issuesFromZod,
} from '../../../src/config/errors.js';

/** Stand-in for a connector plugin's own configSchema. */
const pluginSchema = z.object({
  region: z.enum(['us', 'eu']),
  fromEmail: z.email({ error: 'use the email of a PagerDuty user on the account.' }),
  pageSize: z.number().int().max(100).optional(),
});

function pluginError(input: unknown): z.ZodError {
  const parsed = pluginSchema.safeParse(input);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
}

describe('issuesFromZod with a plugin path prefix', () => {
  it('puts plugin issues under the connector path and says what was written', () => {
    const input = { region: 'de', fromEmail: 'ana@example.com' };
    const issues = issuesFromZod(pluginError(input), ['connectors', 'pd-us'], input);
    expect(issues).toEqual([
      {
        path: 'connectors.pd-us.region',
        keyPath: ['connectors', 'pd-us', 'region'],
        message: 'expected "us" or "eu", got "de"',
        expected: '"us" or "eu"',
        fix: 'set region to us or eu.',
      },
    ]);
  });

  it('a schema author’s own message becomes the fix', () => {
    const input = { region: 'us', fromEmail: 'not-an-email' };
    const text = formatConfigIssues(pluginError(input), ['connectors', 'pd-us'], input);
    expect(text).toBe(
      '  connectors.pd-us.fromEmail: invalid value "not-an-email". Fix: use the email of a PagerDuty user on the account.',
    );
  });

  it('works without the input (as the host calls it) and reports missing keys', () => {
    const issues = issuesFromZod(pluginError({ region: 'us', pageSize: 500 }), ['connectors', 'pd-eu']);
    expect(issues.map((i) => i.path)).toEqual(['connectors.pd-eu.fromEmail', 'connectors.pd-eu.pageSize']);
    expect(issues[0]?.message).toBe('missing (expected a string)');
    expect(issues[1]?.message).toMatch(/^expected at most 100/);
  });
});

describe('formatting', () => {
  it('renders paths the way a user writes them', () => {
    expect(formatPath(['connectors', 'pd-us', 'token'])).toBe('connectors.pd-us.token');
    expect(formatPath(['plugins', 'paths', 0])).toBe('plugins.paths[0]');
    expect(formatPath(['keys', 'incident.ack'])).toBe('keys["incident.ack"]');
  });

  it('formats the file header, one line per issue, and passes other errors through', () => {
    const err = new ConfigError('CONFIG_INVALID', 'Config error in /home/ana/.config/itops/config.yml', {
      file: '/home/ana/.config/itops/config.yml',
      issues: [
        {
          path: 'connectors.pd-us.region',
          message: 'expected "us" or "eu", got "de"',
          fix: 'set region to us or eu (EU accounts use eu).',
        },
        { path: 'ui.clock', message: 'expected "24h" or "12h", got "ampm"' },
      ],
    });
    expect(formatConfigError(err)).toBe(
      [
        'Config error in /home/ana/.config/itops/config.yml',
        '  connectors.pd-us.region: expected "us" or "eu", got "de". Fix: set region to us or eu (EU accounts use eu).',
        '  ui.clock: expected "24h" or "12h", got "ampm"',
      ].join('\n'),
    );
    expect(err.message).toBe(formatConfigError(err));
    // Context stays off the enumerable surface so logging the error stays small.
    expect(Object.keys(err)).not.toContain('issues');
    expect(formatConfigError(new Error('boom'))).toBe('boom');
  });
});
