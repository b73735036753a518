// Whether a function, a class or a prototype holds nothing but code, so that a cause's copy (cause.ts) may
// share it with the caller: code cannot be copied, only kept or replaced by its tag. Accessors count as code
// and are never run (a prototype's getter expects an instance, and may start work or reject a promise); data
// must be a primitive that is no credential, or plain data holding only such values. An object with state no
// field shows (a Map, also when given as a function's `prototype`) may hold anything, so code that leads to
// one is not shared.
import { type Secrets, scrubText } from "./scrub.ts";

// This realm's prototypes of functions (plain, async, generator, async generator), and of what generators make.
// The functions are never called: only their prototypes are wanted.
/* v8 ignore next -- @preserve */
const MAKERS = [async () => {}, function* () {}, async function* () {}];
const FUNCTION_PROTOTYPES = new Set<unknown>([Function.prototype, ...MAKERS.map(Object.getPrototypeOf)]);
const GENERATOR_PROTOTYPES = new Set<unknown>(MAKERS.slice(1).map((f) => Object.getPrototypeOf(f.prototype)));

export class CodeCheck {
  readonly #known = new Map<object, boolean>();
  /** What is being judged, by its depth in the judging. */
  readonly #visiting = new Map<object, number>();
  /**
   * Judged code on the assumption that something still being judged is (the lowest depth it relied on): a
   * class and its prototype lead to each other. Settled when that one is.
   */
  readonly #provisional = new Map<object, number>();
  /** The lowest depth still being judged that the current judgment relied on. */
  #low = Number.POSITIVE_INFINITY;

  /** `spend` counts each object judged against the copy's limit, and says whether any is left. */
  constructor(
    readonly secrets: Secrets,
    readonly spend: () => boolean,
  ) {}

  /** Whether `value` (a function, a prototype, plain data) and everything reachable from it is code. */
  isCode(value: object): boolean {
    const known = this.#known.get(value);
    if (known !== undefined) return known;
    // A cycle adds nothing to what the judgment it leads back to is deciding.
    const open = this.#visiting.get(value) ?? this.#provisional.get(value);
    if (open !== undefined) {
      this.#low = Math.min(this.#low, open);
      return true;
    }
    const depth = this.#visiting.size;
    const outerLow = this.#low;
    this.#low = Number.POSITIVE_INFINITY;
    this.#visiting.set(value, depth);
    let code = false;
    try {
      code = this.spend() && this.#judge(value);
    } catch {
      // A Proxy that throws, a getter in the way: not something to share unread.
    }
    this.#visiting.delete(value);
    const low = this.#low;
    if (!code) {
      // Everything being judged leads here, so is not code either; nor is what relied on any of it.
      for (const node of this.#provisional.keys()) this.#known.set(node, false);
      this.#provisional.clear();
      this.#known.set(value, false);
    } else if (low < depth) {
      for (const [node, nodeLow] of this.#provisional) if (nodeLow >= depth) this.#provisional.set(node, low);
      this.#provisional.set(value, low);
    } else {
      for (const [node, nodeLow] of this.#provisional) {
        if (nodeLow < depth) continue;
        this.#known.set(node, true);
        this.#provisional.delete(node);
      }
      this.#known.set(value, true);
    }
    this.#low = Math.min(outerLow, code && low < depth ? low : Number.POSITIVE_INFINITY);
    return code;
  }

  #judge(value: object): boolean {
    const inherited = Object.getPrototypeOf(value) as object | null;
    if (typeof value === "function") {
      // The realm's own, another realm's Function.prototype, or a base class that is code too.
      const base =
        FUNCTION_PROTOTYPES.has(inherited) ||
        this.#isObjectPrototype(inherited) ||
        (typeof inherited === "function" && this.isCode(inherited));
      if (!base) return false;
      const prototype = ownValue(value, "prototype");
      if (prototype !== undefined && !this.#isPrototypeOf(prototype, value)) return false;
    } else if (!this.#isBase(inherited)) return false;
    return this.#fieldsAreCode(value);
  }

  /** Whether a function's `prototype` is one the engine or a class made for its instances, holding only code. */
  #isPrototypeOf(prototype: unknown, owner: object): boolean {
    // An object; for a realm's Function, its Function.prototype, which is a function.
    if ((typeof prototype !== "object" && typeof prototype !== "function") || prototype === null)
      return false;
    const madeBy = ownValue(prototype, "constructor");
    const inherited = Object.getPrototypeOf(prototype) as object | null;
    // A class's `prototype` cannot be replaced: it is the one the class made. A function's can (by a Map, or an
    // instance holding private state, given the function as `constructor`): it is trusted only as the engine
    // makes it, a plain object (a generator's inherits the realm's generator prototype), which has no such state.
    // So an old-style subclass (`Child.prototype = Object.create(Parent.prototype)`) is not shared.
    if (Object.getOwnPropertyDescriptor(owner, "prototype")?.writable) {
      const plain = this.#isObjectPrototype(inherited) || GENERATOR_PROTOTYPES.has(inherited);
      if (!plain || (madeBy !== undefined && madeBy !== owner)) return false;
    } else if (madeBy !== owner) return false;
    return this.isCode(prototype);
  }

  /** Whether what a prototype inherits from is the end of a chain, or a class's prototype holding only code. */
  #isBase(inherited: object | null): boolean {
    if (inherited === null || this.#isObjectPrototype(inherited) || GENERATOR_PROTOTYPES.has(inherited))
      return true;
    const madeBy = ownValue(inherited, "constructor");
    return (
      typeof madeBy === "function" && ownValue(madeBy, "prototype") === inherited && this.isCode(inherited)
    );
  }

  #fieldsAreCode(value: object): boolean {
    for (const key of Reflect.ownKeys(value)) {
      if (!this.#isClean(typeof key === "symbol" ? key.description : key)) return false;
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      // A function's `prototype` is judged as one (#isPrototypeOf).
      if (
        descriptor === undefined ||
        (key === "prototype" && typeof value === "function" && "value" in descriptor)
      )
        continue;
      // An accessor is never run, but its getter and setter are functions that may hold fields.
      const fields: unknown[] = "value" in descriptor ? [descriptor.value] : [descriptor.get, descriptor.set];
      for (const field of fields) {
        if (typeof field === "function" ? !this.isCode(field) : !this.#isClean(field)) return false;
      }
    }
    return true;
  }

  /**
   * A primitive that is no credential, or plain data (an array, a plain object: a brand's list of names, a
   * class's static `defaults`) holding only such values and code. Any other object may hold state no field shows.
   */
  #isClean(value: unknown): boolean {
    if (typeof value === "string") return scrubText(value, this.secrets) === value;
    if (typeof value === "number") return !this.secrets.numbers.has(value);
    if (typeof value === "symbol") return this.#isClean(value.description);
    if (typeof value !== "object" || value === null) return true;
    const inherited = Object.getPrototypeOf(value) as object | null;
    return (
      (Array.isArray(value) || inherited === null || this.#isObjectPrototype(inherited)) && this.isCode(value)
    );
  }

  /**
   * This realm's Object.prototype, or another's (a vm context's), the only object with its own `__proto__`
   * accessor: read like any code, since an object can be given one.
   */
  #isObjectPrototype(value: unknown): boolean {
    if (value === Object.prototype) return true;
    if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== null) return false;
    return (
      typeof Object.getOwnPropertyDescriptor(value, "__proto__")?.get === "function" && this.isCode(value)
    );
  }
}

/** An own data property's value, without running a getter. */
function ownValue(target: object, key: PropertyKey): unknown {
  return Object.getOwnPropertyDescriptor(target, key)?.value;
}
