// Run in a fresh process by the benchmark: how long `import(<specifier>)` takes, module graph and all.
// Plain JavaScript on purpose: with a .ts entry point Node's type stripper is loaded and each later module
// load costs more (about 6 ms more for the client on the reference machine), which an application would
// not pay.
const specifier = process.argv[2];
if (!specifier) throw new Error("usage: node src/children/import-time.js <specifier>");
const started = performance.now();
await import(specifier);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
