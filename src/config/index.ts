/** Config: discovery, schema, secret references, redaction and error formatting. */
export { didYouMean, levenshtein } from './did-you-mean.js';
export {
  ConfigError,
  type ConfigErrorCode,
  type ConfigIssue,
  describeValue,
  formatConfigError,
  formatConfigIssues,
  formatPath,
  issuesFromZod,
} from './errors.js';
export {
  configSearchLocations,
  defaultConfigFile,
  type LoadConfigOptions,
  type LoadConfigResult,
  type LoadedConfig,
  loadConfig,
  SEARCH_PLACES,
  xdgConfigDir,
  xdgStateDir,
} from './load.js';
export { panelSettingsFromConfig } from './panel-settings.js';
export { REDACTED, redactCredentials, SecretRegistry } from './redact.js';
export * from './schema.js';
export {
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
export { findPlainSecrets, findUnknownKeys, validateConfig } from './validate.js';
