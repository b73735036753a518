import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { compareSpecs, type Difference, type DriftResult } from "../src/drift/compare-specs.ts";
import type { JsonObject } from "../src/drift/json.ts";
import { loadBundledSpec } from "../src/drift/load-spec.ts";
import { at } from "./support/document.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/drift/${name}`, import.meta.url));
const script = fileURLToPath(new URL("../src/spec-drift.ts", import.meta.url));

let published: JsonObject;
let curated: JsonObject;

beforeAll(async () => {
  [published, curated] = await Promise.all([
    loadBundledSpec(fixture("published.yaml")),
    loadBundledSpec(fixture("curated.yaml")),
  ]);
});

function curatedWith(mutate: (document: JsonObject) => void): JsonObject {
  const copy = structuredClone(curated);
  mutate(copy);
  return copy;
}

function differencesOf(result: DriftResult): Array<Difference & { operation: string }> {
  return result.operations.flatMap((operation) =>
    operation.differences.map((difference) => ({ operation: operation.label, ...difference })),
  );
}

const createBody = (document: JsonObject) =>
  at(document, "paths", "/widgets.create", "post", "requestBody", "content", "application/json", "schema");
const createBodyProperty = (document: JsonObject, name: string) =>
  at(createBody(document), "properties", name);
const listParameters = (document: JsonObject) =>
  at(document, "paths", "/widgets.list", "get", "parameters") as unknown as JsonObject[];

