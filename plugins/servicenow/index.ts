/**
 * Built-in ServiceNow connector (Table API). See README.md beside this file for
 * the config keys, how incremental sync works and the known limits.
 */

import { definePlugin } from 'itops-tui/plugin';
import { SERVICENOW_ACTIONS } from './actions.js';
import { CAPABILITIES, createConnector } from './connector.js';
import { serviceNowConfigSchema } from './schema.js';

export { serviceNowConfigSchema } from './schema.js';

export const SERVICENOW_PLUGIN_VERSION = '1.0.0';

export default definePlugin({
  apiVersion: 1,
  id: 'servicenow',
  displayName: 'ServiceNow',
  version: SERVICENOW_PLUGIN_VERSION,
  capabilities: CAPABILITIES,
  configSchema: serviceNowConfigSchema,
  actions: SERVICENOW_ACTIONS,
  // Its incidents are tickets in assignment groups: the queue shows per-group figures.
  traits: ['ticket-queue'],
  setup(ctx) {
    return createConnector(ctx);
  },
});
