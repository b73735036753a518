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
  /** The copy once built; for code (a function, a prototype) set when read: its tag, since code is not copied. */
  copy?: unknown;
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

  constructor(readonly secrets: Secrets) {}

  /**
   * `value` as a copy holds it, and whether that differs from it (a credential cut out, or an object that
   * could not be checked replaced), or its node if it is an object to copy or share. `isPrototype`: `value` is
   * a function's `prototype` or what code inherits, read as code.
   */
  read(
    value: unknown,
    depth: number,
    isPrototype = false,
  ): { value: unknown; changed: boolean; node?: CauseNode } {
    let kept = value;
    if (typeof value === "string") kept = scrubText(value, this.secrets);
    else if (typeof value === "number" && this.secrets.numbers.has(value)) kept = REDACTED;
    else if ((typeof value === "object" && value !== null) || typeof value === "function") {
      const known = this.nodes.get(value);
      if (known !== undefined) return { value, changed: false, node: known };
      if (depth >= MAX_COPY_DEPTH || --this.budget < 0) kept = OMITTED;
      else if (isPrototype || typeof value === "function") return this.#readCode(value, depth);
      else if (isCopiable(value)) return this.#readObject(value, depth);
      else kept = this.#opaque(value);
    }
    // Object.is: NaN is not a change.
    const changed = !Object.is(kept, value);
    if (changed) this.found = true;
    return { value: kept, changed };
  }

  #readObject(value: object, depth: number): { value: unknown; changed: boolean; node: CauseNode } {
    const node = this.#node(value);
    for (const key of fieldKeys(value, isErrorObject(value))) this.#readField(node, key, depth);
    return { value, changed: false, node };
  }

  /**
   * A function, or an object that is code's prototype: shared when nothing reachable from it holds a credential
   * (a library's callback, a class with methods), else its tag, since code cannot be copied. What is read: its
   * fields (a class's static data), its `prototype`'s (data put on a class's prototype) and, along its prototype
   * chain, what it inherits (a base class's), up to the realm's own Object and Function prototypes. A closure's
   * variables and a bound function's target cannot be reached, and are not read.
   */
  #readCode(value: object, depth: number): { value: unknown; changed: boolean; node: CauseNode } {
    const node = this.#node(value);
    node.copy = this.#opaque(value);
    const isFunction = typeof value === "function";
    const madeBy = (value as { constructor?: unknown }).constructor;
    for (const key of Reflect.ownKeys(value)) {
      // A prototype's constructor is the class it came from, or one of the realm's own (GeneratorFunction); a
      // generator's prototype's is the realm's prototype of generator functions.
      if (!isFunction && key === "constructor" && typeof madeBy === "function") continue;
      this.#readField(node, key, depth, key === (isFunction ? "prototype" : "constructor"));
    }
    const inherited = Object.getPrototypeOf(value) as object | null;
    if (inherited !== null && inherited !== Object.prototype && inherited !== Function.prototype) {
      this.#link(node, this.read(inherited, depth + 1, true));
    }
    return { value, changed: false, node };
  }

  #node(value: object): CauseNode {
    const node: CauseNode = { original: value, fields: [], parents: new Set(), tainted: false };
    this.nodes.set(value, node);
    return node;
  }

  #readField(node: CauseNode, key: PropertyKey, depth: number, isPrototype = false): void {
    let field: unknown;
    try {
      field = (node.original as Record<PropertyKey, unknown>)[key];
    } catch {
      return;
    }
    const enumerable = Object.getOwnPropertyDescriptor(node.original, key)?.enumerable ?? false;
    const name = this.#keptKey(key);
    const read = this.read(field, depth + 1, isPrototype);
    this.#link(node, read);
    if (name !== key) node.tainted = true;
    node.fields.push({ name, enumerable, value: read.value, node: read.node });
  }

  /** Records that `node` leads to what `read` found. */
  #link(node: CauseNode, read: { changed: boolean; node?: CauseNode }): void {
    read.node?.parents.add(node);
    if (read.changed) node.tainted = true;
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

/**
 * Every field a reader of `value` can reach: its own, under a Symbol or not enumerable too (`util.inspect` shows
 * both), and for an error its name and message and the getters its class defines (a DOMException's `code`, a
 * getter reading a private field), which a copy holds as its own since they may check their receiver.
 */
function fieldKeys(value: object, isError: boolean): Set<PropertyKey> {
  const keys = new Set<PropertyKey>(isError ? ["name", "message"] : []);
  if (isError) {
    // Up to the realm's Object.prototype, whose `__proto__` getter is no field.
    let proto = Object.getPrototypeOf(value) as object | null;
    for (; proto !== null && Object.getPrototypeOf(proto) !== null; proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto))
        if (Object.getOwnPropertyDescriptor(proto, key)?.get) keys.add(key);
    }
  }
  for (const key of Reflect.ownKeys(value)) keys.add(key);
  // An array's length follows from its items.
  if (Array.isArray(value)) keys.delete("length");
  return keys;
}

/** The copy of a tainted node; its fields hold copies of tainted nodes and the originals of the others. */
function build(node: CauseNode): unknown {
  if (node.copy !== undefined) return node.copy;
  const copy = emptyCopy(node.original);
  node.copy = copy;
  for (const { name, enumerable, value, node: inner } of node.fields) {
    const kept = inner === undefined ? value : inner.tainted ? build(inner) : inner.original;
    Object.defineProperty(copy, name, { value: kept, enumerable, writable: true, configurable: true });
  }
  return copy;
}

/**
 * An empty object to copy `original` into: an array, a plain object with its prototype, or for an error a native
 * error (what `util.types.isNativeError`, `Error.isError` and `structuredClone` recognise) of its class.
 */
function emptyCopy(original: object): object {
  if (Array.isArray(original)) return [];
  const prototype = Object.getPrototypeOf(original) as object | null;
  if (!isErrorObject(original)) return Object.create(prototype);
  // A new Error given the original's prototype: the class without running its constructor.
  const copy = Object.setPrototypeOf(new Error(), prototype) as object;
  // The stack captured here is this function's; the original's (scrubbed) replaces it when it has one.
  delete (copy as { stack?: unknown }).stack;
  return copy;
}
