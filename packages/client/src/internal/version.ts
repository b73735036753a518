// Kept equal to package.json's version by test/version.test.ts; read at run time without JSON imports.
export const VERSION = "0.1.0";
