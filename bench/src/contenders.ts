// The three ways of making the same call that the benchmark compares. Each one sends
// POST /rev-orgs.create with the same headers and body (its own name as display_name, so the server can
// count per client), parses the reply, and throws unless it got the org the server sends.
import { createRequire } from "node:module";
import { createDevRevClient } from "@devrev-kit/client";
import type { paths, RevOrgsCreateResponse } from "@devrev-kit/types";
import createClient from "openapi-fetch";
import { TOKEN } from "./server/bodies.ts";

export interface Contender {
  readonly name: ContenderName;
  /** One call; rejects when the answer is not the expected org. */
  call(): Promise<void>;
}

export type ContenderName = "raw fetch" | "openapi-fetch" | "@devrev-kit/client";
export const CONTENDERS: readonly ContenderName[] = ["raw fetch", "openapi-fetch", "@devrev-kit/client"];

// The headers @devrev-kit/client sends; the other two send the same, so the wire bytes match.
const HEADERS = {
  Accept: "application/json",
  "User-Agent": `devrev-kit-client/${(createRequire(import.meta.url)("@devrev-kit/client/package.json") as { version: string }).version}`,
  Authorization: `Bearer ${TOKEN}`,
};

export function createContenders(baseUrl: string, expectedId: string): Contender[] {
  const check = (name: string, body: RevOrgsCreateResponse | undefined) => {
    if (body?.rev_org.id !== expectedId) throw new Error(`${name}: wrong answer ${JSON.stringify(body)}`);
  };
  const account = "ACC-F4QkQxsD";

  const rawBody = JSON.stringify({ account, display_name: "raw fetch" });
  const rawHeaders = { ...HEADERS, "Content-Type": "application/json" };
  const raw: Contender = {
    name: "raw fetch",
    async call() {
      const response = await fetch(`${baseUrl}/rev-orgs.create`, {
        method: "POST",
        headers: rawHeaders,
        body: rawBody,
      });
      if (response.status !== 201) throw new Error(`raw fetch: status ${response.status}`);
      check("raw fetch", (await response.json()) as RevOrgsCreateResponse);
    },
  };

  const bare = createClient<paths>({ baseUrl, headers: HEADERS });
  const openapiFetch: Contender = {
    name: "openapi-fetch",
    async call() {
      const { data, error } = await bare.POST("/rev-orgs.create", {
        body: { account, display_name: "openapi-fetch" },
      });
      if (error !== undefined) throw new Error(`openapi-fetch: ${JSON.stringify(error)}`);
      check("openapi-fetch", data);
    },
  };

  const devrev = createDevRevClient({ baseUrl, token: TOKEN });
  const ours: Contender = {
    name: "@devrev-kit/client",
    async call() {
      check(
        "@devrev-kit/client",
        await devrev.revOrgs.create({ account, display_name: "@devrev-kit/client" }),
      );
    },
  };
  return [raw, openapiFetch, ours];
}
