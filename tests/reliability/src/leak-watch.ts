import { inspect } from "node:util";
import type { DevRevLogger } from "@devrev-kit/client";
import type { MockState } from "@devrev-kit/fixtures";

/**
 * Collects everything a test run prints or could print (log lines, errors in every rendering, the mock
 * server's request log) so one assertion can check that none of it holds the token.
 */
export interface LeakWatch {
  /** A debug-level logger for the clients under test; each line is kept as the text a logger would write. */
  readonly logger: DevRevLogger;
  /** How many log lines, error renderings and dumps were collected. */
  readonly size: number;
  /** Keeps an error (or any value) as `String`, `message`, `stack`, `JSON.stringify` and `util.inspect` show it. */
  seen(value: unknown): void;
  /** Keeps the mock server's recorded requests, as JSON and as `util.inspect` prints them. */
  dump(state: MockState): void;
  /** The collected texts that contain `secret`. */
  leaks(secret: string): string[];
}

/** What a caller could print of `value`: the renderings loggers and consoles use. */
function render(value: unknown): string[] {
  const texts = [
    attempt(() => String(value)),
    inspect(value),
    inspect(value, { depth: 20, showHidden: true }),
  ];
  texts.push(attempt(() => JSON.stringify(value) ?? ""));
  if (value instanceof Error) texts.push(value.message, value.stack ?? "");
  return texts;
}

/** The text `render` returns, or what went wrong: a hostile value may refuse to be stringified. */
function attempt(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `(could not render: ${inspect(error)})`;
  }
}

export function createLeakWatch(): LeakWatch {
  const texts: string[] = [];
  const line =
    (level: string) =>
    (message: string, record: object): void => {
      texts.push(`${level} ${message} ${JSON.stringify(record)} ${inspect(record)}`);
    };
  return {
    logger: { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") },
    get size() {
      return texts.length;
    },
    seen(value) {
      texts.push(...render(value));
    },
    dump(state) {
      const requests = state.requests;
      texts.push(JSON.stringify(requests), inspect(requests, { depth: 10 }));
    },
    leaks(secret) {
      return texts.filter((text) => text.includes(secret));
    },
  };
}
