// pnpm runs the root's scripts at the root, wherever they were typed (`pnpm -w release:dry --with my.md` in
// packages/client), and keeps that folder in INIT_CWD, as npm does. `./dev` starts pnpm at the root, so
// there INIT_CWD is the root, and ./dev keeps the folder in DEVREV_KIT_TYPED_IN instead. A path the user
// typed is resolved from that folder, so it means what it meant in their shell.
import { dirname, resolve } from "node:path";

/** The folder the command was typed in. */
export function invocationDir(): string {
  const here = process.cwd();
  const { INIT_CWD: pnpmStartedIn, npm_package_json: manifest } = process.env;
  // Only for a process pnpm started as a script of the package here: a child started elsewhere (a test
  // running the command in a scratch repository) inherits these variables from its parent.
  if (!pnpmStartedIn || !manifest || dirname(manifest) !== here) return here;
  const { DEVREV_KIT_TYPED_IN: devTypedIn, DEVREV_KIT_TYPED_AT: devRoot } = process.env;
  // ./dev started this pnpm, at this root (pnpm starting anywhere else, even under ./dev, sets its own).
  if (devTypedIn && devRoot === here && pnpmStartedIn === here) return devTypedIn;
  return pnpmStartedIn;
}

/** A path from the command line, made absolute from the folder it was typed in. */
export function typedPath(path: string): string {
  return resolve(invocationDir(), path);
}
