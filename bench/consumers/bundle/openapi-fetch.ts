// Bundle reference: the same page with bare openapi-fetch (not budgeted; printed for comparison).
import type { paths } from "@devrev-kit/types";
import createClient from "openapi-fetch";

const client = createClient<paths>({
  baseUrl: "https://api.devrev.ai",
  headers: { Authorization: "Bearer t" },
});
const { data, error } = await client.POST("/rev-orgs.create", {
  body: { account: "ACC-1", display_name: "Acme" },
});
document.title = error ? error.type : data.rev_org.id;
