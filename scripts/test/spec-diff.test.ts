import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject } from "../src/drift/json.ts";
import { loadBundledSpec } from "../src/drift/load-spec.ts";
import { describeSchemaPointer, type OpticDiffResult, type SpecChange } from "../src/optic-report.ts";
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
      expect(stdout).toContain("minor while they are 0.x");
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

      const sinceLatest = await diffSpec({ repo: repo.dir });
      expect(sinceLatest.base).toBe("@devrev-kit/types@0.10.0");
      expect(sinceLatest.result.changes).toEqual([]);
      expect(formatSpecDiff(sinceLatest)).toContain("No changes.");

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

    const report = await diffSpec({ repo: repo.dir });

    expect(report.base).toBe("main");
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
    expect(stderr).toContain("could not bundle");
    expect(stderr).toContain("widgets-gone.yaml");
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
        rule: undefined,
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
  ];

  it.each(cases)("$edit", ({ mutate, expected: { rule, ...expected } }) => {
    expect(changed(mutate)).toContainEqual({
      ...expected,
      breaking: rule === undefined ? [] : [expect.stringContaining(rule)],
    });
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
});
