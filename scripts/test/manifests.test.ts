import { existsSync, readFileSync } from "node:fs";
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
      expect(manifest["engines"]).toMatchObject({ node: expect.stringMatching(/^\^20/) });
    });

    it("requires a Node that can require() it: ESM-only, so engines.node is 20.19+ on 20 and 22.12+", () => {
      // Node 20.19 and 22.12 load ES modules with require() without a flag; Node 21, 22.0 to 22.11 and
      // older ones cannot, so a CommonJS project there would fail with ERR_REQUIRE_ESM.
      expect(manifest["engines"]).toEqual({ node: "^20.19.0 || >=22.12.0" });
      // One build, no "require"/"import" split: every export is types + default, and at most a browser
      // build of the same module without its Node-only part (fixtures: no mock server), before default.
      for (const target of Object.values(manifest["exports"] as Record<string, unknown>)) {
        if (typeof target === "object" && target !== null)
          expect(Object.keys(target).filter((key) => key !== "browser")).toEqual(["types", "default"]);
        if (typeof target === "object" && target !== null && "browser" in target)
          expect(Object.keys(target)).toEqual(["types", "browser", "default"]);
      }
    });

    it("points main and types at the same files as the root export (for tools that ignore exports)", () => {
      const root = (manifest["exports"] as Record<string, Record<string, string>>)["."];
      expect(manifest["main"]).toBe(root?.["default"]);
      expect(manifest["types"]).toBe(root?.["types"]);
    });

    it("names its folder in repository.directory and publishes no tests", () => {
      expect(manifest["repository"]).toMatchObject({
        url: "git+https://github.com/devrev-kit/devrev-kit.git",
        directory: pkg.dir.slice(pkg.dir.lastIndexOf("packages/")),
      });
      for (const entry of manifest["files"] as string[])
        expect(entry).not.toMatch(/(^|\/)(test|tests|__tests__)(\/|$)/);
    });

    it("puts every entry point it exports in the API reference (pnpm run docs)", () => {
      const typedocFile = join(pkg.dir, "typedoc.json");
      const documented: string[] = existsSync(typedocFile)
        ? (JSON.parse(readFileSync(typedocFile, "utf8")) as { entryPoints: string[] }).entryPoints
        : ["src/index.ts"];
      const exported = Object.entries(manifest["exports"] as Record<string, unknown>)
        .filter(([subpath]) => subpath !== "./package.json")
        .map(([, target]) => (target as { types: string }).types);
      // Each export's types file, as TypeDoc reads it: the source it was built from.
      const sources = exported.map((types) =>
        types.replace(/^\.\/dist\/(.*)\.d\.ts$/, "src/$1.ts").replace(/^\.\//, ""),
      );
      expect(documented.sort()).toEqual(sources.sort());
    });

    it("has a README with the install command and a TypeScript example", () => {
      const readme = readFileSync(join(pkg.dir, "README.md"), "utf8");
      expect(readme).toContain(`npm install ${manifest.name}`);
      expect(readme).toMatch(/```ts\n[\s\S]+?\n```/);
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
