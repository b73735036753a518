// A stand-in for @devrev-kit/errors with nothing in it: error classes with no fields, no redaction, no class
// per status, no retry rules. Bundling the client against it (`pnpm --filter @devrev-kit/bench budgets`)
// measures what the client's own code weighs: a floor no error model can go below.
export class DevRevKitError extends Error {}
export class DevRevAbortError extends DevRevKitError {}
export class DevRevConnectionError extends DevRevKitError {}
export class DevRevResponseError extends DevRevKitError {}
export class DevRevTimeoutError extends DevRevKitError {}

export const createDevRevError = (init: { status: number }) => new DevRevKitError(String(init.status));
export const toDevRevError = (error: unknown) => error;
export const isDevRevKitError = (error: unknown) => error instanceof DevRevKitError;
export const isDevRevError = isDevRevKitError;
export const isConflictError = (error: unknown) => (error as { status?: unknown }).status === 409;
export const getRetryDecision = () => ({ retry: false });
