// The scenario every runtime runs. Only web APIs plus the two packages under test: it is bundled for the
// browser platform, so a Node built-in reaching it (here or in the packages' dist) fails the bundle.
import { createDevRevClient } from "@devrev-kit/client";
import { isDevRevKitError, isNotFoundError } from "@devrev-kit/errors";

export interface ScenarioInput {
  baseUrl: string;
  token: string;
  /** Two accounts the mock server holds: orgs are created under both, then listed by the first. */
  accountIds: readonly [string, string];
}

export interface ScenarioResult {
  /** `navigator.userAgent` where the runtime has one, else the runtime's own marker. */
  runtime: string;
  createdIds: string[];
  /** The orgs `GET /rev-orgs.list?account=<first>` returned. */
  filteredIds: string[];
  /** Every org `listAll` yielded, one org per page. */
  listAllIds: string[];
  /** The same list as `filteredIds`, through `devrev.raw` (openapi-fetch, loaded on first use). */
  rawIds: string[];
  notFound: { guard: boolean; isKitError: boolean; status: number | undefined; type: string | undefined };
}

/** An org ID in the right form that names nothing, so the mock answers 404 not_found. */
const missingOrgId = "don:identity:dvrv-us-1:devo/0:revo/Zz9Zz9Zz";

export async function runScenario({ baseUrl, token, accountIds }: ScenarioInput): Promise<ScenarioResult> {
  const devrev = createDevRevClient({ baseUrl, token, maxRetries: 2 });
  const [first, second] = accountIds;

  // The host may have told the mock to answer the first create 429: the client's retry has to absorb it.
  const createdIds: string[] = [];
  for (const [index, account] of [first, first, second].entries()) {
    const { rev_org } = await devrev.revOrgs.create({ account, display_name: `Runtime org ${index}` });
    createdIds.push(rev_org.id);
  }

  const { rev_orgs } = await devrev.revOrgs.list({ account: [first] });
  const filteredIds = rev_orgs.map((org) => org.id);

  const listAllIds: string[] = [];
  for await (const org of devrev.revOrgs.listAll({ limit: 1 })) listAllIds.push(org.id);

  const raw = await devrev.raw.GET("/rev-orgs.list", { params: { query: { account: [first] } } });
  const rawIds = raw.data ? raw.data.rev_orgs.map((org) => org.id) : [];

  let notFound: ScenarioResult["notFound"] = {
    guard: false,
    isKitError: false,
    status: undefined,
    type: undefined,
  };
  try {
    await devrev.revOrgs.update({ id: missingOrgId, display_name: "Nobody" });
  } catch (error) {
    notFound = {
      guard: isNotFoundError(error),
      isKitError: isDevRevKitError(error),
      status: isNotFoundError(error) ? error.status : undefined,
      type: isNotFoundError(error) ? error.type : undefined,
    };
  }

  return { runtime: runtimeName(), createdIds, filteredIds, listAllIds, rawIds, notFound };
}

function runtimeName(): string {
  const edge = (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime;
  if (typeof edge === "string") return edge;
  return typeof navigator === "undefined" ? "unknown" : navigator.userAgent;
}
