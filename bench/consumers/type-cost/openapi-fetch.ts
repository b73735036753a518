// Type-cost consumer: the same eight operations through bare openapi-fetch `createClient<paths>`, each
// call's `error` handled the way its union allows.
import type { paths } from "@devrev-kit/types";
import createClient from "openapi-fetch";

interface ErrorLike {
  type: string;
  message?: string | undefined;
}

function describe(error: ErrorLike): string {
  return `${error.type}: ${error.message ?? ""}`;
}

export async function run(): Promise<string[]> {
  const client = createClient<paths>({
    baseUrl: "http://127.0.0.1:4010",
    headers: { Authorization: "Bearer t" },
  });
  const seen: string[] = [];
  const created = await client.POST("/rev-orgs.create", { body: { account: "ACC-1", display_name: "Acme" } });
  if (created.error) {
    if (created.error.type === "invalid_field") seen.push(`fix ${created.error.field_name}`);
    else if (created.error.type === "conflict") seen.push(`exists: ${created.error.message}`);
    return [describe(created.error)];
  }
  const { rev_org } = created.data;
  seen.push(rev_org.id);
  const updated = await client.POST("/rev-orgs.update", { body: { id: rev_org.id, tier: "enterprise" } });
  if (updated.error) {
    if (updated.error.type === "not_found") seen.push(`missing: ${updated.error.message}`);
    return [describe(updated.error)];
  }
  seen.push(updated.data.rev_org.display_name ?? "");
  const page = await client.GET("/rev-orgs.list", { params: { query: { account: ["ACC-1"], limit: 10 } } });
  if (page.error) return [describe(page.error)];
  seen.push(...page.data.rev_orgs.map((org) => org.id));
  const posted = await client.POST("/rev-orgs.list", { body: { display_name: ["Acme"], limit: 10 } });
  if (posted.error) return [describe(posted.error)];
  seen.push(posted.data.next_cursor ?? "");
  const user = await client.POST("/rev-users.update", { body: { id: "REVU-1", display_name: "Ada" } });
  if (user.error) return [describe(user.error)];
  const { rev_user } = user.data;
  seen.push(rev_user.id);
  const linked = await client.POST("/rev-users.link", { body: { id: rev_user.id, rev_org: rev_org.id } });
  if (linked.error) return [describe(linked.error)];
  seen.push(linked.data.rev_user.display_id ?? "");
  const added = await client.POST("/rev-users.associations.add", {
    body: { rev_user_id: rev_user.id, associations: [{ associated_to: "ACC-1" }] },
  });
  if (added.error) return [describe(added.error)];
  const account = await client.POST("/accounts.update", { body: { id: "ACC-1", tier: "gold" } });
  if (account.error) return [describe(account.error)];
  seen.push(account.data.account.id);
  return seen;
}
