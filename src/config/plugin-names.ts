/**
 * The npm names the cockpit loads as plugins by name. One convention keeps a typo in
 * `plugin:` or `plugins.packages` from importing some unrelated installed package.
 */
export const PLUGIN_PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?itops-plugin-[a-z0-9][a-z0-9._~-]*$/;

export const isPluginPackageName = (spec: string): boolean => PLUGIN_PACKAGE_NAME.test(spec);
