/**
 * Built-in Datadog connector: alerting monitors with their groups, SLOs with error budget and
 * burn rate, v2 incidents, mute/unmute as downtimes and incident state changes. See README.md.
 */
import { definePlugin } from 'itops-tui/plugin';
import { CAPABILITIES, createConnector } from './connector.js';
import { datadogConfigSchema } from './schema.js';

export { datadogConfigSchema } from './schema.js';

export const DATADOG_PLUGIN_VERSION = '1.0.0';

export default definePlugin({
  apiVersion: 1,
  id: 'datadog',
  displayName: 'Datadog',
  version: DATADOG_PLUGIN_VERSION,
  capabilities: CAPABILITIES,
  configSchema: datadogConfigSchema,
  actions: {
    standard: {
      'monitors.mute': {
        wording: {
          lines: [
            'Datadog schedules a downtime on it: no notifications while it lasts; the monitor keeps evaluating.',
          ],
        },
      },
    },
    custom: [
      {
        id: 'datadog.state',
        kind: 'incident',
        method: 'changeIncidentState',
        key: 'shift+s',
        hint: 2,
        danger: 'none',
        input: [
          {
            kind: 'choice',
            field: 'state',
            title: 'Set {subject} to…',
            options: [
              { value: 'active', label: 'Active', lines: ['The incident is ongoing.'] },
              { value: 'stable', label: 'Stable', lines: ['Impact is contained; work continues.'] },
              {
                value: 'resolved',
                label: 'Resolved',
                danger: 'confirm',
                lines: ['Closes the incident in Datadog.'],
              },
            ],
          },
        ],
        wording: {
          title: 'Set incident state…',
          short: 'State…',
          verb: 'change the state of',
          ability: 'change incident states',
          noun: 'state change',
          progress: 'Updating',
          question: 'Set {subject} to {state}?',
          lines: [],
          confirmLabel: 'Set state',
          again: 'Set again',
        },
        refresh: ['incidents'],
      },
    ],
  },
  setup(ctx) {
    return createConnector(ctx);
  },
});
