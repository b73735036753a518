import { CodeCheck } from "./code-check.ts";
import { REDACTED, type Secrets, scrubHeaders, scrubText } from "./scrub.ts";
import { clip } from "./text.ts";

const MAX_CAUSE_CHAIN = 4;

function describeCauseLevel(value: object): { line: string; next: unknown } {
  const { name, message, code, cause } = value as Record<string, unknown>;
  if (typeof message !== "string") return { line: Object.prototype.toString.call(value), next: undefined };
  const label = typeof name === "string" ? name : "Error";
  return { line: `${label}${typeof code === "string" ? ` [${code}]` : ""}: ${message}`, next: cause };
}

// One line for the whole cause chain, computed once (credentials cut out) so that printing the error
// later never needs the credentials and never prints a cause's own properties (which may hold them).
export function summarizeCause(cause: unknown, secrets: Secrets): string | undefined {
  const parts: string[] = [];
  let current = cause;
  try {
    for (let level = 0; level < MAX_CAUSE_CHAIN && current !== undefined && current !== null; level++) {
      if (typeof current !== "object") {
        parts.push(clip(scrubText(String(current), secrets)));
        break;
      }
      const { line, next } = describeCauseLevel(current);
      // Scrubbed before it is clipped: a credential cut in two by the clip would no longer be found.
      parts.push(clip(scrubText(line, secrets)));
      current = next;
    }
  } catch {
    parts.push("[unreadable cause]");
  }
  return parts.length === 0 ? undefined : parts.join(" <- ");
}

// How far into a cause a copy goes (levels of the chain and of its fields), and how many objects it copies.
const MAX_COPY_DEPTH = 8;
const MAX_COPIED_OBJECTS = 1000;
const OMITTED = "[omitted: too large to check for credentials]";

/**
 * The cause to keep on an error: `cause` itself when nothing in it (message, stack, fields, nested causes) is a
 * credential or an object that cannot be checked for one (a Map), so a caller's abort reason stays theirs;
 * otherwise a copy with the credentials cut out, its errors native errors of the same classes with the same
 * codes and fields. Inside the copy, every object from which neither can be reached is the caller's own (an
 * AggregateError's untouched `errors`). A cause that cannot be copied is kept as `summary`.
 */
export function keepCause(cause: unknown, secrets: Secrets, summary: string | undefined): unknown {
  if (!secrets.any) return cause;
  try {
    const graph = new CauseGraph(secrets);
    const root = graph.read(cause, 0);
    if (!graph.found) return cause;
    if (root.node === undefined) return root.value;
    graph.markTainted();
    return build(root.node);
  } catch {
    return summary;
  }
}

interface CauseNode {
  readonly original: object;
  /** Each field's value in a copy; `node` when it is an object that may be shared or copied in turn. */
  readonly fields: { name: PropertyKey; enumerable: boolean; value: unknown; node: CauseNode | undefined }[];
  /** The nodes whose fields lead here, to spread a credential found here back to them. */
  readonly parents: Set<CauseNode>;
  /**
   * Whether a credential, or an object that cannot be checked for one, can be reached from here: then this
   * object must be copied rather than shared, so that the copy reaches neither.
   */
  tainted: boolean;
  /** Whether its class (an error's, an array's) holds only code; else a copy is of the plain class. */
  classIsCode: boolean;
  copy?: object;
}

/**
 * A cause read in two steps: first every object it reaches, with what in it holds a credential; then copies of
 * only the objects from which one can be reached. Sharing is decided on the whole graph, not per subtree, since
 * in a cycle an object without a credential of its own can lead back to one that has it.
 */
class CauseGraph {
  readonly nodes = new Map<object, CauseNode>();
  budget = MAX_COPIED_OBJECTS;
  /** Whether a credential, or a part too large or too opaque to check, was found: then a copy is needed. */
  found = false;
  readonly code: CodeCheck;
  /** The getters each prototype of an error's class chain defines, listed once per prototype. */
  readonly #getters = new Map<object, PropertyKey[]>();

  constructor(readonly secrets: Secrets) {
    this.code = new CodeCheck(secrets, () => --this.budget >= 0);
  }

  /**
   * `value` as a copy holds it, and whether that differs from it (a credential cut out, or an object that
   * could not be checked replaced), or its node if it is an object to copy or share.
   */
  read(value: unknown, depth: number): { value: unknown; changed: boolean; node?: CauseNode } {
    let kept = value;
    if (typeof value === "string") kept = scrubText(value, this.secrets);
    else if (typeof value === "number" && this.secrets.numbers.has(value)) kept = REDACTED;
    // A function is kept, or replaced by its tag: code cannot be copied (code-check.ts).
    else if (typeof value === "function") kept = this.code.isCode(value) ? value : "[object Function]";
    else if (typeof value === "object" && value !== null) {
      const known = this.nodes.get(value);
      if (known !== undefined) return { value, changed: false, node: known };
      if (depth >= MAX_COPY_DEPTH || --this.budget < 0) kept = OMITTED;
      else if (isCopiable(value)) return this.#readObject(value, depth);
      else kept = this.#opaque(value);
    }
    // Object.is: NaN is not a change.
    const changed = !Object.is(kept, value);
    if (changed) this.found = true;
    return { value: kept, changed };
  }

