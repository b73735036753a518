// Runs `optic diff <old> <new> --check` and turns its findings into a list of changes, each marked
// breaking or not and placed on the request or the response side.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCommand } from "./run-command.ts";
import { UsageError } from "./usage-error.ts";

/** Which side of the wire a change is on. Operations added or removed and document-level edits are their own kinds. */
export type ChangeDirection = "request" | "response" | "operation" | "document";

export interface SpecChange {
  /** `METHOD /path`, absent for document-level changes. */
  operation?: string | undefined;
  direction: ChangeDirection;
  /** Where in the operation, e.g. `query parameter limit`, `body property rev_org.display_name`, `status 404`. */
  location: string;
  /** What happened, e.g. `added`, `removed`, `required added`, `enum/2 added`. */
  change: string;
  /** The rules this change failed (`[rule] message`), optic's or spec:diff's own; empty when it is not breaking. */
  breaking: string[];
}

export interface OpticDiffResult {
  changes: SpecChange[];
  /** True when a breaking-change rule failed: optic's exit code, or one of spec:diff's own rules once merged. */
  breaking: boolean;
  checksRun: number;
  checksFailed: number;
  /** optic's terminal output, shown when something is off. */
  output: string;
}

interface OpticRule {
  name?: string;
  error?: string;
  passed?: boolean;
  exempted?: boolean;
  type?: string;
}

interface OpticNode {
  diffs?: Array<{ change?: string; trail?: string }>;
  rules?: OpticRule[];
}

const requireFromHere = createRequire(import.meta.url);

/** The optic CLI's entry script, from this workspace package's own dependencies. */
function opticBin(): string {
  return join(dirname(requireFromHere.resolve("@useoptic/optic/package.json")), "build", "index.js");
}

/** Keeps optic offline and quiet: no telemetry, no update check, no optic.yml lookups outside the temp dir. */
function opticEnv(workDir: string): Record<string, string> {
  return {
    // In CI mode optic writes its structured results to ./ci-run-details.json (what `optic ci comment` reads).
    CI: "true",
    OPTIC_TELEMETRY_LEVEL: "off",
    NO_UPDATE_NOTIFIER: "1",
    // Stops git from finding a repository above the temp dir, so optic does not read our git config.
    GIT_CEILING_DIRECTORIES: dirname(workDir),
    FORCE_COLOR: "0",
    NO_COLOR: "1",
  };
}

// optic is deterministic and slow to start (seconds), so one process compares the same pair once.
const results = new Map<string, Promise<OpticDiffResult>>();

/** Compares two bundled OpenAPI documents with optic's breaking-change rules. */
export function opticDiff(before: object, after: object): Promise<OpticDiffResult> {
  const key = createHash("sha256")
    .update(JSON.stringify(before))
    .update("\0")
    .update(JSON.stringify(after))
    .digest("hex");
  let result = results.get(key);
  if (!result) {
    result = runOptic(before, after);
    results.set(key, result);
    result.catch(() => results.delete(key));
  }
  return result;
}

