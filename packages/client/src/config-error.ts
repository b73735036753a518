import { DevRevKitError, type DevRevKitErrorOptions } from "@devrev-kit/errors";

const BRAND = Symbol.for("@devrev-kit/client.DevRevConfigError");

/**
 * The client was given options it cannot work with (no token, a token with a newline in it, an http://
 * URL to a remote host, a negative timeout...). Thrown before any request is sent; the message says what
 * to change and never contains the token.
 */
export class DevRevConfigError extends DevRevKitError {
  // `this`, not the class's name: a self-reference makes the bundler rename the class (`_DevRevConfigError`).
  static {
    Object.defineProperty(this.prototype, BRAND, { value: true });
    Object.defineProperty(this.prototype, "name", {
      value: "DevRevConfigError",
      writable: true,
      configurable: true,
    });
  }

  constructor(message: string, options?: DevRevKitErrorOptions) {
    super(message, options);
  }
}

/** Whether `error` is a {@link DevRevConfigError}, from this copy of the package or another. */
export function isDevRevConfigError(error: unknown): error is DevRevConfigError {
  if (typeof error !== "object" || error === null) return false;
  try {
    return (error as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false;
  }
}