  #readObject(value: object, depth: number): { value: unknown; changed: boolean; node: CauseNode } {
    const isError = isErrorObject(value);
    const node: CauseNode = {
      original: value,
      fields: [],
      parents: new Set(),
      tainted: false,
      classIsCode: true,
    };
    this.nodes.set(value, node);
    // An error's or array's class (its statics, its prototypes' data) is as reachable as its fields.
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype !== null && prototype !== Object.prototype && !this.code.isCode(prototype)) {
      node.classIsCode = false;
      node.tainted = this.found = true;
    }
    const keys = new Set<PropertyKey>(isError ? ["name", "message", ...this.#gettersOf(prototype)] : []);
    for (const key of Reflect.ownKeys(value)) keys.add(key);
    // An array's length follows from its items.
    if (Array.isArray(value)) keys.delete("length");
    for (const key of keys) this.#readField(node, key, depth);
    return { value, changed: false, node };
  }

  /**
   * The getters an error's class chain defines (a DOMException's `code`, a getter reading a private field),
   * which a copy holds as its own since they may check their receiver; up to the realm's Object.prototype,
   * whose `__proto__` getter is no field.
   */
  #gettersOf(prototype: object | null): PropertyKey[] {
    if (prototype === null || Object.getPrototypeOf(prototype) === null) return [];
    let getters = this.#getters.get(prototype);
    if (getters === undefined) {
      const own = Reflect.ownKeys(prototype).filter(
        (key) => Object.getOwnPropertyDescriptor(prototype, key)?.get,
      );
      getters = [...own, ...this.#gettersOf(Object.getPrototypeOf(prototype) as object | null)];
      this.#getters.set(prototype, getters);
    }
    return getters;
  }

  #readField(node: CauseNode, key: PropertyKey, depth: number): void {
    let field: unknown;
    try {
      field = (node.original as Record<PropertyKey, unknown>)[key];
    } catch {
      return;
    }
    const enumerable = Object.getOwnPropertyDescriptor(node.original, key)?.enumerable ?? false;
    const name = this.#keptKey(key);
    const read = this.read(field, depth + 1);
    read.node?.parents.add(node);
    if (read.changed || name !== key) node.tainted = true;
    node.fields.push({ name, enumerable, value: read.value, node: read.node });
  }

  /**
   * What a copy holds for an object with internal state, which cannot be copied field by field: a Headers or a
   * URL with the credentials cut out (itself when it holds none); anything else (a Map, a socket, a class's
   * instance) its tag, since it may hold a credential that cannot be looked for, which makes a copy needed.
   */
  #opaque(value: object): unknown {
    if (value instanceof Headers) {
      const kept = scrubHeaders(value, this.secrets);
      return JSON.stringify([...kept]) === JSON.stringify([...value]) ? value : kept;
    }
    if (value instanceof URL) {
      const kept = scrubText(value.href, this.secrets);
      return kept === value.href ? value : kept;
    }
    return scrubText(Object.prototype.toString.call(value), this.secrets);
  }

  /** A field's name with credentials cut out (a map of sessions keyed by token); a Symbol's by its description. */
  #keptKey(key: PropertyKey): PropertyKey {
    const text = typeof key === "symbol" ? key.description : String(key);
    const kept = text === undefined ? text : scrubText(text, this.secrets);
    if (kept === text) return key;
    this.found = true;
    return typeof key === "symbol" ? Symbol(kept) : (kept as string);
  }

  /** Spreads taint from every object that must be copied to every object that leads to it. */
  markTainted(): void {
    const pending = [...this.nodes.values()].filter((node) => node.tainted);
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      for (const parent of node.parents) {
        if (parent.tainted) continue;
        parent.tainted = true;
        pending.push(parent);
      }
    }
  }
}

/** Whether `value` can be copied field by field: an error, an array or a plain object. */
function isCopiable(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return isErrorObject(value) || Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/**
 * An error of this realm or another (a vm context, an iframe, a Jest environment), where `instanceof Error` is
 * false: what the engine made as an error says so in its tag.
 */
function isErrorObject(value: object): boolean {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

/** The copy of a tainted node; its fields hold copies of tainted nodes and the originals of the others. */
function build(node: CauseNode): object {
  if (node.copy !== undefined) return node.copy;
  const copy = emptyCopy(node.original, node.classIsCode);
  node.copy = copy;
  for (const { name, enumerable, value, node: inner } of node.fields) {
    const kept = inner === undefined ? value : inner.tainted ? build(inner) : inner.original;
    Object.defineProperty(copy, name, { value: kept, enumerable, writable: true, configurable: true });
  }
  return copy;
}

/**
 * An empty object to copy `original` into: an array, a plain object with its prototype, or for an error a native
 * error (what `util.types.isNativeError`, `Error.isError` and `structuredClone` recognise) of its class, or a
 * plain Error when the class leads to a credential.
 */
function emptyCopy(original: object, classIsCode: boolean): object {
  if (Array.isArray(original)) return [];
  const prototype = Object.getPrototypeOf(original) as object | null;
  if (!isErrorObject(original)) return Object.create(prototype);
  // A new Error given the original's prototype: the class without running its constructor.
  const copy = Object.setPrototypeOf(new Error(), classIsCode ? prototype : Error.prototype) as object;
  // The stack captured here is this function's; the original's (scrubbed) replaces it when it has one.
  delete (copy as { stack?: unknown }).stack;
  return copy;
}
