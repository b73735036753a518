// Runs a runtime's binary as a child process and hands back what it printed.
import { execFile } from "node:child_process";

export interface ProcessOutput {
  stdout: string;
  stderr: string;
}

export function runProcess(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(" ")} failed: ${error.message}\nstderr: ${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}
