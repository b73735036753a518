// Type-cost baseline: no library at all. Its instantiations (the standard library's) are subtracted from
// each consumer's, leaving what the consumer's imports and calls add.
export function run(): Promise<string[]> {
  return Promise.resolve([]);
}
