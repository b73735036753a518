// The hand-written part of packages/types/src/generated/validators.gen.js. generate-validators.ts compiles
// the spec's schemas with ajv and bundles them together with this file into one dependency-free module;
// this file turns ajv's raw errors into the small `ValidationIssue` shape the rest of devrev-kit uses.

/** What ajv's standalone validators look like once compiled (`messages: false`, `allErrors: true`). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null | undefined;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** One operation's validators, as the generator lays them out. `null` = the spec declares no JSON body. */
export interface OperationTable {
  body?: { validate: CompiledValidator; required: boolean } | undefined;
  query?: CompiledValidator | undefined;
  responses: Record<string, CompiledValidator | null>;
}

// generate-validators.ts copies the two declarations below, comments included, into validators.gen.d.ts.

/** One reason a value does not match the spec. */
export interface ValidationIssue {
  /** JSON pointer to the offending value; for a missing property, to where it should be (`/rev_org/id`). */
  path: string;
  /** What is wrong, in words (`must be string`). */
  message: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `enum`...), or `operation`/`status`/`body`. */
  keyword: string;
  /** For `required` issues: the missing property's name. */
  missingProperty?: string | undefined;
  /** For `enum` and `const` issues: the values the spec allows. */
  allowedValues?: readonly unknown[] | undefined;
  /** For `type` issues: the JSON Schema type(s) expected, comma-separated (`string,null`). */
  expectedType?: string | undefined;
}

export type ValidationResult = { valid: true } | { valid: false; issues: ValidationIssue[] };

const VALID: ValidationResult = Object.freeze({ valid: true });

function invalid(issue: ValidationIssue): ValidationResult {
  return { valid: false, issues: [issue] };
}

function escapePointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

function list(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(", ") : String(values);
}

function describe(error: AjvError): string {
  const p = error.params;
  switch (error.keyword) {
    case "required":
      return `must have required property '${String(p["missingProperty"])}'`;
    case "type":
      return `must be ${String(p["type"]).split(",").join(" or ")}`;
    case "enum":
      return `must be one of ${list(p["allowedValues"])}`;
    case "const":
      return `must be ${JSON.stringify(p["allowedValue"])}`;
    case "format":
      return `must match format "${String(p["format"])}"`;
    case "additionalProperties":
      return "is not a property the spec allows here";
    case "maxLength":
    case "maxItems":
    case "maxProperties":
      return `must have at most ${String(p["limit"])} ${error.keyword === "maxLength" ? "characters" : "entries"}`;
    case "minLength":
    case "minItems":
    case "minProperties":
      return `must have at least ${String(p["limit"])} ${error.keyword === "minLength" ? "characters" : "entries"}`;
    case "maximum":
    case "minimum":
    case "exclusiveMaximum":
    case "exclusiveMinimum":
      return `must be ${String(p["comparison"])} ${String(p["limit"])}`;
    case "pattern":
      return `must match pattern ${String(p["pattern"])}`;
    case "oneOf":
      return "must match exactly one of the allowed shapes";
    case "anyOf":
      return "must match one of the allowed shapes";
    default:
      return `must satisfy "${error.keyword}"`;
  }
}

/** ajv errors → issues: JSON-pointer paths that point at the offending (or missing) property, no noise. */
export function toIssues(errors: readonly AjvError[] | null | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // A failed discriminator branch (`if`/`then`) is reported through the branch's own errors.
    if (error.keyword === "if") continue;
    const missingProperty =
      error.keyword === "required" ? String(error.params["missingProperty"]) : undefined;
    const extra = error.keyword === "additionalProperties" ? error.params["additionalProperty"] : undefined;
    const leaf = missingProperty ?? (typeof extra === "string" ? extra : undefined);
    const path =
      leaf === undefined ? error.instancePath : `${error.instancePath}/${escapePointerToken(leaf)}`;
    const key = `${path}\u0000${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const issue: ValidationIssue = { path, message: describe(error), keyword: error.keyword };
    if (missingProperty !== undefined) issue.missingProperty = missingProperty;
    if (error.keyword === "enum" && Array.isArray(error.params["allowedValues"])) {
      issue.allowedValues = error.params["allowedValues"];
    }
    if (error.keyword === "const") issue.allowedValues = [error.params["allowedValue"]];
    if (error.keyword === "type") issue.expectedType = String(error.params["type"]);
    issues.push(issue);
  }
  return issues;
}

function run(validate: CompiledValidator, data: unknown): ValidationResult {
  if (validate(data)) return VALID;
  const issues = toIssues(validate.errors);
  return {
    valid: false,
    issues: issues.length > 0 ? issues : [{ path: "", message: "is invalid", keyword: "schema" }],
  };
}

function responseKey(
  responses: Record<string, CompiledValidator | null>,
  status: number,
): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${Math.floor(status / 100)}XX`;
  if (range in responses) return range;
  return "default" in responses ? "default" : undefined;
}

export function createValidators(table: Record<string, OperationTable>) {
  const operations = new Map(Object.entries(table));
  const operationKeys = Object.freeze([...operations.keys()]);
  const statuses = new Map(
    [...operations].map(([key, entry]) => [
      key,
      Object.freeze(
        Object.keys(entry.responses)
          .filter((status) => /^\d{3}$/.test(status))
          .map(Number),
      ),
    ]),
  );

  function unknownOperation(operation: unknown): ValidationResult {
    return invalid({
      path: "",
      keyword: "operation",
      message: `unknown operation ${JSON.stringify(operation)}; expected one of ${list(operationKeys)}`,
    });
  }

  return {
    operationKeys,
    declaredStatuses(operation: string): readonly number[] {
      return statuses.get(operation) ?? [];
    },
    validateRequestBody(operation: string, body: unknown): ValidationResult {
      const entry = operations.get(operation);
      if (entry === undefined) return unknownOperation(operation);
      if (entry.body === undefined) {
        return body === undefined
          ? VALID
          : invalid({ path: "", keyword: "body", message: `${operation} takes no request body` });
      }
      if (body === undefined) {
        return entry.body.required
          ? invalid({ path: "", keyword: "body", message: `${operation} requires a JSON request body` })
          : VALID;
      }
      return run(entry.body.validate, body);
    },
    validateQuery(operation: string, query: unknown): ValidationResult {
      const entry = operations.get(operation);
      if (entry === undefined) return unknownOperation(operation);
      if (entry.query === undefined) {
        return invalid({ path: "", keyword: "query", message: `${operation} takes no query parameters` });
      }
      return run(entry.query, query ?? {});
    },
    validateResponseBody(operation: string, status: number, body: unknown): ValidationResult {
      const entry = operations.get(operation);
      if (entry === undefined) return unknownOperation(operation);
      const key = responseKey(entry.responses, status);
      if (key === undefined) {
        return invalid({
          path: "",
          keyword: "status",
          message: `${operation} does not declare status ${status}; it declares ${list(statuses.get(operation))}`,
        });
      }
      const validate = entry.responses[key];
      if (validate === null || validate === undefined) {
        return body === undefined || body === null || body === ""
          ? VALID
          : invalid({
              path: "",
              keyword: "body",
              message: `${operation} declares no body for status ${status}`,
            });
      }
      return run(validate, body);
    },
  };
}
