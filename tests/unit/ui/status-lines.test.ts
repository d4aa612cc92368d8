import { describe, expect, it } from 'vitest';
import { initialState } from '../../../src/store/state.js';
import type { ConnectorState } from '../../../src/store/types.js';
import { displayWidth } from '../../../src/ui/text/fit.js';
import { createTheme } from '../../../src/ui/theme/theme.js';
import { statusLines } from '../../../src/ui/view/status-lines.js';

process.env.TZ = 'UTC';
const WALL = Date.parse('2026-11-23T03:12:45Z');
const g = createTheme().glyph;

const DETAIL = [
  'PagerDuty rejected the API token (401) on GET /incidents. Check connectors.pd.token (and region: an EU account needs region: eu).',
  'PagerDuty said: Authentication failed \u001B[2J: the key was revoked at 02:10 by an admin.',
].join('\n');

const pd: ConnectorState = {
  instance: 'pd',
  pluginId: 'pagerduty',
  displayName: 'PagerDuty',
  capabilities: ['incidents.read', 'oncall.read'],
  actions: [],
  traits: [],
  health: 'down',
  streams: {
    incidents: {
      name: 'incidents',
      records: [],
      fetchedAt: WALL - 200_000,
      status: 'paused',
      intervalMs: 15_000,
      nextPollAt: null,
      failures: 1,
      error:
        'PagerDuty rejected the API token (401) on GET /incidents. Check connectors.pd.token (and region: an EU account needs region: eu).',
      errorDetail: DETAIL,
      errorCode: 'AUTH',
    },
    oncall: {
      name: 'oncall',
      records: [],
      fetchedAt: WALL - 5_000,
      status: 'ok',
      intervalMs: 60_000,
      nextPollAt: WALL + 55_000,
      failures: 0,
    },
  },
};

const state = initialState({
  connectors: { pd },
  refused: [
    {
      instance: 'jira',
      plugin: 'jira',
      reason: 'no plugin named "jira"; did you mean "pagerduty"?',
      code: 'PLUGIN_NOT_FOUND',
    },
  ],
  warnings: ['connectors.pd.regoin: unknown key; did you mean "region"?'],
  history: [
    {
      id: 1,
      level: 'error',
      text: 'pd incidents: paused (AUTH): PagerDuty rejected the API token',
      at: WALL - 60_000,
    },
    { id: 2, level: 'success', text: 'Acknowledged #4211', at: WALL - 300_000 },
  ],
});

describe('statusLines', () => {
  const lines = statusLines(
    state,
    [{ level: 'warn', text: 'Select an incident to acknowledge.', at: WALL - 10_000 }],
    {
      width: 60,
      real: WALL,
      g,
      retry: 'press r',
    },
  );
  const text = lines.map((l) => l.text).join('\n');
  const flat = lines.map((l) => l.text.trim()).join(' ');

  it('every line fits the width, ids are unique', () => {
    for (const l of lines) expect(displayWidth(l.text)).toBeLessThanOrEqual(60);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  });

  it('each stream with its state and the one reading; the whole error, every line of it, cleaned', () => {
    expect(flat).toContain('✖ pd (PagerDuty) paused: fix credentials, press r (stale 3m)');
    expect(text).toContain('incidents: paused · stale 3m');
    expect(text).toContain('oncall: ok · updated 5s ago · next poll in 55s');
    expect(flat).toContain('(and region: an EU account needs region: eu).');
    expect(flat).toContain(
      'PagerDuty said: Authentication failed : the key was revoked at 02:10 by an admin.',
    );
    expect(text).not.toContain('\u001B');
    expect(flat).toContain('What to do: Polling is paused until the credentials work');
    expect(flat).toContain('then press r to retry');
  });

  it('refused connectors, config warnings, and messages newest first, the UI’s and the store’s', () => {
    expect(flat).toContain(
      '✖ jira (jira) PLUGIN_NOT_FOUND: no plugin named "jira"; did you mean "pagerduty"?',
    );
    expect(flat).toContain('▲ connectors.pd.regoin: unknown key; did you mean "region"?');
    const order = [
      '03:12:35 ▲ Select an incident',
      '03:11:45 ✖ pd incidents: paused',
      '03:07:45 ✔ Acknowledged #4211',
    ].map((m) => text.indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('says "none" rather than leaving a section blank', () => {
    const empty = statusLines(initialState(), [], { width: 60, real: WALL, g, retry: 'press r' }).map(
      (l) => l.text,
    );
    expect(empty).toContain('  No connector is running.');
    expect(empty).toContain('  None.');
    expect(empty).toContain('  None yet.');
  });
});
