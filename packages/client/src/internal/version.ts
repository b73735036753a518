// package.json's version, substituted at build time (scripts/src/build-package.ts) and by the vitest
// config in tests, so a release bumps it without a source edit.
declare const __PACKAGE_VERSION__: string;

export const VERSION: string = __PACKAGE_VERSION__;