describe("compareSpecs", () => {
  it("finds no drift between two layouts of the same wire shape", () => {
    const result = compareSpecs(curated, published);
    expect(differencesOf(result)).toEqual([]);
    expect(result.operations.map((operation) => operation.label)).toEqual([
      "POST /widgets.create",
      "GET /widgets.list",
      "POST /widgets.list",
    ]);
    expect(result.operations.every((operation) => operation.factCount > 0)).toBe(true);
  });

  it("finds no drift between a spec and itself", () => {
    expect(differencesOf(compareSpecs(published, published))).toEqual([]);
  });

  it("reads `nullable` beside `allOf` as making the whole schema nullable (OpenAPI 3.0's convention)", () => {
    const wrapped = curatedWith((document) => {
      const tier = createBodyProperty(document, "tier");
      const { nullable: _nullable, ...rest } = tier;
      for (const key of Object.keys(tier)) delete tier[key];
      Object.assign(tier, { allOf: [rest], nullable: true });
    });
    expect(differencesOf(compareSpecs(wrapped, published))).toEqual([]);
  });

  it("infers the tag of a union that has no discriminator object", () => {
    const undiscriminated = curatedWith((document) => {
      delete at(document, "components", "schemas", "user")["discriminator"];
      delete at(document, "components", "schemas", "bad-request-body")["discriminator"];
    });
    expect(differencesOf(compareSpecs(undiscriminated, published))).toEqual([]);
  });

  const create = "POST /widgets.create";
  const list = "GET /widgets.list";
  const cases: Array<{
    change: string;
    mutate: (document: JsonObject) => void;
    expected: Difference & { operation: string };
  }> = [
    {
      change: "a nullable field no longer nullable",
      mutate: (document) => delete createBodyProperty(document, "tier")["nullable"],
      expected: {
        operation: create,
        fact: "request application/json.tier :: type",
        curated: "string",
        upstream: "string | null",
      },
    },
    {
      // Under allOf every part must accept null: one nullable part is not enough.
      change: "a nullable field written as allOf of a nullable and a non-nullable part",
      mutate: (document) => {
        const tier = createBodyProperty(document, "tier");
        for (const key of Object.keys(tier)) delete tier[key];
        tier["allOf"] = [{ type: "string", nullable: true }, { type: "string" }];
      },
      expected: {
        operation: create,
        fact: "request application/json.tier :: type",
        curated: "string",
        upstream: "string | null",
      },
    },
    {
      change: "a required field made optional",
      mutate: (document) => {
        createBody(document)["required"] = [];
      },
      expected: {
        operation: create,
        fact: "request application/json.name :: required",
        curated: "no",
        upstream: "yes",
      },
    },
    {
      change: "a deprecation dropped",
      mutate: (document) => delete createBodyProperty(document, "legacy_code")["deprecated"],
      expected: {
        operation: create,
        fact: "request application/json.legacy_code :: deprecated",
        curated: undefined,
        upstream: "yes",
      },
    },
    {
      change: "a free-form map closed",
      mutate: (document) => {
        createBodyProperty(document, "custom_fields")["additionalProperties"] = false;
      },
      expected: {
        operation: create,
        fact: "request application/json.custom_fields :: keys",
        curated: "none",
        upstream: "any",
      },
    },
    {
      change: "an object with declared properties closed",
      mutate: (document) => {
        at(document, "components", "schemas", "widget-envelope")["additionalProperties"] = false;
      },
      expected: {
        operation: create,
        fact: "response 201 application/json :: keys",
        curated: "declared only",
        upstream: "declared",
      },
    },
    {
      change: "a union member with fields of its own closed",
      mutate: (document) => {
        at(document, "components", "schemas", "user-rev")["additionalProperties"] = false;
      },
      expected: {
        operation: create,
        fact: "response 201 application/json.widget.owner<type=rev_user> :: keys",
        curated: "declared only",
        upstream: "declared",
      },
    },
    {
      change: "a format changed",
      mutate: (document) => {
        at(document, "components", "schemas", "widget-envelope", "properties", "widget", "properties", "id")[
          "format"
        ] = "text";
      },
      expected: {
        operation: create,
        fact: "response 201 application/json.widget.id :: format",
        curated: "text",
        upstream: "id",
      },
    },
    {
      change: "an array's item type changed",
      mutate: (document) => {
        at(
          document,
          "components",
          "schemas",
          "widget-envelope",
          "properties",
          "widget",
          "properties",
          "sizes",
          "items",
        )["type"] = "number";
      },
      expected: {
        operation: create,
        fact: "response 201 application/json.widget.sizes[] :: type",
        curated: "number",
        upstream: "integer",
      },
    },
    {
      change: "a union member's tag value changed",
      mutate: (document) => {
        at(document, "components", "schemas", "user-rev", "properties", "type")["enum"] = ["customer"];
      },
      expected: {
        operation: create,
        fact: "response 201 application/json.widget.owner<type=rev_user>.type :: enum",
        curated: "(no value allowed)",
        upstream: '"rev_user"',
      },
    },
    {
      change: "a union member's field dropped",
      mutate: (document) =>
        delete at(document, "components", "schemas", "user-rev", "properties")["external_ref"],
      expected: {
        operation: create,
        fact: "response 201 application/json.widget.owner<type=rev_user>.external_ref",
        curated: undefined,
        upstream: "present (3 facts)",
      },
    },
    {
      change: "an error subtype's field made optional",
      mutate: (document) => {
        at(document, "components", "schemas", "bad-request-invalid-field", "allOf", "1")["required"] = [
          "type",
        ];
      },
      expected: {
        operation: create,
        fact: "response 400 application/json<type=invalid_field>.field_name :: required",
        curated: "no",
        upstream: "yes",
      },
    },
    {
      change: "an error subtype's enum narrowed",
      mutate: (document) => {
        at(
          document,
          "components",
          "schemas",
          "bad-request-validation",
          "allOf",
          "1",
          "properties",
          "subtype",
        )["enum"] = ["too_long"];
      },
      expected: {
        operation: create,
        fact: "response 400 application/json<type=validation_error> :: variants",
        curated: "too_long",
        upstream: "too_long | too_short",
      },
    },
    {
      change: "a status code dropped",
      mutate: (document) => delete at(document, "paths", "/widgets.create", "post", "responses")["429"],
      expected: {
        operation: create,
        fact: "responses :: statuses",
        curated: "201, 400",
        upstream: "201, 400, 429",
      },
    },
    {
      change: "a list parameter exploded",
      mutate: (document) => {
        const [tags] = listParameters(document);
        if (tags !== undefined) tags["explode"] = true;
      },
      expected: { operation: list, fact: "parameter query tags :: explode", curated: "yes", upstream: "no" },
    },
    {
      change: "a parameter renamed",
      mutate: (document) => {
        const [, after] = listParameters(document);
        if (after !== undefined) after["name"] = "created_after";
      },
      expected: {
        operation: list,
        fact: "parameters :: names",
        curated: "query created_after, query mode, query tags",
        upstream: "query created_date.after, query mode, query tags",
      },
    },
    {
      change: "an enum value added",
      mutate: (document) => {
        const [, , mode] = listParameters(document);
        if (mode !== undefined) at(mode, "schema")["enum"] = ["after", "around", "before"];
      },
      expected: {
        operation: list,
        fact: "parameter query mode :: enum",
        curated: '"after", "around", "before"',
        upstream: '"after", "before"',
      },
    },
    {
      change: "an operation the upstream spec does not have",
      mutate: (document) => {
        at(document, "paths")["/widgets.delete"] = {
          post: { responses: { "200": { description: "Deleted." } } },
        };
      },
      expected: {
        operation: "POST /widgets.delete",
        fact: "operation",
        curated: "present",
        upstream: undefined,
      },
    },
    {
      change: "an upstream operation left out on a covered path",
      mutate: (document) => delete at(document, "paths", "/widgets.list")["post"],
      expected: {
        operation: "POST /widgets.list",
        fact: "operation",
        curated: undefined,
        upstream: "present",
      },
    },
  ];

  it.each(cases)("reports $change", ({ mutate, expected }) => {
    expect(differencesOf(compareSpecs(curatedWith(mutate), published))).toContainEqual(expected);
  });

  it("reads an empty closed member of a discriminated union as adding nothing, on either side", () => {
    // The published layout: shared fields beside the `oneOf`, and `{ type: object,
    // additionalProperties: false }` for a member with no fields of its own. Read literally it would
    // forbid even the tag that selects it; the validator generator reads it as adding nothing too.
    const markerLayout = curatedWith((document) => {
      const schemas = at(document, "components", "schemas");
      schemas["bad-request-plain"] = { type: "object", additionalProperties: false };
      at(schemas, "bad-request-body")["allOf"] = [
        { $ref: "#/components/schemas/error-base" },
        {
          type: "object",
          required: ["type"],
          properties: {
            type: { type: "string", enum: ["bad_request", "invalid_field", "validation_error"] },
          },
        },
      ];
    });
    expect(differencesOf(compareSpecs(markerLayout, published))).toEqual([]);
  });

  it("ignores upstream operations on paths the curated spec does not cover", () => {
    const labels = compareSpecs(curated, published).operations.map((operation) => operation.label);
    expect(labels).not.toContain("POST /gadgets.create");
  });
});

