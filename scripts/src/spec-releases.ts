// Which packages a change to the spec must release, and by how much: the one rule that `spec:diff`
// prints as advice and `changeset:check` enforces, so the two cannot disagree.
import { type Bump, breakingBumpFor } from "./changeset-files.ts";
import type { PublishedPackage } from "./published-packages.ts";

/** The package the spec ships as: its generated types and validators. */
export const typesPackage = "@devrev-kit/types";

/** What spec:diff found: nothing users can see, only compatible changes, or a breaking one. */
export type SpecChangeKind = "none" | "compatible" | "breaking";

export interface SpecRelease {
  name: string;
  /** Its version now, which decides what a break is (a minor while 0.x). */
  version: string;
  /** The smallest bump that releases the change honestly. */
  bump: Exclude<Bump, "none">;
  /** Why this package, in a few words, e.g. `its public types name the spec's`. */
  why: string;
}

/**
 * The releases a spec change needs.
 *
 * - Breaking: @devrev-kit/types and every published package that depends on it, by a breaking bump
 *   (minor while 0.x). Their public types name the spec's (the client's methods, the errors' `ErrorType`
 *   and bodies, the fixtures' builders), and changesets moves their dependency range to the new types:
 *   a patch of any of them would hand its users the break.
 * - Compatible: @devrev-kit/types by a patch (its generated types and validators carry the change), and
 *   each package whose generated code changed with it (the errors' field table, when an error body
 *   changed). The other dependents pick up a types patch through their `^` range.
 * - None (the bundled documents are equal): nothing.
 */
export function specReleases(
  packages: readonly PublishedPackage[],
  kind: SpecChangeKind,
  /** Names of the packages whose `src/generated/` differs from the base. */
  regenerated: ReadonlySet<string> = new Set(),
): SpecRelease[] {
  if (kind === "none") return [];
  // @devrev-kit/types first: it is the one every spec change releases.
  const ordered = [...packages].sort(
    (a, b) => Number(b.name === typesPackage) - Number(a.name === typesPackage),
  );
  const releases: SpecRelease[] = [];
  for (const pkg of ordered) {
    const { name, version } = pkg;
    const isTypes = name === typesPackage;
    if (isTypes) {
      const why = "the spec ships as its generated types and validators";
      releases.push({ name, version, bump: kind === "breaking" ? breakingBumpFor(version) : "patch", why });
    } else if (kind === "breaking" && pkg.uses.includes(typesPackage)) {
      const why = "its public types name @devrev-kit/types'";
      releases.push({ name, version, bump: breakingBumpFor(version), why });
    } else if (regenerated.has(name)) {
      releases.push({ name, version, bump: "patch", why: "its generated code changed with the spec" });
    }
  }
  return releases;
}

/** The packages whose generated code (`<dir>/src/generated/`) is among the changed files. */
export function regeneratedPackages(
  packages: readonly PublishedPackage[],
  changedFiles: readonly string[],
): Set<string> {
  return new Set(
    packages
      .filter((pkg) => changedFiles.some((file) => file.startsWith(`${pkg.dir}/src/generated/`)))
      .map((pkg) => pkg.name),
  );
}

/** The advice spec:diff prints: one line per package, the same list changeset:check enforces. */
export function formatSpecReleases(releases: readonly SpecRelease[]): string[] {
  if (releases.length === 0) return [];
  const width = Math.max(...releases.map((release) => release.name.length));
  return [
    "Release it with changesets that bump at least (`pnpm changeset:check` enforces this):",
    ...releases.map(
      (release) =>
        `  ${release.name.padEnd(width)}  ${release.bump.padEnd(5)}  ${release.why}${breakNote(release)}`,
    ),
  ];
}

/** Why a minor is enough for a break (0.x), or that it is a major. */
function breakNote(release: SpecRelease): string {
  if (release.bump === "patch") return "";
  return release.bump === "minor"
    ? ` (breaking; at ${release.version}, 0.x signals a break with a minor)`
    : ` (breaking; at ${release.version})`;
}
