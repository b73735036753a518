// Public surface of @devrev-kit/client. Internals live in src/internal/ and are not exported.
import type { DevRevClient } from "./client.ts";
import { createClientWith, defaultHooks } from "./internal/create-client.ts";
import type { DevRevClientOptions } from "./options.ts";

export type { AccountsResource, DevRevClient, RevOrgsResource, RevUsersResource } from "./client.ts";
export { DevRevConfigError, isDevRevConfigError } from "./config-error.ts";
export type {
  DevRevClientOptions,
  DevRevLogger,
  DevRevLogLevel,
  DevRevLogMethod,
  DevRevLogRecord,
  RequestOptions,
  ResponseValidationIssue,
  ResponseValidator,
} from "./options.ts";

/**
 * Creates a DevRev API client.
 *
 * ```ts
 * const devrev = createDevRevClient({ token: process.env.DEVREV_TOKEN });
 * const { rev_org } = await devrev.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
 * ```
 *
 * @throws DevRevConfigError when the options cannot work (no token, an http:// URL to a remote host, ...).
 */
export function createDevRevClient(options: DevRevClientOptions = {}): DevRevClient {
  return createClientWith(options, defaultHooks);
}
