// Discovery of the machine's Nodes, on a PATH made of fake `node` files, so that it cannot silently
// find nothing (consumers.test.ts would then test fewer Nodes and still pass).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemNodeCandidates } from "../src/node-binaries.ts";

const root = mkdtempSync(join(tmpdir(), "devrev-kit-node-discovery-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `<root>/<dir>/node`, executable or not, and returns its folder. */
function fakeNode(dir: string, executable = true): string {
  const folder = join(root, dir);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "node"), "#!/bin/sh\necho 20.19.0\n");
  chmodSync(join(folder, "node"), executable ? 0o755 : 0o644);
  return folder;
}

describe("systemNodeCandidates", () => {
  it("finds each executable node on PATH once, in PATH order, and skips the rest", () => {
    const usr = fakeNode("usr/bin");
    const opt = fakeNode("opt/node-22/bin");
    const notExecutable = fakeNode("home/bin", false);
    const toolchain = fakeNode("repo/.toolchain/node_modules/node/bin");
    const shims = fakeNode("repo/node_modules/.bin");
    const linked = join(root, "linked");
    mkdirSync(linked);
    symlinkSync(join(usr, "node"), join(linked, "node"));
    const path = [notExecutable, opt, toolchain, shims, usr, linked, join(root, "missing")].join(delimiter);

    const found = systemNodeCandidates(path).filter((candidate) => candidate.startsWith(root));
    expect(found).toEqual([join(opt, "node"), join(usr, "node")]);
  });
});
