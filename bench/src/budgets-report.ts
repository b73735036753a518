// `pnpm --filter @devrev-kit/bench budgets`: the budgeted numbers with every input of each bundle, for when
// a budget test fails and you want to see what grew. Exits 1 when a budget is exceeded, like the tests.
import { bytes, judgeClientBundle, judgeTypeCost, judgeValidationBundle } from "./budgets/budgets.ts";
import { type BundleSize, measureBundle } from "./budgets/bundle-size.ts";
import { compareTypeCost } from "./budgets/type-cost.ts";

function printBundle(size: BundleSize): void {
  console.log(`\n${size.entry}: ${bytes(size.minifiedBytes)} minified, ${bytes(size.gzippedBytes)} min+gz`);
  for (const input of size.inputs) console.log(`  ${input.bytes.toString().padStart(7)}  ${input.path}`);
}

const [client, withValidation, openapiFetch] = await Promise.all([
  measureBundle("client"),
  measureBundle("client-validation"),
  measureBundle("openapi-fetch"),
]);
for (const size of [client, withValidation, openapiFetch]) printBundle(size);
const clientFromSource = await measureBundle("client", { fromSource: true });
console.log(
  `\nThe same consumer bundled from the packages' src/ files (${bytes(clientFromSource.gzippedBytes)} min+gz), ` +
    "bytes per source file:",
);
for (const input of clientFromSource.inputs)
  console.log(`  ${input.bytes.toString().padStart(7)}  ${input.path}`);

const cost = compareTypeCost();
console.log("\nType instantiations (tsc --extendedDiagnostics), added over the baseline:");
for (const [name, added, total] of [
  ["@devrev-kit/client", cost.clientAdded, cost.client.instantiations],
  ["bare openapi-fetch", cost.openapiFetchAdded, cost.openapiFetch.instantiations],
] as const) {
  console.log(
    `  ${name.padEnd(20)} +${added.toLocaleString("en-US")} (program total ${total.toLocaleString("en-US")})`,
  );
}

const verdicts = [
  judgeClientBundle(client),
  judgeValidationBundle(client, withValidation),
  judgeTypeCost(cost),
];
console.log("");
for (const verdict of verdicts) console.log(`${verdict.ok ? "PASS" : "MISS"}  ${verdict.message}`);
if (verdicts.some((verdict) => !verdict.ok)) process.exitCode = 1;