describe("spec-drift command", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

  it("passes --strict when nothing drifted", () => {
    const result = run(
      "--spec",
      fixture("curated.yaml"),
      "--upstream",
      fixture("published.yaml"),
      "--strict",
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}ok {5}POST \/widgets\.create {2}\d+ facts agree$/m);
    expect(result.stdout).toMatch(/No drift: 3 operations, \d+ wire facts compared\./);
  });

  it("fails --strict and names each differing fact", () => {
    const result = run(
      "--spec",
      fixture("drifted.yaml"),
      "--upstream",
      fixture("published.yaml"),
      "--strict",
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("DRIFT  POST /widgets.create  3 differences");
    expect(result.stdout).toContain("request application/json.tier :: type");
    expect(result.stdout).toMatch(
      /response 429\n\s+curated: {2}\(absent\)\n\s+upstream: present \(\d+ facts\)/,
    );
    expect(result.stdout).toContain("Drift: 3 differences in 1 of 3 operations.");
  });

  it("reads relative paths from where the command was typed (INIT_CWD, which pnpm sets), not the root", () => {
    const typedIn = dirname(fixture("curated.yaml"));
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const args = [script, "--spec", "curated.yaml", "--upstream", "published.yaml", "--strict"];
    // As pnpm runs a root script typed in a subfolder: at the root, INIT_CWD the subfolder.
    const asScript = { INIT_CWD: typedIn, npm_package_json: join(root, "package.json") };
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ...asScript },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/No drift: 3 operations/);
    // A process started elsewhere that inherited the variables (a test's child) reads them from its own folder.
    const inherited = spawnSync(process.execPath, args, {
      cwd: typedIn,
      encoding: "utf8",
      env: { ...process.env, ...asScript, INIT_CWD: root },
    });
    expect(inherited.status).toBe(0);
  });

  it("reads them from where ./dev was typed too, though ./dev starts pnpm at the root", () => {
    const typedIn = dirname(fixture("curated.yaml"));
    const dev = fileURLToPath(new URL("../../dev", import.meta.url));
    const args = ["spec:drift", "--spec", "curated.yaml", "--upstream", "published.yaml", "--strict"];
    // The real ./dev and pnpm; a parent's ./dev (`./dev test` typed in a subfolder) must not leak in. Offline:
    // on a checkout ./dev has not set up, it installs from the store and goes on without the consumers' Node.
    const env = {
      ...process.env,
      DEVREV_KIT_TYPED_IN: "/nowhere",
      DEVREV_KIT_TYPED_AT: "/nowhere",
      npm_config_offline: "true",
    };
    const result = spawnSync("bash", [dev, ...args], {
      cwd: typedIn,
      encoding: "utf8",
      env,
      timeout: 120_000,
    });
    expect(result.stdout).toMatch(/No drift: 3 operations/);
    expect(result.status).toBe(0);
  });

  it("finds --reference (pnpm spec:fidelity) from the repository, wherever the command was typed", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const typedIn = join(root, "packages", "client");
    const asScript = { INIT_CWD: typedIn, npm_package_json: join(root, "package.json") };
    const result = spawnSync(process.execPath, [script, "--reference"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, ...asScript },
    });
    // Compared when it is there (beside the repository), else said to be missing: either way, by that path.
    // (The path may hold spaces: it runs from the word before it, `against` or `not found:`, to the file.)
    const shown =
      /(?:against |spec not found: )(.*?shared\/reference\/devrev-openapi-beta-subset\.yaml)/.exec(
        result.stdout + result.stderr,
      );
    expect(shown && resolve(typedIn, shown[1] ?? "")).toBe(
      resolve(root, "../shared/reference/devrev-openapi-beta-subset.yaml"),
    );
    expect(run("--reference", "--upstream", fixture("published.yaml")).stderr).toContain("usage:");
  });

  it("reports drift without failing when --strict is not given", () => {
    const result = run("--spec", fixture("drifted.yaml"), "--upstream", fixture("published.yaml"));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Drift: 3 differences");
  });

  it("says in one line which spec it cannot read, and exits 2, never 1 (drift)", () => {
    const scratch = mkdtempSync(join(tmpdir(), "devrev-kit-drift-"));
    try {
      const html = join(scratch, "published.yaml");
      writeFileSync(html, "<html><body>Rate limited</body></html>\n");
      const badRef = join(scratch, "curated.yaml");
      writeFileSync(
        badRef,
        readFileSync(fixture("curated.yaml"), "utf8").replace(
          /\$ref: "?#\/components\/schemas\/(\w+)/,
          '$ref: "#/components/schemas/$1-missing',
        ),
      );
      const cases = [
        { args: ["--upstream", join(scratch, "nowhere.yaml")], says: /spec not found: .*nowhere\.yaml/ },
        {
          args: ["--upstream", html],
          says: /published\.yaml is not an OpenAPI document|could not read .*published\.yaml/,
        },
        {
          args: ["--spec", badRef, "--upstream", fixture("published.yaml")],
          says: /could not bundle .*curated\.yaml: Can't resolve \$ref at .*curated\.yaml:\d+:\d+$/m,
        },
      ];
      for (const { args, says } of cases) {
        const result = run(...args, "--strict");
        expect(result.status, result.stderr).toBe(2);
        expect(result.stderr).toMatch(says);
        expect(result.stderr.trim().split("\n"), result.stderr).toHaveLength(1);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("explains its usage when --upstream is missing", () => {
    const result = run("--strict");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: node scripts/src/spec-drift.ts --upstream");
  });
});
