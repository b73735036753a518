// `pnpm --filter @devrev-kit/bench budgets`: the budgeted numbers with every input of each bundle, for when
// a budget test fails and you want to see what grew. Exits 1 when a budget is exceeded, like the tests.
import {
  bytes,
  judgeClientBundle,
  judgeClientGoal,
  judgeTypeCost,
  judgeValidationBundle,
} from "./budgets/budgets.ts";
import { type BundleSize, measureBundle } from "./budgets/bundle-size.ts";
import { compareTypeCost } from "./budgets/type-cost.ts";

function printInputs(inputs: BundleSize["inputs"]): void {
  for (const input of inputs) console.log(`  ${input.bytes.toString().padStart(7)}  ${input.path}`);
}

function printBundle(size: BundleSize): void {
  console.log(
    `\n${size.entry}: loads ${bytes(size.minifiedBytes)} minified, ${bytes(size.gzippedBytes)} min+gz`,
  );
  printInputs(size.inputs);
  if (size.lazy.minifiedBytes === 0) return;
  console.log(
    `  and on demand (devrev.raw, middleware): ${bytes(size.lazy.minifiedBytes)} minified, ` +
      `${bytes(size.lazy.gzippedBytes)} min+gz`,
  );
  printInputs(size.lazy.inputs);
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
printInputs(clientFromSource.inputs);
const clientAlone = await measureBundle("client", { errorsStandIn: true });
console.log(
  `\nThe client's own code, with @devrev-kit/errors replaced by an empty stand-in ` +
    `(consumers/bundle/errors-stand-in.ts): ${bytes(clientAlone.minifiedBytes)} minified, ` +
    `${bytes(clientAlone.gzippedBytes)} min+gz before the first call. No error model can bring the consumer ` +
    "below this.",
);

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
// The goal is a target, not a budget: it is reported, and fails nothing (docs/performance.md).
const goal = judgeClientGoal(client);
console.log(`${goal.ok ? "PASS" : "MISS"}  ${goal.message} (a goal, not a budget)`);
if (verdicts.some((verdict) => !verdict.ok)) process.exitCode = 1;
