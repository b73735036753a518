// Cases an adversarial review of the error model found mishandled (2026-12-06), kept as regression tests: each
// states a promise of the README or the spec.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { createDevRevError, isErrorOfType, isResponseError } from "../src/index.ts";

const packageRoot = join(import.meta.dirname, "..");
const repoRoot = join(packageRoot, "../..");

describe("bytes from another realm (README: `body` may be the raw text, bytes or parsed JSON)", () => {
  const invalidField =
    '{"type":"invalid_field","field_name":"display_name","message":"display_name is invalid."}';

  /** An ArrayBuffer made in another realm (a vm context, an iframe, a Jest environment). */
  function foreignArrayBuffer(text: string): ArrayBuffer {
    const bytes = new TextEncoder().encode(text);
    const buffer = runInNewContext(`new ArrayBuffer(${bytes.length})`) as ArrayBuffer;
    new Uint8Array(buffer).set(bytes);
    return buffer;
  }

  it("an ArrayBuffer from another realm is read as bytes, not as an empty object", () => {
    const error = createDevRevError({ status: 400, body: foreignArrayBuffer(invalidField) });
    expect(error).toMatchObject({ type: "invalid_field" });
    expect(isErrorOfType(error, "invalid_field")).toBe(true);
  });

  it("a proxy's HTML 502 from another realm's ArrayBuffer is a DevRevResponseError with its raw body", () => {
    const error = createDevRevError({ status: 502, body: foreignArrayBuffer("<html>Bad gateway</html>") });
    expect(isResponseError(error)).toBe(true);
    expect(error.rawBody).toBe("<html>Bad gateway</html>");
  });

  it("a SharedArrayBuffer is read as bytes", () => {
    const bytes = new TextEncoder().encode(invalidField);
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    const error = createDevRevError({ status: 400, body: shared });
    expect(error).toMatchObject({ type: "invalid_field" });
  });
});

describe("the published build names its classes as the README's class table does (not `_BadRequestError`)", () => {
  let root: string | undefined;
  afterAll(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it("each exported class of the built package is named as the README lists it", async () => {
    // Build a copy of this package with the repository's real build script (esbuild), as it is published.
    root = mkdtempSync(join(tmpdir(), "devrev-kit-errors-build-"));
    const copy = join(root, "packages/errors");
    mkdirSync(copy, { recursive: true });
    cpSync(join(repoRoot, "tsconfig.base.json"), join(root, "tsconfig.base.json"));
    for (const entry of ["src", "package.json", "tsconfig.build.json"])
      cpSync(join(packageRoot, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(packageRoot, "node_modules"), join(copy, "node_modules"));
    execFileSync(process.execPath, [join(repoRoot, "scripts/src/build-package.ts")], {
      cwd: copy,
      stdio: "pipe",
    });
    const built = (await import(join(copy, "dist/index.js"))) as Record<string, { name: string }>;
    const names = [
      "DevRevKitError",
      "DevRevError",
      "BadRequestError",
      "NotFoundError",
      "TooManyRequestsError",
      "DevRevConnectionError",
      "DevRevResponseError",
    ];
    expect(names.map((name) => built[name]?.name)).toEqual(names);
    const error = createBuilt(built);
    expect(error.constructor.name).toBe("NotFoundError");
  }, 120_000);
});

function createBuilt(built: Record<string, unknown>): Error {
  const create = built["createDevRevError"] as typeof createDevRevError;
  return create({ status: 404, body: "" });
}

describe("messages for the spec's own example bodies say what to fix, and what to quote to support", () => {
  // The bad-request and internal-server-error examples of openapi/components/responses/errors.yaml.
  it.each([
    [
      400,
      { type: "missing_required_field", message: "A required field is missing.", field_name: "display_name" },
      "(field: display_name)",
    ],
    [
      500,
      {
        type: "internal_error",
        message: "Something went wrong on our side.",
        reference_id: "9f0c2d4e-6b1a-4c3e-8f7d-2a5b6c7d8e9f",
      },
      "(reference_id: 9f0c2d4e-6b1a-4c3e-8f7d-2a5b6c7d8e9f)",
    ],
  ])("the spec's %i example: the message ends with %o's missing fact", (status, body, fact) => {
    const error = createDevRevError({ status, operation: "POST /rev-orgs.create", body });
    expect(error.message).toBe(
      `POST /rev-orgs.create failed with ${status} ${body.type}: ${body.message} ${fact}`,
    );
  });

  it("does not repeat a fact the server's message already says", () => {
    const body = { type: "invalid_field", message: "display_name is invalid.", field_name: "display_name" };
    const error = createDevRevError({ status: 400, operation: "POST /rev-orgs.create", body });
    expect(error.message).toBe(
      "POST /rev-orgs.create failed with 400 invalid_field: display_name is invalid.",
    );
  });
});

describe("isErrorOfType does not narrow bodies the spec forbids (README: objects inside checked the same way)", () => {
  it("a merge_works_error entry whose `closed` holds fields (spec: additionalProperties false) is not narrowed", () => {
    const error = createDevRevError({
      status: 400,
      body: {
        type: "merge_works_error",
        errors: [
          { work: "ISS-1", details: "closed", subtype: "closed", closed: { closed_at: "2024-01-01" } },
        ],
      },
    });
    // Narrowed, `e.body.errors[0].closed` is `Record<string, never>`, yet it holds a string.
    expect(isErrorOfType(error, "merge_works_error")).toBe(false);
  });
});
