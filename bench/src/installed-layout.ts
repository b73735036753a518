// The client as an application gets it from npm: each package's tarball (`pnpm pack`, as published) unpacked
// into one flat node_modules, openapi-fetch copied beside it. The workspace resolves @devrev-kit/errors from
// the client through pnpm's symlinks, whose real paths Node looks up on every import; an npm install has none.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { packPackage, readTarball } from "../../scripts/src/package-tarball.ts";

const PACKED = ["client", "errors", "types"] as const;

/** A fresh application folder whose node_modules holds the packed packages; returns its path. */
export async function installFromTarballs(rootDirectory: string): Promise<string> {
  const app = mkdtempSync(join(tmpdir(), "devrev-kit-installed-"));
  const modules = join(app, "node_modules");
  for (const name of PACKED) {
    const tarball = await packPackage(join(rootDirectory, "packages", name), join(app, "tarballs"));
    for (const entry of readTarball(tarball)) {
      const target = join(modules, "@devrev-kit", name, entry.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, entry.content);
    }
  }
  const require = createRequire(join(rootDirectory, "packages", "client", "package.json"));
  const openapiFetch = dirname(realpathSync(require.resolve("openapi-fetch/package.json")));
  cpSync(openapiFetch, join(modules, "openapi-fetch"), { recursive: true });
  cpSync(join(import.meta.dirname, "children", "import-time.js"), join(app, "import-time.js"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  return app;
}
