/**
 * Built-in PagerDuty connector (REST API v2). See README.md beside this file for
 * the config keys, how escalation levels are derived and the known limits.
 */

import { definePlugin } from 'itops-tui/plugin';
import { CAPABILITIES, createConnector } from './connector.js';
import { pagerDutyConfigSchema } from './schema.js';

export { pagerDutyConfigSchema } from './schema.js';

export const PAGERDUTY_PLUGIN_VERSION = '1.0.0';

export default definePlugin({
  apiVersion: 1,
  id: 'pagerduty',
  displayName: 'PagerDuty',
  version: PAGERDUTY_PLUGIN_VERSION,
  capabilities: CAPABILITIES,
  configSchema: pagerDutyConfigSchema,
  setup(ctx) {
    return createConnector(ctx);
  },
});
