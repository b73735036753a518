// Bundle consumer: a browser page that creates a client, calls one operation and handles its errors.
import { createDevRevClient } from "@devrev-kit/client";
import { isConflictError, isDevRevKitError } from "@devrev-kit/errors";

const devrev = createDevRevClient({ token: "t", baseUrl: "https://api.devrev.ai" });
try {
  const { rev_org } = await devrev.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
  document.title = rev_org.id;
} catch (error) {
  if (isConflictError(error)) document.title = "already exists";
  else if (isDevRevKitError(error)) document.title = error.message;
  else throw error;
}
