/**
 * `itops-tui/testing` (and `itops-tui-plugin-kit/testing`): a contract-test kit for plugin
 * authors. Runner-agnostic: `checkPlugin()` returns problems as data, so it works under vitest,
 * node:test or a plain script. Point it at your connector and a fixture server of your vendor,
 * and it checks what the host will check at run time, before a user finds out.
 */
export { type CheckOptions, type ContractProblem, checkPlugin } from './check.js';
export {
  createTestContext,
  type HostHttpOptions,
  setupPlugin,
  type TestContext,
  type TestContextOptions,
  type TestLogEntry,
} from './context.js';
export { type Watched, type WatchOptions, watchCall } from './watch.js';
