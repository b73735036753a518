// Entry point `@devrev-kit/client/validation`: response validation against the spec, kept apart from the
// main entry so that clients which do not validate do not load the generated validators.
import { type OperationKey, validateResponseBody } from "@devrev-kit/types/validators";
import type { ResponseValidator } from "./options.ts";

export type { ResponseValidationIssue, ResponseValidator } from "./options.ts";

/**
 * Checks response bodies with the validators generated from the spec at build time (no schema compilation
 * at run time). Pass it as `createDevRevClient({ validateResponses: responseValidator })`.
 */
export const responseValidator: ResponseValidator = (operation, status, body) => {
  const result = validateResponseBody(operation as OperationKey, status, body);
  return result.valid ? undefined : result.issues;
};
