// pnpm runs the root's scripts at the root, wherever they were typed (`pnpm -w release:dry --with my.md` in
// packages/client), and keeps that folder in INIT_CWD, as npm does. A path the user typed is resolved from
// there, so it means what it meant in their shell.
import { dirname, resolve } from "node:path";

/** The folder the command was typed in. */
export function invocationDir(): string {
  const { INIT_CWD: typedIn, npm_package_json: manifest } = process.env;
  // Only for a process pnpm started as a script of the package here: a child started elsewhere (a test
  // running the command in a scratch repository) inherits both variables from its parent.
  if (typedIn && manifest && dirname(manifest) === process.cwd()) return typedIn;
  return process.cwd();
}

/** A path from the command line, made absolute from the folder it was typed in. */
export function typedPath(path: string): string {
  return resolve(invocationDir(), path);
}
