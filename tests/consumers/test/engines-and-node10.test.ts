// Cases an adversarial review of the packages as an npm user gets them found (2026-12-06), kept as regression
// tests: the Nodes engines.node allows, and a legacy moduleResolution node10 project.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConsumerProjectSpec,
  installConsumer,
  type PackedPackage,
  packAll,
  publicPackageDirs,
  typecheck,
} from "../src/consumer-project.ts";

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`not a version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `version` satisfies a plain semver range (`>=`, `>`, `<`, `<=`, `^`, exact; space = and; `||` = or). */
function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  return range.split("||").some((part) =>
    part
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const match = /^(>=|<=|>|<|\^|=)?v?(\d+\.\d+\.\d+)$/.exec(comparator);
        if (!match) throw new Error(`unsupported comparator ${comparator} in ${range}`);
        const bound = parseVersion(match[2] as string);
        const order = compare(v, bound);
        switch (match[1]) {
          case ">=":
            return order >= 0;
          case ">":
            return order > 0;
          case "<=":
            return order <= 0;
          case "<":
            return order < 0;
          case "^":
            return order >= 0 && (bound[0] > 0 ? v[0] === bound[0] : v[1] === bound[1]);
          default:
            return order === 0;
        }
      }),
  );
}

describe("engines.node of the published packages", () => {
  // require() of an ES module works without a flag from Node 20.19 on the 20 line, 22.12 on the 22 line, and
  // 23.0. Node 21 never had it unflagged, and 22.0.0 to 22.11.x throw ERR_REQUIRE_ESM: a "type": "commonjs"
  // project calling require("@devrev-kit/client") there fails, though engines.node said it was supported.
  const noRequireEsm = ["21.7.3", "22.0.0", "22.11.0"];
  const requireEsm = ["20.19.0", "22.12.0", "23.0.0", "24.0.0"];

  it.each(publicPackageDirs().map((dir) => [dir.split("/").at(-1), dir] as const))(
    "%s: allows no Node where require(esm) needs a flag (21.x, 22.0 to 22.11), and every Node where it works",
    (_name, dir) => {
      const range = (
        JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { engines: { node: string } }
      ).engines.node;
      for (const version of noRequireEsm)
        expect(satisfies(version, range), `engines.node ${range} allows Node ${version}`).toBe(false);
      for (const version of requireEsm)
        expect(satisfies(version, range), `engines.node ${range} refuses Node ${version}`).toBe(true);
    },
  );
});

describe("a legacy TypeScript project (moduleResolution node10) using the main entry points", () => {
  const project: ConsumerProjectSpec = {
    name: "node10-legacy",
    description: "TypeScript CommonJS with moduleResolution node10 and skipLibCheck off",
    typescript: true,
    bundle: false,
    entry: "src/main.ts",
  };
  let workRoot: string;
  let dir: string;
  beforeAll(async () => {
    workRoot = mkdtempSync(join(tmpdir(), "devrev-kit-node10-"));
    const packed: PackedPackage[] = await packAll(join(workRoot, "tarballs"));
    dir = await installConsumer(project, packed, workRoot);
  });
  afterAll(() => {
    if (workRoot) rmSync(workRoot, { recursive: true, force: true });
  });

  // @devrev-kit/fixtures' declarations import "@devrev-kit/types/validators", a subpath only `exports` maps,
  // so under node10 it does not resolve: an error with skipLibCheck off, and with it on, OperationKey and the
  // fault/request-count selectors silently become `any`. attw's node10 column says the fixtures entry is ok.
  it("type-checks with skipLibCheck off", async () => {
    await expect(typecheck(dir)).resolves.toBeDefined();
  });
});
