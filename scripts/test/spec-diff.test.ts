import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject } from "../src/drift/json.ts";
import { loadBundledSpec } from "../src/drift/load-spec.ts";
import {
  correctUnionEnumWording,
  describeSchemaPointer,
  type OpticDiffResult,
  type SpecChange,
  summarizeOpticOutput,
} from "../src/optic-report.ts";
import { mergeWireRuleChanges } from "../src/spec-diff/merge-changes.ts";
import { checkWireRules } from "../src/spec-diff/wire-rules.ts";
import { diffSpec, formatSpecDiff } from "../src/spec-diff.ts";
import { repoRoot } from "../src/workspace.ts";
import { createTempGitRepo, type TempGitRepo } from "./fixtures/changeset-check/temp-git-repo.ts";
import { runScript } from "./fixtures/run-script.ts";
import { at } from "./support/document.ts";

const specDiffCli = join(repoRoot, "scripts/src/spec-diff.ts");
// optic takes a few seconds to start; the machine is shared.
const slow = { timeout: 90_000 };

const runCli = (cwd: string, args: string[] = []) => runScript(specDiffCli, cwd, args);

let repo: TempGitRepo;
beforeEach(() => {
  repo = createTempGitRepo();
});
afterEach(() => repo.remove());

describe("pnpm spec:diff", () => {
  it(
    "flags a request property made required and a response property removed as breaking, and exits 1",
    slow,
    async () => {
      repo.edit(
        "openapi/components/schemas/widgets-create-request.yaml",
        "required: [name]",
        "required: [name, color]",
      );
      repo.edit("openapi/components/schemas/widget.yaml", "  color:\n    type: string\n", "");

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);
      // The entry written as a shell completes it, or absolute: the same file, the same verdict.
      for (const spec of ["./openapi/devrev.yaml", `${repo.dir}/openapi/devrev.yaml`]) {
        expect((await runCli(repo.dir, ["--base", "main", "--spec", spec])).code).toBe(1);
      }
      const outside = await runCli(repo.dir, ["--base", "main", "--spec", "../devrev.yaml"]);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain("is not a file inside the repository");

      expect(code).toBe(1);
      expect(stdout).toMatch(
        /BREAKING\s+request\s+POST \/widgets\.create\s+body property color: required added/,
      );
      expect(stdout).toContain("cannot make a request property required");
      expect(stdout).toMatch(
        /BREAKING\s+response\s+POST \/widgets\.create\s+status 201 body property color: removed/,
      );
      // The schema is shared, so the list response loses the property too.
      expect(stdout).toMatch(
        /BREAKING\s+response\s+GET \/widgets\.list\s+status 200 body property widgets\[\]\.color: removed/,
      );
      expect(stdout).toMatch(/3 changes: 3 breaking \(1 request, 2 response\), 0 not breaking\./);
      // The same removal at two places: each on its line, the rule it failed said once for both.
      const removalRule = stdout.split("\n").filter((line) => /^\s+\[.*removing.*propert/i.test(line));
      expect(removalRule).toHaveLength(1);
      expect(removalRule[0]).toMatch(/\(said of the first of these 2 places\)$/);
      // The releases it needs, as changeset:check enforces them (spec-releases.ts).
      expect(stdout).toMatch(/^ {2}@devrev-kit\/types\s+minor\s/m);
      expect(stdout).toMatch(/^ {2}@devrev-kit\/client\s+minor\s/m);
    },
  );

  it(
    "passes additive changes (new optional request field, new response field, new operation) with exit 0",
    slow,
    async () => {
      repo.edit(
        "openapi/components/schemas/widgets-create-request.yaml",
        "  color:\n",
        "  size:\n    type: integer\n  color:\n",
      );
      repo.edit(
        "openapi/components/schemas/widget.yaml",
        "  color:\n",
        "  created_date:\n    type: string\n  color:\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        "  /widgets.list:\n",
        "  /widgets.count:\n    get:\n      operationId: widgets-count\n      responses:\n        '200':\n          description: How many.\n  /widgets.list:\n",
      );

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(0);
      expect(stdout).toMatch(/ok\s+operation\s+GET \/widgets\.count\s+operation: added/);
      expect(stdout).toMatch(/ok\s+request\s+POST \/widgets\.create\s+body property size: added/);
      expect(stdout).toMatch(
        /ok\s+response\s+POST \/widgets\.create\s+status 201 body property created_date: added/,
      );
      expect(stdout).toMatch(/: 0 breaking, \d+ not breaking\./);
      expect(stdout).not.toContain("BREAKING");
    },
  );

  it(
    "defaults the base to the highest @devrev-kit/types release tag (semver order, not text order)",
    slow,
    async () => {
      repo.git("tag", "@devrev-kit/types@0.2.0");
      repo.edit("openapi/components/schemas/widget.yaml", "required: [id, name]", "required: [id]");
      repo.commitAll("Make widget.name optional in responses (breaking)");
      repo.git("tag", "@devrev-kit/types@0.10.0");
      repo.git("tag", "@devrev-kit/types@0.11.0-rc.1"); // a prerelease is not a release to compare with

      const sinceLatest = await diffSpec({ repo: repo.dir });
      expect(sinceLatest.base).toBe("@devrev-kit/types@0.10.0");
      expect(sinceLatest.result.changes).toEqual([]);
      expect(formatSpecDiff(sinceLatest)).toContain("No changes.");
      expect(formatSpecDiff(sinceLatest)).toMatch(/: the last release, @devrev-kit\/types@0\.10\.0 \(/);

      const sinceOlder = await diffSpec({ repo: repo.dir, base: "@devrev-kit/types@0.2.0" });
      expect(sinceOlder.result.breaking).toBe(true);
      expect(sinceOlder.result.changes).toContainEqual(
        expect.objectContaining({
          operation: "POST /widgets.create",
          direction: "response",
          location: "status 201 body property name",
          breaking: [expect.stringContaining("prevent making response property optional")],
        }),
      );
    },
  );

  it("falls back to main when nothing has been released yet", slow, async () => {
    repo.git("checkout", "--quiet", "-b", "feature");
    repo.edit(
      "openapi/paths/widgets-list.yaml",
      "      in: query\n",
      "      in: query\n      required: true\n",
    );
    repo.commitAll("Require limit");

    // main moves on after the branch left it: its own change is not this branch's.
    repo.git("checkout", "--quiet", "main");
    repo.edit("openapi/components/schemas/widget.yaml", "required: [id, name]", "required: [id]");
    repo.commitAll("On main: make widget.name optional in responses");
    const mergeBase = repo.git("rev-parse", "HEAD~1").trim();
    repo.git("checkout", "--quiet", "feature");
    repo.git("tag", "@devrev-kit/types@0.1.0-rc.1", "main");

    const report = await diffSpec({ repo: repo.dir });

    expect(report.base).toBe(mergeBase);
    // The header says why that commit: no release tag (the rc one is not a release), so the merge base.
    expect(formatSpecDiff(report).split("\n")[0]).toBe(
      `spec:diff openapi/devrev.yaml: the merge base with main (${mergeBase.slice(0, 7)}) -> working tree`,
    );
    expect(report.result.changes.map((change) => change.location)).not.toContain(
      "status 201 body property name",
    );
    expect(report.result.breaking).toBe(true);
    expect(report.result.changes).toContainEqual(
      expect.objectContaining({
        direction: "request",
        location: "query parameter limit",
        change: "required added",
      }),
    );
  });

  it("treats a spec that did not exist at the base as all new operations, not breaking", slow, async () => {
    repo.git("rm", "-r", "--quiet", "openapi");
    repo.commitAll("No spec yet");
    const before = repo.git("rev-parse", "HEAD").trim();
    repo.git("checkout", "--quiet", "HEAD~1", "--", "openapi");

    const report = await diffSpec({ repo: repo.dir, base: before });

    expect(report.baseHadSpec).toBe(false);
    expect(report.result.breaking).toBe(false);
    expect(
      report.result.changes.filter((change) => change.change === "added").map((change) => change.operation),
    ).toEqual(expect.arrayContaining(["POST /widgets.create", "GET /widgets.list"]));
  });

  it("skips optic and reports no changes when the bundled specs are equal", async () => {
    // Reformatting a file changes bytes but not the document.
    repo.edit(
      "openapi/components/schemas/widget.yaml",
      "required: [id, name]",
      "required:\n  - id\n  - name",
    );
    const report = await diffSpec({ repo: repo.dir, base: "main" });
    expect(report.result).toMatchObject({ breaking: false, changes: [], checksRun: 0 });
  });

  it("exits 2 with a message naming the ref when --base does not exist", async () => {
    const { code, stderr } = await runCli(repo.dir, ["--base", "no-such-ref"]);
    expect(code).toBe(2);
    expect(stderr).toContain('"no-such-ref" is not a commit, branch or tag');
  });

  it("exits 2 and names the broken reference when the working-tree spec does not bundle", async () => {
    repo.edit("openapi/devrev.yaml", "paths/widgets-list.yaml", "paths/widgets-gone.yaml");
    const { code, stderr } = await runCli(repo.dir, ["--base", "main"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "error: could not bundle openapi/devrev.yaml: openapi/paths/widgets-gone.yaml does not exist; the $ref at openapi/devrev.yaml:9:5 points to it",
    );
  });

  it("names a referenced file that is not YAML, with its line, once for all the $refs into it", async () => {
    repo.edit("openapi/components/schemas/widget.yaml", "required: [id, name]", "required: [id, name\n  bad");
    const { code, stderr } = await runCli(repo.dir, ["--base", "main"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(
      /^error: could not bundle openapi\/devrev\.yaml: openapi\/components\/schemas\/widget\.yaml:\d+:\d+ is not valid YAML \(.+\); the \$ref at openapi\/paths\/widgets-\w+\.yaml:\d+:\d+ and 1 more point to it$/,
    );
  });

  it("names a $ref to a file Redocly keeps as text (optic would print the whole document back)", async () => {
    repo.write("openapi/components/schemas/widget.txt", "type: object\n");
    repo.edit("openapi/paths/widgets-list.yaml", "schemas/widget.yaml", "schemas/widget.txt");
    const { code, stderr } = await runCli(repo.dir, ["--base", "main"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "error: openapi/devrev.yaml is not a valid OpenAPI document: openapi/components/schemas/widget.txt:1:1: Expected type `Schema` (object) but got `string`",
    );
  });

  it("says a broken spec at the base ref is the base's", async () => {
    repo.edit("openapi/devrev.yaml", "paths/widgets-list.yaml", "paths/widgets-gone.yaml");
    repo.commitAll("Break the spec");
    repo.git("tag", "broken");
    repo.git("checkout", "--quiet", "HEAD~1", "--", "openapi");
    const { code, stderr } = await runCli(repo.dir, ["--base", "broken"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(
      /^error: the spec at broken: could not bundle openapi\/devrev\.yaml: openapi\/paths\/widgets-gone\.yaml does not exist/,
    );
  });
});

describe("summarizeOpticOutput", () => {
  it("keeps what optic says and drops the document it quotes and its temp paths", () => {
    const workDir = "/tmp/devrev-kit-optic-abc";
    const documentLine = `1 | {"openapi":"3.0.3",${'"x":1,'.repeat(50_000)}}`;
    const output = [
      "invalid openapi: paths > /widgets.list must be object",
      documentLine,
      `${workDir}/after.json`,
      "invalid openapi: paths > /widgets.list must be object",
      "x".repeat(1000),
    ].join("\n");
    const summary = summarizeOpticOutput(output, workDir);
    expect(summary.split("\n")).toEqual([
      "  invalid openapi: paths > /widgets.list must be object",
      `  ${"x".repeat(300)}…`,
    ]);
  });
});

describe("describeSchemaPointer", () => {
  it.each([
    ["/schema", "schema"],
    ["/schema/properties/name", "name"],
    ["/schema/properties/rev_org/properties/tags/items/properties/id", "rev_org.tags[].id"],
    ["/schema/oneOf/0/properties/type", "oneOf/0.type"],
  ])("%s -> %s", (pointer, label) => {
    expect(describeSchemaPointer(pointer)).toBe(label);
  });
});

// The rules optic lacks (src/spec-diff/): union variants, parameter serialization, response headers.
const gadgetsSpec = fileURLToPath(new URL("./fixtures/spec-diff/gadgets.yaml", import.meta.url));

const schema = (document: JsonObject, name: string) => at(document, "components", "schemas", name);
/** The member-specific part of an `allOf` member (the second part, after the shared base). */
const ownPart = (document: JsonObject, name: string) => at(schema(document, name), "allOf", "1");
const getParameter = (document: JsonObject, index: number) =>
  at(document, "paths", "/gadgets.get", "get", "parameters", String(index));

describe("spec:diff rules beyond optic's (checkWireRules)", () => {
  let gadgets: JsonObject;
  beforeAll(async () => {
    gadgets = await loadBundledSpec(gadgetsSpec);
  });
  const changed = (mutate: (document: JsonObject) => void) => {
    const after = structuredClone(gadgets);
    mutate(after);
    return checkWireRules(gadgets, after);
  };
  const get = "GET /gadgets.get";
  const create = "POST /gadgets.create";

  it("finds nothing when nothing changed, or only the layout did", () => {
    expect(checkWireRules(gadgets, structuredClone(gadgets))).toEqual([]);
    // The same member, written as one object instead of `allOf`: the same wire shape.
    const inlined = changed((document) => {
      at(document, "components", "schemas")["owner-dev-user"] = {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: { type: "string" },
          display_name: { type: "string" },
          type: { type: "string", enum: ["dev_user"] },
        },
      };
    });
    expect(inlined).toEqual([]);
  });

  const cases: Array<{
    edit: string;
    mutate: (document: JsonObject) => void;
    expected: Omit<SpecChange, "breaking"> & { rule: string | undefined };
  }> = [
    {
      edit: "an optional property removed from a response union member",
      mutate: (document) => delete at(ownPart(document, "owner-rev-user"), "properties")["external_ref"],
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.external_ref",
        change: "removed",
        rule: "[prevent removing response property] cannot remove response property 'external_ref' (variant type=rev_user)",
      },
    },
    {
      edit: "a property of a response union member made optional",
      mutate: (document) => {
        ownPart(document, "owner-rev-user")["required"] = ["type"];
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.email",
        change: "required removed",
        rule: "[prevent making response property optional]",
      },
    },
    {
      edit: "a property of a response union member made nullable",
      mutate: (document) => {
        at(ownPart(document, "owner-rev-user"), "properties", "email")["nullable"] = true;
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.email",
        change: "type string -> null | string",
        rule: "[prevent response property type changes]",
      },
    },
    {
      edit: "an enum value added inside a response union member",
      mutate: (document) => {
        at(ownPart(document, "owner-rev-user"), "properties", "state")["enum"] = ["active", "locked", "gone"];
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.state",
        change: 'enum "gone" added',
        rule: "[request and response property enums] cannot add enum option",
      },
    },
    {
      edit: "a new tag value in a response union (like an enum value added to a response)",
      mutate: (document) => {
        at(schema(document, "owner"), "discriminator", "mapping")["sys_user"] =
          "#/components/schemas/owner-sys-user";
        (schema(document, "owner")["oneOf"] as unknown[]).push({
          $ref: "#/components/schemas/owner-sys-user",
        });
        at(document, "components", "schemas")["owner-sys-user"] = {
          type: "object",
          required: ["type", "id"],
          properties: { type: { type: "string", enum: ["sys_user"] }, id: { type: "string" } },
        };
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner",
        change: "variant type=sys_user added",
        rule: "[prevent adding response union variants]",
      },
    },
    {
      edit: "a member dropped from a response union",
      mutate: (document) => {
        schema(document, "owner")["oneOf"] = [{ $ref: "#/components/schemas/owner-dev-user" }];
        delete at(schema(document, "owner"), "discriminator", "mapping")["rev_user"];
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner",
        change: "variant type=rev_user removed",
        rule: "[prevent removing response union variants] removing the type=rev_user variant from a response union breaks TypeScript code",
      },
    },
    {
      edit: "an optional property added to a response union member",
      mutate: (document) => {
        at(ownPart(document, "owner-dev-user"), "properties")["team"] = { type: "string" };
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=dev_user>.team",
        change: "added",
        rule: undefined,
      },
    },
    {
      edit: "a required property added to a request union member",
      mutate: (document) => {
        at(schema(document, "target-org"), "properties")["priority"] = { type: "integer" };
        schema(document, "target-org")["required"] = ["kind", "org_id", "priority"];
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property target<kind=org>.priority",
        change: "added",
        rule: "[prevent adding required request property]",
      },
    },
    {
      edit: "a property of a request union member made required",
      mutate: (document) => {
        schema(document, "target-org")["required"] = ["kind", "org_id", "note"];
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property target<kind=org>.note",
        change: "required added",
        rule: "[prevent changing request property to required]",
      },
    },
    {
      edit: "a member dropped from a request union",
      mutate: (document) => {
        schema(document, "target")["oneOf"] = [{ $ref: "#/components/schemas/target-org" }];
        delete at(schema(document, "target"), "discriminator", "mapping")["account"];
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property target",
        change: "variant kind=account removed",
        rule: "[prevent removing request union variants]",
      },
    },
    {
      edit: "an optional property added to a request union member",
      mutate: (document) => {
        at(schema(document, "target-account"), "properties")["note"] = { type: "string" };
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property target<kind=account>.note",
        change: "added",
        rule: undefined,
      },
    },
    {
      edit: "a query parameter exploded",
      mutate: (document) => {
        getParameter(document, 0)["explode"] = true;
      },
      expected: {
        operation: get,
        direction: "request",
        location: "query parameter ids",
        change: "explode false -> true",
        rule: "[prevent changing request parameter serialization] query parameter 'ids' would be sent as style form, explode true",
      },
    },
    {
      edit: "a query parameter given another style",
      mutate: (document) => {
        getParameter(document, 1)["style"] = "pipeDelimited";
      },
      expected: {
        operation: get,
        direction: "request",
        location: "query parameter tags",
        change: "style form -> pipeDelimited",
        rule: "[prevent changing request parameter serialization]",
      },
    },
    {
      edit: "a response header removed",
      mutate: (document) => delete at(document, "components", "responses", "too-many-requests")["headers"],
      expected: {
        operation: get,
        direction: "response",
        location: "status 429 header Retry-After",
        change: "removed",
        rule: "[prevent removing response header] cannot remove response header 'Retry-After'",
      },
    },
    {
      edit: "a response header's type changed (like a response property's type widened)",
      mutate: (document) => {
        at(document, "components", "responses", "too-many-requests", "headers", "Retry-After")["schema"] = {
          type: "string",
        };
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 429 header Retry-After",
        change: "type number -> string",
        rule: "[prevent response header type changes] expected response header 'Retry-After' not to be expanded",
      },
    },
    // Wire-safe edits that stop TypeScript code written against @devrev-kit/types from compiling.
    {
      edit: "a schema renamed (same wire shape)",
      mutate: (document) => {
        const renamed = JSON.stringify(document).replaceAll(
          '"#/components/schemas/owner-base"',
          '"#/components/schemas/owner-common"',
        );
        Object.assign(document, JSON.parse(renamed));
        const schemas = at(document, "components", "schemas");
        schemas["owner-common"] = schemas["owner-base"];
        delete schemas["owner-base"];
      },
      expected: {
        direction: "document",
        location: 'components["schemas"]["owner-base"]',
        change: 'renamed to "owner-common"',
        rule: `[prevent removing exported type names] removing components["schemas"]["owner-base"] breaks TypeScript code that names it in @devrev-kit/types' components/operations`,
      },
    },
    {
      edit: "a component response removed",
      mutate: (document) => {
        const responses = at(document, "components", "responses");
        responses["rate-limited"] = responses["too-many-requests"];
        delete responses["too-many-requests"];
        for (const path of ["/gadgets.get", "/gadgets.create"]) {
          const operation = at(document, "paths", path);
          at(Object.values(operation)[0] as JsonObject, "responses")["429"] = {
            $ref: "#/components/responses/rate-limited",
          };
        }
      },
      expected: {
        direction: "document",
        location: 'components["responses"]["too-many-requests"]',
        change: 'renamed to "rate-limited"',
        rule: "[prevent removing exported type names]",
      },
    },
    {
      edit: "a schema added (a new name, not breaking)",
      mutate: (document) => {
        at(document, "components", "schemas")["gadget-tag"] = { type: "string" };
      },
      expected: {
        direction: "document",
        location: 'components["schemas"]["gadget-tag"]',
        change: "added",
        rule: undefined,
      },
    },
    {
      edit: "an operationId renamed",
      mutate: (document) => {
        at(document, "paths", "/gadgets.get", "get")["operationId"] = "gadgets-fetch";
      },
      expected: {
        operation: get,
        direction: "operation",
        location: "operation",
        change: "operationId gadgets-get -> gadgets-fetch",
        rule: `[prevent removing exported type names] removing operations["gadgets-get"] breaks TypeScript code`,
      },
    },
    {
      edit: "an optional request body property removed",
      mutate: (document) => {
        const body = at(document, "paths", "/gadgets.create", "post", "requestBody", "content");
        delete at(body, "application/json", "schema", "properties")["label"];
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property label",
        change: "removed",
        rule: "[prevent removing request property] removing request property 'label' breaks TypeScript code",
      },
    },
    {
      edit: "an optional property removed from a request union member",
      mutate: (document) => delete at(schema(document, "target-org"), "properties")["note"],
      expected: {
        operation: create,
        direction: "request",
        location: "body property target<kind=org>.note",
        change: "removed",
        rule: "[prevent removing request property] removing request property 'note' (variant kind=org) breaks TypeScript code",
      },
    },
    {
      edit: "an optional query parameter removed",
      mutate: (document) => {
        (at(document, "paths", "/gadgets.get", "get")["parameters"] as unknown[]).pop();
      },
      expected: {
        operation: get,
        direction: "request",
        location: "query parameter tags",
        change: "removed",
        rule: "[prevent removing request parameter] removing query parameter tags breaks TypeScript code",
      },
    },
    {
      edit: "a value removed from a response enum",
      mutate: (document) => {
        at(schema(document, "gadget"), "properties", "status")["enum"] = ["active"];
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property status",
        change: 'enum "retired" removed',
        rule: `[prevent removing response enum options] removing enum option "retired" from response property 'status' breaks TypeScript code`,
      },
    },
    {
      edit: "a value removed from a response enum inside a union member",
      mutate: (document) => {
        at(ownPart(document, "owner-rev-user"), "properties", "state")["enum"] = ["active"];
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.state",
        change: 'enum "locked" removed',
        rule: "[prevent removing response enum options] removing enum option \"locked\" from response property 'owner<type=rev_user>.state' (variant type=rev_user) breaks TypeScript code",
      },
    },
    // Formats: the validators check a request against them.
    {
      edit: "a format added to a request property",
      mutate: (document) => {
        const body = at(document, "paths", "/gadgets.create", "post", "requestBody", "content");
        at(body, "application/json", "schema", "properties", "label")["format"] = "uuid";
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property label",
        change: "format uuid added",
        rule: "[prevent narrowing request formats] in the request, 'label' now requires format uuid: the generated validators and DevRev reject values that were valid",
      },
    },
    {
      edit: "a format added to a request union member's property",
      mutate: (document) => {
        at(schema(document, "target-org"), "properties", "org_id")["format"] = "uuid";
      },
      expected: {
        operation: create,
        direction: "request",
        location: "body property target<kind=org>.org_id",
        change: "format uuid added",
        rule: "[prevent narrowing request formats] in the request, 'target<kind=org>.org_id' (variant kind=org) now requires format uuid",
      },
    },
    {
      edit: "a format added to a query parameter's items",
      mutate: (document) => {
        at(getParameter(document, 0), "schema", "items")["format"] = "uuid";
      },
      expected: {
        operation: get,
        direction: "request",
        location: "query parameter ids[]",
        change: "format uuid added",
        rule: "[prevent narrowing request formats] in the request, 'query parameter ids[]' now requires format uuid",
      },
    },
    {
      edit: "a format added to a response union member's property (not breaking)",
      mutate: (document) => {
        at(ownPart(document, "owner-rev-user"), "properties", "email")["format"] = "email";
      },
      expected: {
        operation: get,
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.email",
        change: "format email added",
        rule: undefined,
      },
    },
  ];

  it.each(cases)("$edit", ({ mutate, expected: { rule, ...expected } }) => {
    expect(changed(mutate)).toContainEqual({
      ...expected,
      breaking: rule === undefined ? [] : [expect.stringContaining(rule)],
    });
  });

  it("judges a request format changed as breaking, one removed as not", () => {
    const withFormat = (format: string) => {
      const document = structuredClone(gadgets);
      at(schema(document, "target-org"), "properties", "org_id")["format"] = format;
      return document;
    };
    expect(checkWireRules(withFormat("text"), withFormat("uuid"))).toEqual([
      expect.objectContaining({
        location: "body property target<kind=org>.org_id",
        change: "format text -> uuid",
        breaking: [expect.stringContaining("now requires format uuid instead of text")],
      }),
    ]);
    expect(checkWireRules(withFormat("uuid"), gadgets)).toEqual([
      expect.objectContaining({ change: "format uuid removed", breaking: [] }),
    ]);
  });

  it("leaves to optic what it already judges: a request enum value added, a response property added or removed", () => {
    const findings = changed((document) => {
      at(schema(document, "gadget"), "properties", "status")["enum"] = ["active", "retired", "lost"];
      at(schema(document, "gadget"), "properties")["size"] = { type: "integer" };
      delete at(schema(document, "gadget"), "properties")["id"];
      const body = at(document, "paths", "/gadgets.create", "post", "requestBody", "content");
      at(body, "application/json", "schema", "properties")["color"] = { type: "string", enum: ["red"] };
    });
    expect(findings).toEqual([]);
    const withRequestEnum = (values: string[]) => {
      const document = structuredClone(gadgets);
      at(schema(document, "target-org"), "properties")["tier"] = { type: "string", enum: values };
      return document;
    };
    expect(checkWireRules(withRequestEnum(["a"]), withRequestEnum(["a", "b"]))).toEqual([
      expect.objectContaining({ change: 'enum "b" added', breaking: [] }),
    ]);
  });

  it("judges a parameter by its effective serialization and a header by its name in any case", () => {
    const findings = changed((document) => {
      getParameter(document, 0)["style"] = "form"; // the default for a query parameter, now explicit
      const response = at(document, "components", "responses", "too-many-requests");
      response["headers"] = { "retry-after": { schema: { type: "number" } } };
    });
    expect(findings).toEqual([]);
  });

  it("treats a required response header made optional like a response property made optional", () => {
    const required = structuredClone(gadgets);
    at(required, "components", "responses", "too-many-requests", "headers", "Retry-After")["required"] = true;
    expect(checkWireRules(required, gadgets)).toContainEqual(
      expect.objectContaining({
        location: "status 429 header Retry-After",
        change: "required removed",
        breaking: [expect.stringContaining("[prevent making response header optional]")],
      }),
    );
  });
});

describe("mergeWireRuleChanges", () => {
  const opticResult = (changes: SpecChange[], breaking = false): OpticDiffResult => ({
    changes,
    breaking,
    checksRun: 3,
    checksFailed: breaking ? 1 : 0,
    output: "",
  });
  const row = (location: string, change: string, breaking: string[] = []): SpecChange => ({
    operation: "GET /gadgets.get",
    direction: "response",
    location,
    change,
    breaking,
  });

  it("replaces the rows optic left unjudged at the same place, members numbered or tagged", () => {
    const finding = row("status 200 body property owner<type=rev_user>.external_ref", "removed", [
      "[rule] no",
    ]);
    const merged = mergeWireRuleChanges(
      opticResult([
        row("status 200 body property owner/oneOf/1.external_ref", "removed"),
        row("status 200 body property id", "description changed"),
      ]),
      [finding],
    );
    expect(merged.changes).toEqual([row("status 200 body property id", "description changed"), finding]);
    expect(merged.breaking).toBe(true);
    expect(merged.checksRun).toBe(3);
  });

  it("keeps every row optic failed, and optic's verdict, over a finding at the same place that breaks nothing", () => {
    const failed = row("body property target", "oneOf added", [
      "[prevent expanded in request union types] no",
    ]);
    const merged = mergeWireRuleChanges(opticResult([failed], true), [
      row("body property target", "variant kind=team added"),
      row("body property target<kind=org>.note", "added"),
    ]);
    expect(merged.changes).toEqual([failed, row("body property target<kind=org>.note", "added")]);
    expect(merged.breaking).toBe(true);
  });
});

describe("mergeWireRuleChanges inside unions compared by tag", () => {
  const row = (location: string, change: string, breaking: string[] = []): SpecChange => ({
    operation: "GET /gadgets.get",
    direction: "response",
    location,
    change,
    breaking,
  });
  const opticResult = (changes: SpecChange[]): OpticDiffResult => ({
    changes,
    breaking: changes.some((change) => change.breaking.length > 0),
    checksRun: 3,
    checksFailed: 0,
    output: "",
  });

  it("drops optic's rows that pair members by position, unless optic failed one at a place we did not judge", () => {
    const taggedUnions = [
      {
        operation: "GET /gadgets.get",
        direction: "response" as const,
        location: "status 400 body property schema",
      },
      {
        operation: "GET /gadgets.get",
        direction: "response" as const,
        location: "status 200 body property owner",
      },
    ];
    const finding = row("status 200 body property owner<type=rev_user>.state", 'enum "locked" removed', [
      "[ours] no",
    ]);
    const unionRow = row("status 200 body property owner", "discriminator/mapping/sys_user added");
    // The root union's own row lists its members' edits by number too, here and there only those.
    const rootRow = (change: string) => row("status 400 body property schema", change);
    const untagged = row("status 200 body property parts/oneOf/0.id", "removed");
    const failedElsewhere = row("status 200 body property owner/oneOf/1.inner", "changed", ["[optic] no"]);
    const merged = mergeWireRuleChanges(
      opticResult([
        row("status 400 body property oneOf/8.dependencies", "removed"),
        row("status 400 body property oneOf/7.org_id", "added"),
        rootRow("discriminator/mapping/quota_exceeded added, oneOf added, oneOf/15/required added"),
        row("status 200 body property owner/oneOf/2", "added"),
        row("status 200 body property owner/oneOf/1/allOf/1.email", "removed"),
        row("status 200 body property owner/oneOf/0.state", "changed", ["[optic] judged by ours"]),
        unionRow,
        row("status 200 body property owner", "oneOf/1/description changed"),
        untagged,
        failedElsewhere,
      ]),
      [finding],
      taggedUnions,
    );
    expect(merged.changes).toEqual([
      rootRow("discriminator/mapping/quota_exceeded added"),
      unionRow,
      untagged,
      failedElsewhere,
      finding,
    ]);
    expect(merged.breaking).toBe(true);
  });
});

describe("correctUnionEnumWording", () => {
  it("says which way optic's union rules moved an enum, which they word backwards", () => {
    expect(correctUnionEnumWording("oneOf/1/state: enums suspended were removed")).toBe(
      "oneOf/1/state: enum value suspended was added (a response may now carry a value the caller's code does not handle, and older clients' validators reject it)",
    );
    expect(correctUnionEnumWording("oneOf/0/kind: enums a,b were added")).toBe(
      "oneOf/0/kind: enum values a, b were removed (a request that sends it is now rejected)",
    );
  });
});

describe("mergeWireRuleChanges and optic's union rules", () => {
  const row = (
    location: string,
    change: string,
    breaking: string[] = [],
    direction: "request" | "response" = "response",
  ): SpecChange => ({
    operation: "GET /gadgets.get",
    direction,
    location,
    change,
    breaking,
  });
  const opticResult = (changes: SpecChange[]): OpticDiffResult => ({
    changes,
    breaking: true,
    checksRun: 9,
    checksFailed: 1,
    output: "",
  });
  const narrowing =
    "[prevent narrowing in response union types] response body oneOf schema did not overlap with the previous schema. " +
    "oneOf/8/type: enum value artifact_already_attached_to_a_parent was added (a response may now carry a value)";
  const bodyRoot = {
    operation: "GET /gadgets.get",
    direction: "response" as const,
    location: "status 400 body property schema",
  };

  it("drops optic's positional verdict on a union our rules found breaking by tag, and shows ours", () => {
    const removed = row("status 400 body application/json", "variant type=missing_dependency removed", [
      "[prevent removing response union variants] removing the type=missing_dependency variant breaks",
    ]);
    const merged = mergeWireRuleChanges(
      opticResult([
        row(
          "status 400 body property schema",
          "discriminator/mapping/missing_dependency removed, oneOf removed, oneOf/14/required removed",
          [narrowing],
        ),
      ]),
      [removed],
      [bodyRoot],
    );
    expect(merged.changes).toEqual([
      row("status 400 body property schema", "discriminator/mapping/missing_dependency removed"),
      removed,
    ]);
    expect(merged.breaking).toBe(true);
  });

  it("keeps optic's union verdict where our rules found nothing breaking, or only in another union", () => {
    const expanded = row(
      "body property target",
      "oneOf added",
      ["[prevent expanded in request union types] request property oneOf schema did not overlap"],
      "request",
    );
    const targetUnion = { ...bodyRoot, direction: "request" as const, location: "body property target" };
    const added = row("body property target", "variant kind=team added", [], "request");
    const elsewhere = row("body property targets<kind=org>.id", "removed", ["[ours] no"], "request");
    const merged = mergeWireRuleChanges(opticResult([expanded]), [added, elsewhere], [targetUnion]);
    expect(merged.changes).toEqual([expanded, elsewhere]);
  });
});

describe("pnpm spec:diff on unions, parameter serialization and response headers", () => {
  /** Makes the temp repo's spec the gadgets fixture, committed on main as the base. */
  const useGadgets = () => {
    for (const folder of ["openapi/paths", "openapi/components"]) {
      rmSync(join(repo.dir, folder), { recursive: true });
    }
    repo.write("openapi/devrev.yaml", readFileSync(gadgetsSpec, "utf8"));
    repo.commitAll("Base: the gadgets spec");
  };

  it(
    "flags an optional property removed from one member of a response union, once, by its tag",
    slow,
    async () => {
      useGadgets();
      repo.edit("openapi/devrev.yaml", "            external_ref:\n              type: string\n", "");

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(1);
      expect(stdout).toMatch(
        /BREAKING\s+response\s+GET \/gadgets\.get\s+status 200 body property owner<type=rev_user>\.external_ref: removed/,
      );
      expect(stdout).toContain("cannot remove response property 'external_ref' (variant type=rev_user)");
      // optic's own row for the same edit (`owner/oneOf/1.external_ref: removed`, which it does not judge) gives way.
      expect(stdout).not.toContain("oneOf/1.external_ref");
      expect(stdout).toMatch(/2 changes: 2 breaking \(2 response\), 0 not breaking\./);
    },
  );

  it(
    "flags a new tag value in a response union, as optic flags an enum value added to a response",
    slow,
    async () => {
      useGadgets();
      repo.edit(
        "openapi/devrev.yaml",
        "          enum: [active, retired]\n",
        "          enum: [active, retired, lost]\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        '          rev_user: "#/components/schemas/owner-rev-user"\n',
        '          rev_user: "#/components/schemas/owner-rev-user"\n          sys_user: "#/components/schemas/owner-sys-user"\n',
      );
      repo.edit(
        "openapi/devrev.yaml",
        '        - $ref: "#/components/schemas/owner-rev-user"\n',
        '        - $ref: "#/components/schemas/owner-rev-user"\n        - $ref: "#/components/schemas/owner-sys-user"\n',
      );
      repo.edit(
        "openapi/devrev.yaml",
        "    owner-base:\n",
        '    owner-sys-user:\n      allOf:\n        - $ref: "#/components/schemas/owner-base"\n        - type: object\n          required: [type]\n          properties:\n            type:\n              type: string\n              enum: [sys_user]\n    owner-base:\n',
      );

      const report = await diffSpec({ repo: repo.dir, base: "main" });

      expect(report.result.breaking).toBe(true);
      // optic's own verdict on the enum value ...
      expect(report.result.changes).toContainEqual(
        expect.objectContaining({
          operation: "GET /gadgets.get",
          location: "status 200 body property status",
          breaking: [expect.stringContaining("cannot add enum option 'lost'")],
        }),
      );
      // ... and ours on the tag value, for the same reason.
      expect(report.result.changes).toContainEqual(
        expect.objectContaining({
          operation: "GET /gadgets.get",
          location: "status 200 body property owner",
          change: "variant type=sys_user added",
          breaking: [expect.stringContaining("[prevent adding response union variants]")],
        }),
      );
    },
  );

  it(
    "flags request parameter serialization changes and a removed response header, and exits 1",
    slow,
    async () => {
      useGadgets();
      repo.edit(
        "openapi/devrev.yaml",
        "        - name: ids\n          in: query\n          explode: false\n",
        "        - name: ids\n          in: query\n          explode: true\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        "        - name: tags\n          in: query\n",
        "        - name: tags\n          in: query\n          style: pipeDelimited\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        "      headers:\n        Retry-After:\n          schema:\n            type: number\n",
        "",
      );

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(1);
      expect(stdout).toMatch(
        /BREAKING\s+request\s+GET \/gadgets\.get\s+query parameter ids: explode false -> true/,
      );
      expect(stdout).toMatch(
        /BREAKING\s+request\s+GET \/gadgets\.get\s+query parameter tags: style form -> pipeDelimited/,
      );
      for (const operation of ["GET /gadgets.get", "POST /gadgets.create"]) {
        expect(stdout).toMatch(
          new RegExp(
            `BREAKING\\s+response\\s+${operation.replace(".", "\\.")}\\s+status 429 header Retry-After: removed`,
          ),
        );
      }
      expect(stdout).toMatch(/4 changes: 4 breaking \(2 request, 2 response\), 0 not breaking\./);
    },
  );

  it(
    "passes additive union changes (a new field in a response member, a new optional field in a request member) with exit 0",
    slow,
    async () => {
      useGadgets();
      repo.edit(
        "openapi/devrev.yaml",
        "            external_ref:\n",
        "            nickname:\n              type: string\n            external_ref:\n",
      );
      repo.edit(
        "openapi/devrev.yaml",
        "        account_id:\n          type: string\n",
        "        account_id:\n          type: string\n        note:\n          type: string\n",
      );

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(0);
      expect(stdout).toMatch(
        /ok\s+response\s+GET \/gadgets\.get\s+status 200 body property owner<type=rev_user>\.nickname: added/,
      );
      expect(stdout).toMatch(
        /ok\s+request\s+POST \/gadgets\.create\s+body property target<kind=account>\.note: added/,
      );
      expect(stdout).not.toContain("BREAKING");
    },
  );

  it(
    "drops optic's rows that compare a tagged union's members by position after a member is inserted",
    slow,
    async () => {
      useGadgets();
      // A new member first in the union: optic now compares dev_user with sys_user, rev_user with dev_user, ...
      repo.edit(
        "openapi/devrev.yaml",
        '        - $ref: "#/components/schemas/owner-dev-user"\n        - $ref: "#/components/schemas/owner-rev-user"\n',
        '        - $ref: "#/components/schemas/owner-sys-user"\n        - $ref: "#/components/schemas/owner-dev-user"\n        - $ref: "#/components/schemas/owner-rev-user"\n',
      );
      repo.edit(
        "openapi/devrev.yaml",
        '          rev_user: "#/components/schemas/owner-rev-user"\n',
        '          rev_user: "#/components/schemas/owner-rev-user"\n          sys_user: "#/components/schemas/owner-sys-user"\n',
      );
      repo.edit(
        "openapi/devrev.yaml",
        "    owner-base:\n",
        "    owner-sys-user:\n      type: object\n      required: [type, job]\n      properties:\n        type:\n          type: string\n          enum: [sys_user]\n        job:\n          type: string\n    owner-base:\n",
      );

      const text = formatSpecDiff(await diffSpec({ repo: repo.dir, base: "main" }));

      expect(text).toMatch(
        /BREAKING\s+response\s+GET \/gadgets\.get\s+status 200 body property owner: variant type=sys_user added/,
      );
      // No row compares one member with another by position.
      expect(text).not.toMatch(/oneOf\/\d+[.:]/);
    },
  );

  it(
    "says an enum value added inside a response union member was added, by its tag, where optic's union rule says removed",
    slow,
    async () => {
      useGadgets();
      repo.edit("openapi/devrev.yaml", "enum: [active, locked]", "enum: [active, locked, suspended]");

      const report = await diffSpec({ repo: repo.dir, base: "main" });
      const reasons = report.result.changes.flatMap((change) => change.breaking);

      expect(report.result.breaking).toBe(true);
      expect(report.result.changes).toContainEqual({
        operation: "GET /gadgets.get",
        direction: "response",
        location: "status 200 body property owner<type=rev_user>.state",
        change: 'enum "suspended" added',
        breaking: [expect.stringContaining('cannot add enum option "suspended" to response property')],
      });
      // optic's verdict on the union, by member number, and the bare row it sat on, give way to ours.
      expect(reasons.join("\n")).not.toContain("[prevent narrowing in response union types]");
      expect(report.result.changes.map((change) => change.location)).not.toContain(
        "status 200 body property owner",
      );
    },
  );

  it(
    "shows a variant removed from a response union as removed, not in optic's words for the member it paired it with",
    slow,
    async () => {
      useGadgets();
      repo.edit("openapi/devrev.yaml", '        - $ref: "#/components/schemas/owner-dev-user"\n', "");
      repo.edit("openapi/devrev.yaml", '          dev_user: "#/components/schemas/owner-dev-user"\n', "");

      const report = await diffSpec({ repo: repo.dir, base: "main" });
      const text = formatSpecDiff(report);

      expect(report.result.breaking).toBe(true);
      expect(text).toMatch(
        /BREAKING\s+response\s+GET \/gadgets\.get\s+status 200 body property owner: variant type=dev_user removed/,
      );
      // optic's union rule paired dev_user with rev_user and said their differences were the change.
      expect(text).not.toContain("[prevent narrowing in response union types]");
      expect(text).not.toMatch(/enum values? \S+ (?:was|were) added/);
    },
  );

  it(
    "flags a schema and an operationId renamed, which optic passes, as breaking TypeScript code",
    slow,
    async () => {
      useGadgets();
      repo.edit("openapi/devrev.yaml", "operationId: gadgets-get", "operationId: gadgets-fetch");
      repo.edit("openapi/devrev.yaml", "    target-account:\n", "    target-customer-account:\n");
      repo.edit(
        "openapi/devrev.yaml",
        '        - $ref: "#/components/schemas/target-account"\n',
        '        - $ref: "#/components/schemas/target-customer-account"\n',
      );
      repo.edit(
        "openapi/devrev.yaml",
        '          account: "#/components/schemas/target-account"\n',
        '          account: "#/components/schemas/target-customer-account"\n',
      );

      const { code, stdout } = await runCli(repo.dir, ["--base", "main"]);

      expect(code).toBe(1);
      expect(stdout).toMatch(
        /BREAKING\s+operation\s+GET \/gadgets\.get\s+operation: operationId gadgets-get -> gadgets-fetch/,
      );
      expect(stdout).toMatch(
        /BREAKING\s+document\s+components\["schemas"\]\["target-account"\]: renamed to "target-customer-account"/,
      );
      expect(stdout).toContain(
        "breaks TypeScript code that names it in @devrev-kit/types' components/operations",
      );
    },
  );
});
