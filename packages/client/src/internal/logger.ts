import type { DevRevLogger, DevRevLogLevel, DevRevLogRecord } from "../options.ts";

/** What one log line is about (the public {@link DevRevLogRecord}). */
export type LogRecord = DevRevLogRecord;

export type LineLevel = Exclude<DevRevLogLevel, "off">;
/** Writes one line if `level` is enabled. Absent when logging is off, so a disabled client builds no records. */
export type Log = (level: LineLevel, message: string, record: LogRecord) => void;

export const LEVELS: readonly string[] = ["debug", "info", "warn", "error"];

export function createLog(logger: DevRevLogger | undefined, level: DevRevLogLevel): Log | undefined {
  const least = LEVELS.indexOf(level);
  if (!logger || least < 0) return undefined;
  return (at, message, record) => {
    if (LEVELS.indexOf(at) < least) return;
    try {
      const written: unknown = logger[at]?.(message, record);
      // An async logger's rejection (a log shipper that cannot reach its collector) must not crash the
      // process as an unhandled rejection either.
      if (typeof (written as Promise<unknown> | undefined)?.then === "function") {
        (written as Promise<unknown>).then(undefined, () => {});
      }
    } catch {
      // A logger that throws must not turn a call into a failure: a create that succeeded would be
      // reported as failed, and retried into a duplicate.
    }
  };
}
