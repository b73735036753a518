import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { VERSION } from "../src/internal/version.ts";

test("the User-Agent version is the package's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  expect(VERSION).toBe(pkg.version);
});
