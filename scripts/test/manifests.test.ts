import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listPublicPackages } from "../src/workspace.ts";

const publicPackages = listPublicPackages();

describe("published package manifests", () => {
  it("publishes exactly the four @devrev-kit packages", () => {
    expect(publicPackages.map((pkg) => pkg.manifest.name).sort()).toEqual([
      "@devrev-kit/client",
      "@devrev-kit/errors",
      "@devrev-kit/fixtures",
      "@devrev-kit/types",
    ]);
  });

  describe.each(publicPackages.map((pkg) => [pkg.manifest.name, pkg] as const))("%s", (_name, pkg) => {
    const manifest = pkg.manifest;

    it("is an ES module package without side effects, MIT, below 1.0.0", () => {
      expect(manifest["type"]).toBe("module");
      expect(manifest["sideEffects"]).toBe(false);
      expect(manifest["license"]).toBe("MIT");
      expect(manifest.version).toMatch(/^0\.\d+\.\d+/);
      expect(manifest["engines"]).toMatchObject({ node: expect.stringMatching(/^>=20/) });
    });

    it("has an explicit exports map, types first, no wildcard", () => {
      const exportsMap = manifest["exports"] as Record<string, unknown>;
      expect(exportsMap).toHaveProperty(".");
      for (const [subpath, target] of Object.entries(exportsMap)) {
        expect(subpath).not.toContain("*");
        if (typeof target === "object" && target !== null) {
          expect(Object.keys(target)[0]).toBe("types");
        }
      }
    });

    it("ships a README and a LICENSE, and only what `files` names", () => {
      expect(existsSync(join(pkg.dir, "README.md"))).toBe(true);
      expect(existsSync(join(pkg.dir, "LICENSE"))).toBe(true);
      expect(manifest["files"]).toEqual(expect.arrayContaining(["dist", "README.md", "LICENSE"]));
    });

    it("depends on sibling packages through workspace ranges", () => {
      const deps = { ...(manifest["dependencies"] as Record<string, string> | undefined) };
      for (const [name, range] of Object.entries(deps)) {
        if (name.startsWith("@devrev-kit/")) expect(range).toBe("workspace:^");
      }
    });
  });
});
