/** Renamed and removed keys load with a warning instead of breaking an upgrade. */
import { describe, expect, it } from 'vitest';
import { applyKeyChanges, KEY_CHANGES, type KeyChange } from '../../../src/config/renamed.js';
import { checkConfigValue } from '../../../src/config/validate.js';

const TABLE: KeyChange[] = [
  { path: 'log.file', renamedTo: 'path', since: '0.1.0' },
  { path: 'connectors.*.pollInterval', renamedTo: 'pollSeconds', since: '0.2.0' },
  { path: 'ui.refreshMs', removed: 'the screen redraws when data arrives', since: '0.1.0' },
];

describe('applyKeyChanges', () => {
  it('moves a renamed key to its new name and says so, with the key path for a line number', () => {
    const raw = { log: { file: '~/x.log', level: 'info' } };
    const { value, warnings } = applyKeyChanges(raw, TABLE);
    expect(value).toEqual({ log: { path: '~/x.log', level: 'info' } });
    expect(warnings).toEqual([
      {
        path: 'log.file',
        keyPath: ['log', 'file'],
        at: 'key',
        message: 'renamed to log.path in 0.1.0; the value is used',
        fix: 'rename file to path.',
      },
    ]);
    // The parsed document is never changed in place.
    expect(raw).toEqual({ log: { file: '~/x.log', level: 'info' } });
  });

  it('keeps the new key when both are set, and warns that the old one is ignored', () => {
    const { value, warnings } = applyKeyChanges({ log: { file: 'old.log', path: 'new.log' } }, TABLE);
    expect(value).toEqual({ log: { path: 'new.log' } });
    expect(warnings[0]?.message).toBe('renamed to log.path in 0.1.0, and both are set; log.path is used');
  });

  it('matches every connector through a * segment', () => {
    const { value, warnings } = applyKeyChanges(
      { connectors: { a: { plugin: 'pagerduty', pollInterval: 30 }, b: { plugin: 'pagerduty' } } },
      TABLE,
    );
    expect(value).toEqual({
      connectors: { a: { plugin: 'pagerduty', pollSeconds: 30 }, b: { plugin: 'pagerduty' } },
    });
    expect(warnings.map((w) => w.path)).toEqual(['connectors.a.pollInterval']);
  });

  it('drops a removed key with a warning that says what replaced it', () => {
    const { value, warnings } = applyKeyChanges({ ui: { refreshMs: 250, theme: 'dark' } }, TABLE);
    expect(value).toEqual({ ui: { theme: 'dark' } });
    expect(warnings[0]?.message).toBe('removed in 0.1.0 and ignored: the screen redraws when data arrives');
  });

  it('leaves documents without old keys (and non-mappings) alone', () => {
    expect(applyKeyChanges({ ui: { theme: 'dark' } }, TABLE)).toEqual({
      value: { ui: { theme: 'dark' } },
      warnings: [],
    });
    expect(applyKeyChanges(['x'], TABLE)).toEqual({ value: ['x'], warnings: [] });
  });
});

describe('the shipped table', () => {
  it('an old config with a renamed key loads without errors: upgrades never break it', () => {
    const check = checkConfigValue({ log: { file: '/var/log/itops.log' }, ui: { refreshMs: 500 } });
    expect(check.errors).toEqual([]);
    expect(check.config?.log.path).toBe('/var/log/itops.log');
    expect(check.warnings.map((w) => w.path)).toEqual(['log.file', 'ui.refreshMs']);
  });

  it('every entry names its release and either a new name or what to do instead', () => {
    for (const change of KEY_CHANGES) {
      expect(change.since).toMatch(/^\d+\.\d+\.\d+$/);
      expect(Boolean(change.renamedTo) !== Boolean(change.removed)).toBe(true);
    }
  });
});
