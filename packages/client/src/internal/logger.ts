import type { DevRevLogger, DevRevLogLevel } from "../options.ts";

/** What one log line is about. Never holds headers or bodies, so never the token. */
export interface LogRecord {
  operation: string;
  method: string;
  path: string;
  attempt: number;
  durationMs: number;
  status?: number | undefined;
  /** The error's class name when the attempt failed without a response. */
  error?: string | undefined;
  /** Milliseconds until the next attempt, when one is scheduled. */
  retryInMs?: number | undefined;
  requestId?: string | undefined;
}

const rank: Record<DevRevLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };

/** The enabled levels of a logger, checked once per client so a disabled level costs one comparison. */
export interface Log {
  readonly enabled: boolean;
  debug(message: string, record: LogRecord): void;
  info(message: string, record: LogRecord): void;
  warn(message: string, record: LogRecord): void;
  error(message: string, record: LogRecord): void;
}

const noop = () => {};

export function createLog(logger: DevRevLogger | undefined, level: DevRevLogLevel): Log {
  if (!logger || level === "off") return { enabled: false, debug: noop, info: noop, warn: noop, error: noop };
  const at = rank[level];
  const pick = (name: Exclude<DevRevLogLevel, "off">) => {
    const fn = logger[name];
    return rank[name] >= at && typeof fn === "function" ? fn.bind(logger) : noop;
  };
  return {
    enabled: true,
    debug: pick("debug"),
    info: pick("info"),
    warn: pick("warn"),
    error: pick("error"),
  };
}
