// Blind spots the wire-fidelity check (`pnpm spec:fidelity`, scripts/src/drift) had until an adversarial review
// found them (2026-12-06). Each test changes the real bundled curated spec in a way that changes what the
// generated types or validators accept on the wire, and expects compareSpecs to notice the change when the
// changed spec is compared with the unchanged one.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { compareSpecs, countDifferences } from "../src/drift/compare-specs.ts";
import type { JsonObject } from "../src/drift/json.ts";
import { generateValidators } from "../src/generate-validators.ts";
import { at } from "./support/document.ts";

const bundled = JSON.parse(
  readFileSync(
    fileURLToPath(new URL("../../packages/types/src/generated/openapi.gen.json", import.meta.url)),
    "utf8",
  ),
) as JsonObject;

const schema = (document: JsonObject, name: string) => at(document, "components", "schemas", name);
/** The second `allOf` part of a union member, where its own fields (and its `type`) are declared. */
const ownPart = (document: JsonObject, name: string) =>
  (schema(document, name)["allOf"] as JsonObject[])[1] as JsonObject;

function changed(mutate: (document: JsonObject) => void): JsonObject {
  const copy = structuredClone(bundled);
  mutate(copy);
  return copy;
}

async function typesOf(document: JsonObject): Promise<string> {
  return astToString(await openapiTS(JSON.stringify(document), { silent: true }));
}

async function validatorsOf(document: JsonObject) {
  const { js } = await generateValidators(document as never);
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as {
    validateResponseBody(operation: string, status: number, body: unknown): { valid: boolean };
    validateRequestBody(operation: string, body: unknown): { valid: boolean };
  };
}

describe("spec:fidelity notices wire changes it once missed", () => {
  // A user summary's `type`: UserSummary would accept "bot_user" (the validators still refuse it). A 400's
  // `type`: BadRequestErrorType / ErrorType would gain "json_error", which DevRev never sends.
  it.each([
    ["a union member", "user-summary-dev-user", ["dev_user", "bot_user"]],
    ["a 400 error variant", "error-bad-request-parse-error", ["parse_error", "json_error"]],
  ])(
    "notices %s whose tag gains a value the discriminator mapping does not list",
    async (_what, member, values) => {
      const document = changed((doc) => {
        at(ownPart(doc, member), "properties", "type")["enum"] = values;
      });
      expect(await typesOf(document)).toContain(`type: ${values.map((value) => `"${value}"`).join(" | ")};`);
      expect(countDifferences(compareSpecs(document, bundled))).toBeGreaterThan(0);
    },
  );

  it("notices a discriminator mapping entry that points outside the union's members", async () => {
    const document = changed((doc) => {
      const mapping = at(schema(doc, "user-summary"), "discriminator", "mapping");
      mapping["bot_user"] = "#/components/schemas/account-summary";
    });
    // openapi-typescript patches the mapping target in place: `account-summary` (RevOrg["account"],
    // Account["primary_account"], which have no `type` on the wire) now requires `type: "bot_user"`.
    const types = await typesOf(document);
    const accountSummary = types.slice(
      types.indexOf('"account-summary":'),
      types.indexOf('"accounts-update-request":'),
    );
    expect(accountSummary).toMatch(/^\s*type: "bot_user";$/m);
    // ...and the validators accept `created_by: { type: "bot_user", ... }`.
    const validators = await validatorsOf(document);
    expect(
      validators.validateResponseBody("POST /rev-orgs.create", 201, {
        rev_org: { id: "REV-1", created_by: { type: "bot_user", id: "X" } },
      }).valid,
    ).toBe(true);
    expect(countDifferences(compareSpecs(document, bundled))).toBeGreaterThan(0);
  });

  it("notices a `required` entry that names no declared property", async () => {
    const document = changed((doc) => {
      (schema(doc, "rev-users-associations-add-request")["required"] as string[]).push("asociations");
    });
    // The validators now refuse every real request; the types do not even show the field.
    const validators = await validatorsOf(document);
    expect(
      validators.validateRequestBody("POST /rev-users.associations.add", {
        rev_user_id: "REVU-1",
        associations: [{ associated_to: "ACC-1" }],
      }).valid,
    ).toBe(false);
    expect(countDifferences(compareSpecs(document, bundled))).toBeGreaterThan(0);
  });

  it("notices a `not` keyword", async () => {
    const document = changed((doc) => {
      schema(doc, "rev-orgs-update-request")["not"] = { required: ["tier"] };
    });
    // The validators now refuse `{ id, tier }`, which DevRev accepts and the types allow.
    const validators = await validatorsOf(document);
    expect(validators.validateRequestBody("POST /rev-orgs.update", { id: "REV-1", tier: "gold" }).valid).toBe(
      false,
    );
    expect(countDifferences(compareSpecs(document, bundled))).toBeGreaterThan(0);
  });
});
