// Checks on the package as shipped: it runs in plain Node as emitted JavaScript, two installed copies
// recognise each other's errors, and it needs nothing at run time (no dependencies, no node: modules).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageRoot = join(import.meta.dirname, "..");
const sourceRoot = join(packageRoot, "src");

function sourceFiles(folder = sourceRoot): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Emits the package as JavaScript into `folder`/node_modules/@devrev-kit/errors, the way the build does. */
function install(folder: string): void {
  const target = join(folder, "node_modules/@devrev-kit/errors");
  for (const file of sourceFiles()) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        rewriteRelativeImportExtensions: true,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    const out = join(target, "dist", relative(sourceRoot, file).replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(target, "package.json"), readFileSync(join(packageRoot, "package.json")));
}

describe("as emitted JavaScript in plain Node, with two installed copies", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "devrev-kit-errors-installs-"));
    install(join(root, "app"));
    install(join(root, "app/node_modules/some-sdk"));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("each copy's guards recognise the other's errors", () => {
    const script = `
      import * as app from "@devrev-kit/errors";
      import { createRequire } from "node:module";
      const sdkRequire = createRequire(new URL("./node_modules/some-sdk/", import.meta.url));
      const sdk = sdkRequire("@devrev-kit/errors");
      const fromSdk = sdk.createDevRevError({ status: 429, headers: { "retry-after": "2" }, body: "" });
      const fromApp = new app.DevRevTimeoutError({ timeoutMs: 5 });
      console.log(JSON.stringify({
        differentClasses: app.DevRevError !== sdk.DevRevError,
        instanceofAcross: fromSdk instanceof app.DevRevError,
        guardAcross: app.isTooManyRequestsError(fromSdk) && app.isDevRevError(fromSdk) && app.isDevRevKitError(fromSdk),
        typeAcross: app.isErrorOfType(fromSdk, "too_many_requests"),
        wrongGuardAcross: app.isBadRequestError(fromSdk) || sdk.isAbortError(fromApp),
        timeoutAcross: sdk.isTimeoutError(fromApp),
        retry: app.getRetryDecision(fromSdk, { idempotent: false }),
        name: fromSdk.name,
      }));
    `;
    const entry = join(root, "app/main.mjs");
    writeFileSync(entry, script);
    const output = execFileSync(process.execPath, [entry], { cwd: join(root, "app"), encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({
      differentClasses: true,
      instanceofAcross: false,
      guardAcross: true,
      typeAcross: true,
      wrongGuardAcross: false,
      timeoutAcross: true,
      retry: { retry: true, minDelayMs: 2000 },
      name: "TooManyRequestsError",
    });
  });
});

describe("public surface", () => {
  it("exports exactly the classes, factories, guards and helpers other packages code against", async () => {
    const surface = await import("../src/index.ts");
    expect(Object.keys(surface).sort()).toEqual(
      [
        "BadRequestError",
        "ConflictError",
        "DevRevAbortError",
        "DevRevConnectionError",
        "DevRevError",
        "DevRevKitError",
        "DevRevResponseError",
        "DevRevTimeoutError",
        "ForbiddenError",
        "InternalServerError",
        "NotFoundError",
        "ServiceUnavailableError",
        "TooManyRequestsError",
        "UnauthenticatedError",
        "createDevRevError",
        "getRetryDecision",
        "isAbortError",
        "isBadRequestError",
        "isConflictError",
        "isConnectionError",
        "isDevRevError",
        "isDevRevKitError",
        "isErrorOfType",
        "isForbiddenError",
        "isInternalServerError",
        "isNotFoundError",
        "isResponseError",
        "isServiceUnavailableError",
        "isTimeoutError",
        "isTooManyRequestsError",
        "isUnauthenticatedError",
        "parseRetryAfter",
        "toDevRevError",
      ].sort(),
    );
  });
});

describe("no run-time dependencies", () => {
  it("imports only its own files at run time (types from @devrev-kit/types are erased)", () => {
    for (const file of sourceFiles()) {
      const text = readFileSync(file, "utf8");
      const runtimeImports = [
        ...text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"/gms),
      ].map((m) => m[1]);
      for (const specifier of runtimeImports) {
        expect({ file: relative(packageRoot, file), specifier }).toEqual({
          file: relative(packageRoot, file),
          specifier: expect.stringMatching(/^\.\.?\//),
        });
      }
    }
  });

  it("declares no dependency but the types-only @devrev-kit/types", () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["@devrev-kit/types"]);
    expect(manifest.peerDependencies).toBeUndefined();
  });
});
