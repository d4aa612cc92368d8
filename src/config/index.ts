/** Config: discovery, schema, secret references, redaction and error formatting. */
export { didYouMean, levenshtein } from './did-you-mean.js';
export {
  ConfigError,
  type ConfigErrorCode,
  type ConfigIssue,
  describeValue,
  formatConfigError,
  formatConfigIssues,
  formatIssue,
  formatPath,
  issuesFromZod,
} from './errors.js';
export {
  type ConfigReport,
  configSearchLocations,
  defaultConfigFile,
  inspectConfig,
  type LoadConfigOptions,
  type LoadConfigResult,
  type LoadedConfig,
  loadConfig,
  SEARCH_PLACES,
  xdgConfigDir,
  xdgStateDir,
} from './load.js';
export { panelSettingsFromConfig } from './panel-settings.js';
export { checkPaths, type PathKind, type PathReport, type PathSetting } from './paths.js';
export { locate, locateIssues, type Position, type PositionIndex } from './positions.js';
export { REDACTED, redactCredentials, redactDeep, SecretRegistry } from './redact.js';
export { applyKeyChanges, KEY_CHANGES, type KeyChange } from './renamed.js';
export * from './schema.js';
export {
  COMMAND_ENV,
  commandEnv,
  deleteKeychainSecret,
  describeSecretRef,
  isPlainSecret,
  KEYCHAIN_SERVICE,
  type KeychainOptions,
  type Keytar,
  type ResolveSecretOptions,
  resolveSecret,
  setKeychainSecret,
} from './secrets.js';
export { MAX_CONFIG_BYTES, MAX_CONFIG_NODES, readConfigSource } from './source.js';
export { findUnknownKeys, unknownKeyIssue } from './strict-keys.js';
export {
  checkConfigValue,
  configInvalid,
  findPlainSecrets,
  formatWarning,
  plainSecretValues,
  sortIssues,
  validateConfig,
} from './validate.js';