async function runOptic(before: object, after: object): Promise<OpticDiffResult> {
  const workDir = mkdtempSync(join(tmpdir(), "devrev-kit-optic-"));
  try {
    writeFileSync(join(workDir, "before.json"), JSON.stringify(before));
    writeFileSync(join(workDir, "after.json"), JSON.stringify(after));
    const result = await runCommand(
      process.execPath,
      [opticBin(), "diff", "before.json", "after.json", "--check"],
      {
        cwd: workDir,
        env: opticEnv(workDir),
        timeoutMs: 120_000,
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    const said = summarizeOpticOutput(output, workDir);
    let details: unknown;
    try {
      details = JSON.parse(readFileSync(join(workDir, "ci-run-details.json"), "utf8"));
    } catch {
      throw new UsageError(`optic diff did not produce results (exit ${result.code}):\n${said}`);
    }
    const comparison = readComparison(details, said);
    const changes = collectChanges(comparison.groupedDiffs);
    const failed = comparison.results.filter((rule) => rule.passed === false && rule.exempted !== true);
    if (result.code !== 0 && result.code !== 1) {
      throw new UsageError(`optic diff failed (exit ${result.code}):\n${said}`);
    }
    return {
      changes,
      breaking: result.code === 1 || failed.length > 0,
      checksRun: comparison.results.length,
      checksFailed: failed.length,
      output,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const MAX_OPTIC_LINES = 8;
const MAX_LINE_LENGTH = 300;

/**
 * What optic said, without what it quotes: on a document it cannot read it prints the offending JSON line,
 * which is the whole bundled spec (hundreds of KB), and the path of its temporary copy.
 */
export function summarizeOpticOutput(output: string, workDir: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "" && !/^\s*\d+ \| /.test(line) && !line.includes(workDir))
    .map((line) => (line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line));
  const unique = [...new Set(lines)];
  const shown = unique.slice(0, MAX_OPTIC_LINES);
  if (unique.length > MAX_OPTIC_LINES) shown.push(`(${unique.length - MAX_OPTIC_LINES} more lines)`);
  return shown.map((line) => `  ${line.trim()}`).join("\n");
}

function readComparison(details: unknown, output: string): { groupedDiffs: unknown; results: OpticRule[] } {
  const data = details as {
    completed?: Array<{ comparison?: { groupedDiffs?: unknown; results?: OpticRule[] } }>;
    failed?: Array<{ error?: string }>;
    noop?: unknown[];
  };
  if (data.failed && data.failed.length > 0) {
    throw new UsageError(
      `optic could not compare the specs: ${data.failed.map((f) => f.error).join("; ")}\n${output}`,
    );
  }
  const comparison = data.completed?.[0]?.comparison;
  if (!comparison) return { groupedDiffs: {}, results: [] }; // "noop": the documents are the same
  return { groupedDiffs: comparison.groupedDiffs ?? {}, results: comparison.results ?? [] };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function describeChange(node: OpticNode): string | undefined {
  const parts = (node.diffs ?? []).map((diff) => {
    // `/schema/required/1` (the parent's required list) reads better as `required`, `/enum/2` as `enum`.
    const trail = (diff.trail ?? "")
      .replace(/^\/schema(?=\/|$)/, "")
      .replace(/\/\d+$/, "")
      .replace(/^\//, "");
    return trail ? `${trail} ${diff.change ?? "changed"}` : (diff.change ?? "changed");
  });
  if (parts.length > 0) return [...new Set(parts)].join(", ");
  // A node can carry only rules, e.g. each status of a removed operation.
  const ruleTypes = (node.rules ?? [])
    .filter((rule) => rule.passed === false)
    .map((rule) => rule.type ?? "changed");
  return ruleTypes.length > 0 ? [...new Set(ruleTypes)].join(", ") : undefined;
}

/** `/schema/properties/rev_org/properties/tags/items/properties/id` becomes `rev_org.tags[].id`. */
export function describeSchemaPointer(pointer: string): string {
  if (pointer === "/schema" || pointer === "") return "schema";
  const rest = pointer.replace(/^\/schema/, "");
  let label = "";
  const segments = rest.split("/").slice(1);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    if (segment === "properties" && i + 1 < segments.length) {
      label += `${label ? "." : ""}${segments[i + 1]}`;
      i++;
    } else if (segment === "items") {
      label += "[]";
    } else {
      label += `${label ? "/" : ""}${segment}`;
    }
  }
  return label.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * optic's union rules word an enum edit backwards (@useoptic/standard-rulesets'
 * helpers/type-change.js): values added to a member read `enums x were removed`, values removed
 * `enums x were added`. Says what happened, and why it breaks callers.
 */
export function correctUnionEnumWording(error: string): string {
  return error.replace(/\benums (\S+) were (added|removed)/g, (_match, list: string, said: string) => {
    const values = list.split(",");
    const subject =
      values.length === 1 ? `enum value ${values[0]} was` : `enum values ${values.join(", ")} were`;
    return said === "removed"
      ? `${subject} added (a response may now carry a value the caller's code does not handle, and older clients' validators reject it)`
      : `${subject} removed (a request that sends it is now rejected)`;
  });
}

function collectChanges(groupedDiffs: unknown): SpecChange[] {
  const changes: SpecChange[] = [];
  const add = (node: unknown, direction: ChangeDirection, location: string, operation?: string) => {
    const opticNode = asRecord(node) as OpticNode;
    const change = describeChange(opticNode);
    if (change === undefined) return;
    const breaking = (opticNode.rules ?? [])
      .filter((rule) => rule.passed === false && rule.exempted !== true)
      .map((rule) => `[${rule.name ?? "rule"}] ${correctUnionEnumWording(rule.error ?? "failed")}`);
    changes.push({ operation, direction, location, change, breaking });
  };
  const addContents = (contents: unknown, direction: ChangeDirection, prefix: string, operation: string) => {
    for (const [contentType, content] of Object.entries(asRecord(contents))) {
      add(content, direction, `${prefix} ${contentType}`, operation);
      for (const [pointer, field] of Object.entries(asRecord(asRecord(content)["fields"]))) {
        add(field, direction, `${prefix} property ${describeSchemaPointer(pointer)}`, operation);
      }
      add(asRecord(content)["examples"], direction, `${prefix} example`, operation);
    }
  };

  const root = asRecord(groupedDiffs);
  add(root["specification"], "document", "document");
  for (const endpoint of Object.values(asRecord(root["endpoints"]))) {
    const ep = asRecord(endpoint);
    const operation = `${String(ep["method"] ?? "?").toUpperCase()} ${String(ep["path"] ?? "?")}`;
    // An operation added or removed shows up on the endpoint itself; other endpoint-level diffs are
    // edits to its description, tags or operationId.
    add(ep, "operation", "operation", operation);
    for (const [kind, label] of [
      ["pathParameters", "path parameter"],
      ["queryParameters", "query parameter"],
      ["headerParameters", "header parameter"],
      ["cookieParameters", "cookie parameter"],
    ] as const) {
      for (const [name, parameter] of Object.entries(asRecord(ep[kind]))) {
        add(parameter, "request", `${label} ${name}`, operation);
      }
    }
    const request = asRecord(ep["request"]);
    add(request, "request", "request body", operation);
    addContents(request["contents"], "request", "body", operation);
    for (const [status, response] of Object.entries(asRecord(ep["responses"]))) {
      const res = asRecord(response);
      add(res, "response", `status ${status}`, operation);
      for (const [name, header] of Object.entries(asRecord(res["headers"]))) {
        add(header, "response", `status ${status} header ${name}`, operation);
      }
      addContents(res["contents"], "response", `status ${status} body`, operation);
    }
  }
  // Component edits optic could not tie to an operation are off the wire unless a rule says otherwise;
  // edits to components that operations use are already listed under those operations.
  const unmatched = asRecord(root["unmatched"]) as OpticNode;
  if ((unmatched.rules ?? []).some((rule) => rule.passed === false)) add(unmatched, "document", "components");
  return changes;
}
