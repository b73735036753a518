import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkPackages,
  formatAttwTable,
  formatPackageChecks,
  type PackageCheck,
} from "../src/check-packages.ts";
import { listPublicPackages } from "../src/workspace.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures/check-packages");
const slow = { timeout: 120_000 };

describe("the published packages (packed as pnpm publish would)", () => {
  let checks: PackageCheck[];
  beforeAll(async () => {
    checks = await checkPackages(listPublicPackages().map((pkg) => pkg.dir));
    // The table is the evidence a reviewer wants to see; print it with the test output.
    console.log(formatPackageChecks(checks));
  }, 180_000);

  it("checks all four packages", () => {
    expect(checks.map((check) => check.name).sort()).toEqual([
      "@devrev-kit/client",
      "@devrev-kit/errors",
      "@devrev-kit/fixtures",
      "@devrev-kit/types",
    ]);
  });

  it("pass publint (strict), attw for ESM, require(esm), node16/nodenext and bundler, and the publish rules", () => {
    expect(checks.map((check) => [check.name, check.problems])).toEqual(
      checks.map((check) => [check.name, []]),
    );
  });

  it("resolve every entrypoint's types under import, require and bundler", () => {
    for (const check of checks) {
      for (const [entrypoint, row] of Object.entries(check.attw.table)) {
        for (const kind of ["node16-esm", "node16-cjs", "bundler"] as const) {
          expect(row[kind], `${check.name} ${entrypoint} ${kind}`).toMatch(/^ok/);
        }
      }
    }
  });
});

describe("check-packages catches broken packages", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "devrev-kit-check-packages-test-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Copies a fixture package and gives it a build output (dist/ is git-ignored, so tests write it). */
  function fixturePackage(name: string, dist: Record<string, string>): string {
    const dir = join(scratch, name);
    cpSync(join(fixtures, name), dir, { recursive: true });
    for (const [file, text] of Object.entries(dist)) {
      mkdirSync(dirname(join(dir, "dist", file)), { recursive: true });
      writeFileSync(join(dir, "dist", file), text);
    }
    return dir;
  }

  it("flags an exports map that lists types after default", slow, async () => {
    const dir = fixturePackage("types-after-default", {
      "index.js": "export const value = 1;\n",
      "index.d.ts": "export declare const value: number;\n",
    });
    const [check] = await checkPackages([dir]);
    expect(check?.problems).toEqual([
      expect.stringMatching(
        /^publint EXPORTS_TYPES_SHOULD_BE_FIRST: pkg\.exports\["\."\]\.types should be the first/,
      ),
      expect.stringMatching(/^publint EXPORTS_DEFAULT_SHOULD_BE_LAST: /),
    ]);
  });

  it("flags declarations the exports map promises but the tarball lacks", slow, async () => {
    const dir = fixturePackage("missing-declarations", {
      "index.js": "export const value = 1;\n",
      "index.d.ts": "export declare const value: number;\n",
      "extra.js": "export const extra = 2;\n",
    });
    const [check] = await checkPackages([dir]);
    expect(check?.problems).toContain("package.json points at dist/extra.d.ts, which is not in the tarball");
    expect(check?.problems).toContainEqual(expect.stringMatching(/^publint FILE_DOES_NOT_EXIST/));
    expect(check?.attw.table["./extra"]?.["node16-esm"]).toMatch(/^✗/);
    expect(formatAttwTable(check ? [check] : [])).toContain("@fixture/missing-declarations/extra");
  });

  it(
    "flags a class the bundler renamed (`_BadRequestError`), whose name stacks would then show",
    slow,
    async () => {
      const dir = fixturePackage("missing-declarations", {
        "index.js": "var Oops = class _Oops extends Error { static { _Oops.x = 1; } };\nexport { Oops };\n",
        "index.d.ts": "export declare class Oops extends Error {}\n",
        "extra.js": "export const extra = 2;\n",
        "extra.d.ts": "export declare const extra: number;\n",
      });
      const [check] = await checkPackages([dir]);
      expect(check?.problems).toContain(
        "dist/index.js: class renamed _Oops by the bundler (a class naming itself in its body)",
      );
    },
  );
});
