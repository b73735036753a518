// Small, read-only questions about a git checkout, asked through the git CLI.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runCommand } from "./run-command.ts";
import { UsageError } from "./usage-error.ts";

const execFileAsync = promisify(execFile);

/** Tags that changesets creates when it publishes the types package, e.g. `@devrev-kit/types@0.2.0`. */
export const releaseTagPattern = "@devrev-kit/types@*";

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const result = await runCommand("git", args, { cwd });
  if (result.code !== 0) {
    throw new UsageError(
      `git ${args.join(" ")} failed in ${cwd}: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
  return result.stdout;
}

async function refExists(cwd: string, ref: string): Promise<boolean> {
  const result = await runCommand("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd });
  return result.code === 0;
}

/** The commit a ref names, or a UsageError that says which ref was wrong. */
export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  const result = await runCommand("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd });
  if (result.code !== 0) {
    throw new UsageError(
      `"${ref}" is not a commit, branch or tag in this repository (try \`git fetch --tags\`).`,
    );
  }
  return result.stdout.trim();
}

/**
 * The highest release tag of the types package, or undefined before the first release. Prereleases
 * (`@devrev-kit/types@0.2.0-rc.1`) are not releases: git's version sort would rank one above `0.2.0`.
 */
export async function latestReleaseTag(cwd: string): Promise<string | undefined> {
  const tags = await git(cwd, ["tag", "--list", releaseTagPattern, "--sort=-v:refname"]);
  return tags
    .split("\n")
    .map((tag) => tag.trim())
    .find((tag) => tag !== "" && !/@\d+\.\d+\.\d+-/.test(tag));
}

/** `main`, else `origin/main` (CI clones often have only the remote branch). */
export async function mainBranchRef(cwd: string): Promise<string | undefined> {
  for (const ref of ["main", "origin/main"]) {
    if (await refExists(cwd, ref)) return ref;
  }
  return undefined;
}

/**
 * Where `spec:diff` compares from by default, and how to call it: the last release, else where this branch
 * left main (its merge base, as `changeset:check` judges it: main's own later changes are not this branch's).
 */
export async function defaultSpecBase(cwd: string): Promise<{ ref: string; label: string }> {
  const tag = await latestReleaseTag(cwd);
  if (tag !== undefined) return { ref: tag, label: `the last release, ${tag}` };
  if ((await mainBranchRef(cwd)) === undefined) {
    throw new UsageError(
      "found neither a release tag (@devrev-kit/types@*) nor a main branch; pass --base <ref>.",
    );
  }
  const { commit, label } = await defaultBranchBase(cwd);
  return { ref: commit, label };
}

/** Where this branch left main: the base a pull request is judged against, and how to call it. */
export async function defaultBranchBase(cwd: string): Promise<{ commit: string; label: string }> {
  const main = await mainBranchRef(cwd);
  if (main === undefined) throw new UsageError("found no main or origin/main branch; pass --base <ref>.");
  const commit = (await git(cwd, ["merge-base", "HEAD", main])).trim();
  return { commit, label: `the merge base with ${main}` };
}

/**
 * Every file that differs between `ref` and the working tree: committed, staged, unstaged and
 * untracked (but not ignored) changes, as repository-relative paths with forward slashes.
 */
export async function changedFilesSince(cwd: string, ref: string): Promise<string[]> {
  const commit = await resolveCommit(cwd, ref);
  const diffed = await git(cwd, ["diff", "--name-only", "--no-renames", "-z", commit, "--"]);
  const untracked = await git(cwd, ["ls-files", "-z", "--others", "--exclude-standard"]);
  const files = new Set([...diffed.split("\0"), ...untracked.split("\0")].filter((file) => file !== ""));
  return [...files].sort();
}

/** The files under `dir` at `ref` (repository-relative paths); empty when `dir` did not exist then. */
export async function listFilesAtRef(cwd: string, ref: string, dir: string): Promise<string[]> {
  const out = await git(cwd, ["ls-tree", "-r", "-z", "--name-only", ref, "--", dir]);
  return out.split("\0").filter((file) => file !== "");
}

/** One file's bytes at `ref`. */
export async function readFileAtRef(cwd: string, ref: string, path: string): Promise<Buffer> {
  const { stdout } = await execFileAsync("git", ["show", `${ref}:${path}`], {
    cwd,
    encoding: "buffer",
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** The repository's top folder, for a path anywhere inside it. */
export async function gitTopLevel(cwd: string): Promise<string> {
  return (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
}
