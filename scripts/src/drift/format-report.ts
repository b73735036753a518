import { countDifferences, type DriftResult } from "./compare-specs.ts";

export interface ReportNames {
  curated: string;
  upstream: string;
}

const ABSENT = "(absent)";

/** A plain-text report: one line per operation, then one line per differing fact. */
export function formatDriftReport(result: DriftResult, names: ReportNames): string {
  const lines = [`Wire drift: ${names.curated} (curated) against ${names.upstream} (upstream)`, ""];
  const labelWidth = Math.max(...result.operations.map((operation) => operation.label.length), 0);
  for (const operation of result.operations) {
    const label = operation.label.padEnd(labelWidth);
    const count = operation.differences.length;
    if (count === 0) {
      lines.push(`  ok     ${label}  ${operation.factCount.toLocaleString("en-US")} facts agree`);
      continue;
    }
    const scope =
      operation.factCount > 0 ? ` among ${operation.factCount.toLocaleString("en-US")} facts` : "";
    lines.push(`  DRIFT  ${label}  ${count} ${count === 1 ? "difference" : "differences"}${scope}`);
    for (const difference of operation.differences) {
      lines.push(`           ${difference.fact}`);
      lines.push(`             curated:  ${difference.curated ?? ABSENT}`);
      lines.push(`             upstream: ${difference.upstream ?? ABSENT}`);
    }
  }
  const total = countDifferences(result);
  const facts = result.operations
    .reduce((sum, operation) => sum + operation.factCount, 0)
    .toLocaleString("en-US");
  lines.push("");
  lines.push(
    total === 0
      ? `No drift: ${result.operations.length} operations, ${facts} wire facts compared.`
      : `Drift: ${total} ${total === 1 ? "difference" : "differences"} in ${result.operations.filter((operation) => operation.differences.length > 0).length} of ${result.operations.length} operations.`,
  );
  return lines.join("\n");
}
