// Which targets a run asks for. No imports, so the runner can read it without loading the suite.

export type TargetName = "mock" | "prism" | "live";
export const TARGET_NAMES: readonly TargetName[] = ["mock", "prism", "live"];

/** The targets named in `value` (comma-separated; default CONTRACT_TARGET), mock and prism when empty. */
export function requestedTargets(value: string | undefined = process.env["CONTRACT_TARGET"]): TargetName[] {
  const names = (value || "mock,prism")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(TARGET_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown contract target ${JSON.stringify(name)}: use ${TARGET_NAMES.join(", ")}.`);
    }
  }
  return [...new Set(names)] as TargetName[];
}
