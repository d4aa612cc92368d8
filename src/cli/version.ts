/** Injected by the bundler from package.json; "dev" when running from source. */
declare const __ITOPS_VERSION__: string | undefined;
export const VERSION: string = typeof __ITOPS_VERSION__ === 'string' ? __ITOPS_VERSION__ : 'dev';
