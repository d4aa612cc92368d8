/** Why a connector could not be loaded or started; shown in the header and by `doctor`. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    readonly code:
      | 'PLUGIN_NOT_FOUND'
      | 'PLUGIN_INVALID'
      | 'PLUGIN_API_VERSION'
      | 'PLUGIN_CONFIG'
      | 'PLUGIN_SETUP'
      /** A plugin's id is a built-in's or another plugin's, and its entry does not say `override: true`. */
      | 'PLUGIN_SHADOWS',
    message: string,
  ) {
    super(message);
  }
}

/** A failed call into a plugin, with who and what, and the plugin's own error code when it had one. */
export class PluginCallError extends Error {
  override readonly name = 'PluginCallError';
  constructor(
    readonly instance: string,
    readonly operation: string,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
