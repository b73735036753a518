// Type-cost consumer: the eight operations through @devrev-kit/client, errors handled with the guards.
import { createDevRevClient } from "@devrev-kit/client";
import { isConflictError, isDevRevError, isErrorOfType, isNotFoundError } from "@devrev-kit/errors";

export async function run(): Promise<string[]> {
  const devrev = createDevRevClient({ token: "t", baseUrl: "http://127.0.0.1:4010" });
  const seen: string[] = [];
  try {
    const { rev_org } = await devrev.revOrgs.create({ account: "ACC-1", display_name: "Acme" });
    seen.push(rev_org.id);
    const updated = await devrev.revOrgs.update({ id: rev_org.id, tier: "enterprise" });
    seen.push(updated.rev_org.display_name ?? "");
    const page = await devrev.revOrgs.list({ account: ["ACC-1"], limit: 10 });
    seen.push(...page.rev_orgs.map((org) => org.id));
    const posted = await devrev.revOrgs.listPost({ display_name: ["Acme"], limit: 10 });
    seen.push(posted.next_cursor ?? "");
    const { rev_user } = await devrev.revUsers.update({ id: "REVU-1", display_name: "Ada" });
    seen.push(rev_user.id);
    const linked = await devrev.revUsers.link({ id: rev_user.id, rev_org: rev_org.id });
    seen.push(linked.rev_user.display_id ?? "");
    await devrev.revUsers.associations.add({
      rev_user_id: rev_user.id,
      associations: [{ associated_to: "ACC-1" }],
    });
    const { account } = await devrev.accounts.update({ id: "ACC-1", tier: "gold" });
    seen.push(account.id);
  } catch (error) {
    if (isErrorOfType(error, "invalid_field")) seen.push(`fix ${error.body.field_name}`);
    else if (isNotFoundError(error)) seen.push(`missing: ${error.message}`);
    else if (isConflictError(error)) seen.push(`exists: ${error.detail ?? error.message}`);
    else if (isDevRevError(error)) seen.push(`${error.status} ${error.type}`);
    else throw error;
  }
  return seen;
}
