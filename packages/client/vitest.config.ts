import { readFileSync } from "node:fs";
import { defineWorkspaceProject } from "../../vitest.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8")) as {
  version: string;
};

export default defineWorkspaceProject(
  "client",
  { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" } },
  // The build (scripts/src/build-package.ts) substitutes the same value.
  { define: { __PACKAGE_VERSION__: JSON.stringify(version) } },
);
