import { execFileSync } from "node:child_process";

/**
 * How many file descriptors this process may hold open (its soft `ulimit -n`), or `Infinity` when nothing
 * limits it. Node cannot read the limit itself; a child shell inherits it and prints it.
 */
export function fileDescriptorLimit(): number {
  // Windows has no per-process limit on sockets to read.
  if (process.platform === "win32") return Number.POSITIVE_INFINITY;
  const printed = execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
  if (printed === "unlimited") return Number.POSITIVE_INFINITY;
  const limit = Number(printed);
  if (!Number.isInteger(limit) || limit <= 0) {
    throw new Error(
      `could not read the file-descriptor limit: 'ulimit -n' printed ${JSON.stringify(printed)}`,
    );
  }
  return limit;
}
