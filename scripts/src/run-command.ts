import { spawn } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  cwd: string;
  /** Merged over the current environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined> | undefined;
  /** Kills the command after this long; the result then has code 124, like `timeout(1)`. */
  timeoutMs?: number | undefined;
}

/** Thrown by {@link runChecked} when a command exits non-zero; carries what it printed. */
export class CommandFailedError extends Error {
  readonly result: CommandResult;
  constructor(command: string, result: CommandResult) {
    const output = `${result.stderr}\n${result.stdout}`.trim();
    super(`\`${command}\` exited with ${result.code}${output ? `:\n${output}` : ""}`);
    this.name = "CommandFailedError";
    this.result = result;
  }
}

/** Runs a program without a shell (arguments are never re-parsed) and collects its output. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: timedOut ? 124 : (code ?? 1),
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

/** {@link runCommand}, but a non-zero exit becomes a {@link CommandFailedError}. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) throw new CommandFailedError([file, ...args].join(" "), result);
  return result;
}
