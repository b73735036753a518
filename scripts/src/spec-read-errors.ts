// Turns Redocly's ways of saying "this spec cannot be read" into a few lines a person can act on. A YAML
// mistake in a file that 28 $refs point into comes back from Redocly as 56 problems, and a missing or
// unparsable entry file as an exception with a 150-line stack; both name one file to fix.
import { isAbsolute, relative } from "node:path";
import {
  getLineColLocation,
  type NormalizedProblem,
  ResolveError,
  YamlParseError,
} from "@redocly/openapi-core";

/** How many causes are listed before the rest are only counted. */
const MAX_CAUSES = 5;

// js-yaml's message, as Redocly passes it on: `deficient indentation in "/abs/file.yaml" (4:3)`.
const YAML_ERROR = /^(?<reason>.+?) in "(?<file>.+)" \((?<line>\d+):(?<col>\d+)\)$/;
const MISSING_FILE = /ENOENT: no such file or directory '(?<file>.+)'/;
// Redocly's prefixes for the same cause, seen from the file itself or from a $ref into it.
const RESOLVE_PREFIX = /^(?:Failed to parse|Can't resolve \$ref): /;

/** `path` relative to `root` (the repository) when it is inside it, else as given. */
export function displayPath(path: string, root: string): string {
  const inside = relative(root, path);
  return inside === "" || inside.startsWith("..") || isAbsolute(inside) ? path : inside;
}

/**
 * One line for an exception Redocly throws while reading a spec (the entry missing or not YAML), or
 * undefined for anything else (a bug, to be shown with its stack).
 */
export function describeReadException(error: unknown, root: string): string | undefined {
  if (error instanceof YamlParseError) {
    const file = displayPath(error.source.absoluteRef, root);
    const reason = YAML_ERROR.exec(error.message)?.groups?.["reason"] ?? error.message;
    return `${file}:${error.line}:${error.col} is not valid YAML (${reason}): fix it there`;
  }
  if (error instanceof ResolveError) {
    const missing = MISSING_FILE.exec(error.message)?.groups?.["file"];
    if (missing !== undefined)
      return `${displayPath(missing, root)} does not exist: restore it or fix the path`;
    return `could not read the spec: ${error.message}`;
  }
  return undefined;
}

/** True for the problems that mean a file of the spec could not be read or a $ref followed. */
export function isReadProblem(problem: NormalizedProblem): boolean {
  return problem.ruleId === "bundler" || problem.ruleId === "no-unresolved-refs";
}

/**
 * The causes behind read problems, one line each, most-cited first: a file that is not YAML or does not
 * exist is one line however many $refs point at it.
 */
export function describeReadProblems(problems: readonly NormalizedProblem[], root: string): string[] {
  const causes = new Map<string, { text: string; refs: string[] }>();
  for (const problem of problems) {
    const { key, text } = describeCause(problem, root);
    const cause = causes.get(key) ?? { text, refs: [] };
    if (problem.message.startsWith("Can't resolve $ref")) cause.refs.push(place(problem, root));
    causes.set(key, cause);
  }
  const sorted = [...causes.values()].sort((a, b) => b.refs.length - a.refs.length);
  return sorted.map(({ text, refs }) => {
    const [first] = refs;
    if (first === undefined || text.endsWith(first)) return text;
    return `${text}; the $ref at ${first}${refs.length > 1 ? ` and ${refs.length - 1} more point` : " points"} to it`;
  });
}

/** `what: cause` on one line, or one indented line per cause (the first few) when there are several. */
export function formatCauses(what: string, causes: readonly string[]): string {
  if (causes.length === 1) return `${what}: ${causes[0]}`;
  const shown = causes.slice(0, MAX_CAUSES);
  if (causes.length > MAX_CAUSES) shown.push(`and ${causes.length - MAX_CAUSES} more`);
  return `${what}:\n  ${shown.join("\n  ")}`;
}

/** What went wrong, and a key shared by every problem with the same cause (the file at fault). */
function describeCause(problem: NormalizedProblem, root: string): { key: string; text: string } {
  const message = problem.message.replace(RESOLVE_PREFIX, "");
  const yaml = YAML_ERROR.exec(message)?.groups;
  if (yaml !== undefined) {
    const file = displayPath(yaml["file"] ?? "", root);
    return {
      key: file,
      text: `${file}:${yaml["line"]}:${yaml["col"]} is not valid YAML (${yaml["reason"]})`,
    };
  }
  const missing = MISSING_FILE.exec(message)?.groups?.["file"];
  if (missing !== undefined) {
    const file = displayPath(missing, root);
    return { key: file, text: `${file} does not exist` };
  }
  // A $ref into a file that has no such place: the $ref itself is what to fix.
  const where = place(problem, root);
  return { key: where, text: `${message} at ${where}` };
}

/** `file:line:col` of a problem's first location, the file given from `root`; undefined when it has none. */
export function problemPlace(problem: NormalizedProblem, root: string): string | undefined {
  const [location] = problem.location;
  if (location === undefined) return undefined;
  const { start } = getLineColLocation(location);
  return `${displayPath(location.source.absoluteRef, root)}:${start.line}:${start.col}`;
}

function place(problem: NormalizedProblem, root: string): string {
  return problemPlace(problem, root) ?? "(unknown place)";
}
