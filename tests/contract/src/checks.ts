// Counts the checks a run makes, by kind, so the report can say how much each target verified.

export interface CheckCounter {
  count(kind: string): void;
  readonly total: number;
  /** `kind: n` lines, most frequent first. */
  summary(): string;
}

export function createCheckCounter(): CheckCounter {
  const counts = new Map<string, number>();
  let total = 0;
  return {
    count(kind) {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      total++;
    },
    get total() {
      return total;
    },
    summary() {
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `  ${String(n).padStart(5)}  ${kind}`)
        .join("\n");
    },
  };
}
