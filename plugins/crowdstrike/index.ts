/**
 * Built-in CrowdStrike Falcon connector: hosts with their sensor, policies and Zero Trust
 * score for the endpoint compliance panel, and host containment. See README.md beside this file.
 */
import { definePlugin } from 'itops-tui/plugin';
import { CAPABILITIES, createConnector } from './connector.js';
import { falconConfigSchema } from './schema.js';

export { falconConfigSchema } from './schema.js';

export const CROWDSTRIKE_PLUGIN_VERSION = '1.0.0';

export default definePlugin({
  apiVersion: 1,
  id: 'crowdstrike',
  displayName: 'CrowdStrike Falcon',
  version: CROWDSTRIKE_PLUGIN_VERSION,
  capabilities: CAPABILITIES,
  configSchema: falconConfigSchema,
  actions: {
    standard: {
      'endpoints.contain': {
        wording: {
          lines: [
            'Falcon cuts the host off the network; only its sensor keeps talking to the Falcon cloud.',
            'Whoever works on it loses every connection until containment is lifted.',
          ],
        },
      },
    },
  },
  setup(ctx) {
    return createConnector(ctx);
  },
});
