// Reads changeset files (.changeset/*.md): YAML front matter naming packages and bumps, then a summary.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { UsageError } from "./usage-error.ts";

export type Bump = "none" | "patch" | "minor" | "major";

const bumpRank: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export interface Changeset {
  /** Repository-relative path, e.g. `.changeset/brave-dogs-sing.md`. */
  file: string;
  /** Package name to bump; empty for an "empty" changeset (`pnpm changeset --empty`: no release needed). */
  releases: ReadonlyMap<string, Bump>;
  summary: string;
}

/** True for the files changesets treats as changesets: `.changeset/*.md` other than the README. */
export function isChangesetPath(path: string): boolean {
  return /^\.changeset\/[^/]+\.md$/.test(path) && path !== ".changeset/README.md";
}

/** Parses one changeset; a malformed one is a UsageError naming the file and what is wrong. */
export function parseChangeset(file: string, text: string): Changeset {
  const match = /^\s*---\r?\n([\s\S]*?)\r?\n?---\s*(?:\r?\n([\s\S]*))?$/.exec(text);
  if (!match)
    throw new UsageError(`${file}: a changeset starts with a --- front matter block naming packages.`);
  let front: unknown;
  try {
    front = parse(match[1] ?? "") ?? {};
  } catch (error) {
    // YAML reads `@` as reserved, so an unquoted package name is the usual cause.
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UsageError(
      `${file}: its front matter is not valid YAML (${reason}); quote package names: "@devrev-kit/types": minor.`,
    );
  }
  if (typeof front !== "object" || front === null || Array.isArray(front)) {
    throw new UsageError(
      `${file}: the front matter must map package names to bumps ("@devrev-kit/types": minor).`,
    );
  }
  const releases = new Map<string, Bump>();
  for (const [name, bump] of Object.entries(front)) {
    if (bump !== "patch" && bump !== "minor" && bump !== "major" && bump !== "none") {
      throw new UsageError(`${file}: "${name}" has bump "${String(bump)}"; use patch, minor or major.`);
    }
    releases.set(name, bump);
  }
  return { file, releases, summary: (match[2] ?? "").trim() };
}

/** Reads the given changeset files from the working tree (files that no longer exist are skipped). */
export function readChangesets(repo: string, files: readonly string[]): Changeset[] {
  return files
    .filter((file) => isChangesetPath(file) && existsSync(join(repo, file)))
    .map((file) => parseChangeset(file, readFileSync(join(repo, file), "utf8")));
}

/** Every pending changeset in the working tree. */
export function readPendingChangesets(repo: string): Changeset[] {
  const dir = join(repo, ".changeset");
  if (!existsSync(dir)) return [];
  return readChangesets(
    repo,
    readdirSync(dir).map((name) => `.changeset/${name}`),
  );
}

/** The largest bump any of the changesets gives a package ("none" when none names it). */
export function combinedBump(changesets: readonly Changeset[], name: string): Bump {
  let result: Bump = "none";
  for (const changeset of changesets) {
    const bump = changeset.releases.get(name);
    if (bump !== undefined && bumpRank[bump] > bumpRank[result]) result = bump;
  }
  return result;
}

export function isAtLeast(bump: Bump, required: Bump): boolean {
  return bumpRank[bump] >= bumpRank[required];
}

/**
 * The bump a breaking change needs under semver: major, but minor while the package is 0.x
 * (where `^0.2.0` does not accept 0.3.0, so a minor is what signals the break).
 */
export function breakingBumpFor(version: string): "minor" | "major" {
  return version.startsWith("0.") ? "minor" : "major";
}
