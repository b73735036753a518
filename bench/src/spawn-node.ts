import { execFile } from "node:child_process";

export interface NodeRun {
  stdout: string;
  /** Wall time from spawn to exit, milliseconds. */
  ms: number;
}

/** Runs `node <args>` in `cwd`; rejects with its stderr when it exits non-zero. */
export function runNode(args: readonly string[], cwd: string): Promise<NodeRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`node ${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve({ stdout, ms: performance.now() - started });
    });
  });
}
