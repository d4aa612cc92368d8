import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigError } from '../../../src/config/errors.js';
import { panelSettingsFromConfig } from '../../../src/config/panel-settings.js';
import { validateConfig } from '../../../src/config/validate.js';

const FILE = '/home/ana/.config/itops/config.yml';

function problem(raw: unknown): string {
  try {
    validateConfig(raw, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return formatConfigError(err as ConfigError);
  }
  throw new Error('expected the config to be rejected');
}

describe('correlation config', () => {
  it('defaults to no aliases, and maps aliases onto the panel settings', () => {
    expect(panelSettingsFromConfig(validateConfig({}, FILE).config).correlation).toEqual({ aliases: {} });
    const { config } = validateConfig({ correlation: { aliases: { web: ['web-01', 'WEB-01.prod'] } } }, FILE);
    expect(panelSettingsFromConfig(config).correlation.aliases).toEqual({ web: ['web-01', 'WEB-01.prod'] });
  });

  it('refuses one spelling under two names, naming both and where', () => {
    const text = problem({ correlation: { aliases: { web: ['web-01'], api: ['WEB-01'] } } });
    expect(text).toContain('correlation.aliases.api[0]');
    expect(text).toContain('"WEB-01" is already an alias of "web"');
  });

  it('refuses an empty list and a blank alias, and a typo of the section', () => {
    expect(problem({ correlation: { aliases: { web: [] } } })).toContain('list at least one other spelling');
    expect(problem({ correlation: { aliases: { web: ['  '] } } })).toContain('an alias cannot be empty');
    expect(problem({ correlation: { alias: {} } })).toMatch(/aliases/);
  });
});
