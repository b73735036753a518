/**
 * A problem the person running a script can fix (a bad flag, a ref that does not exist, a spec that
 * does not bundle). The CLIs print its message without a stack trace and exit with 2, keeping 1 for
 * "the check ran and failed".
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** node:util parseArgs rejects unknown or malformed flags with these codes. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
}

/** Runs a CLI's main function: exit code from its result, 2 with a plain message for a UsageError. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError || isParseArgsError(error)) {
        console.error(`error: ${error.message}`);
        process.exitCode = 2;
      } else {
        console.error(error);
        process.exitCode = 3;
      }
    },
  );
}
