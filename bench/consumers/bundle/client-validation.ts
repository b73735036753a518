// Bundle consumer: bundle/client.ts with response validation turned on (the optional entry point).
import { createDevRevClient } from "@devrev-kit/client";
import { responseValidator } from "@devrev-kit/client/validation";
import { isConflictError, isDevRevKitError } from "@devrev-kit/errors";

const devrev = createDevRevClient({
  token: "t",
  baseUrl: "https://api.devrev.ai",
  validateResponses: responseValidator,
});
try {
  const { rev_org } = await devrev.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
  document.title = rev_org.id;
} catch (error) {
  if (isConflictError(error)) document.title = "already exists";
  else if (isDevRevKitError(error)) document.title = error.message;
  else throw error;
}
