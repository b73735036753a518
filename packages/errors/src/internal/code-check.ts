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
  readonly #visiting = new Set<object>();
  /** Judged code while something that leads to it was still being judged: true only if that ends true. */
  readonly #provisional = new Set<object>();

  /** `spend` counts each object judged against the copy's limit, and says whether any is left. */
  constructor(
    readonly secrets: Secrets,
    readonly spend: () => boolean,
  ) {}

  /** Whether `value` (a function, or a prototype) and everything reachable from it is code. */
  isCode(value: object): boolean {
    const known = this.#known.get(value);
    if (known !== undefined) return known;
    // A cycle (a prototype's constructor) adds nothing to what the first visit is judging.
    if (this.#visiting.has(value) || this.#provisional.has(value)) return true;
    const top = this.#visiting.size === 0;
    this.#visiting.add(value);
    let code = false;
    try {
      code = this.spend() && this.#judge(value);
    } catch {
      // A Proxy that throws, a getter in the way: not something to share unread.
    }
    this.#visiting.delete(value);
    if (!code) this.#known.set(value, false);
    else if (!top) this.#provisional.add(value);
    else for (const judged of [value, ...this.#provisional]) this.#known.set(judged, true);
    if (top) this.#provisional.clear();
    return code;
  }

  #judge(value: object): boolean {
    const inherited = Object.getPrototypeOf(value) as object | null;
    if (typeof value === "function") {
      // The realm's own, another realm's Function.prototype, or a base class that is code too.
      const base =
        FUNCTION_PROTOTYPES.has(inherited) ||
        isObjectPrototype(inherited) ||
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
    const inherited = Object.getPrototypeOf(prototype);
    // A generator's has no constructor; an object literal may have none either.
    const made =
      madeBy === undefined
        ? inherited === Object.prototype || GENERATOR_PROTOTYPES.has(inherited)
        : madeBy === owner;
    return made && this.isCode(prototype);
  }

  /** Whether what a prototype inherits from is the end of a chain, or a class's prototype holding only code. */
  #isBase(inherited: object | null): boolean {
    if (inherited === null || isObjectPrototype(inherited) || GENERATOR_PROTOTYPES.has(inherited))
      return true;
    const madeBy = ownValue(inherited, "constructor");
    return (
      typeof madeBy === "function" && ownValue(madeBy, "prototype") === inherited && this.isCode(inherited)
    );
  }

  #fieldsAreCode(value: object): boolean {
    for (const key of Reflect.ownKeys(value)) {
      // A function's `prototype` is judged as one (#isPrototypeOf); Array.prototype's list of names hidden
      // from `with` is the engine's.
      if ((key === "prototype" && typeof value === "function") || key === Symbol.unscopables) continue;
      if (!this.#isClean(typeof key === "symbol" ? key.description : key)) return false;
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || !("value" in descriptor)) continue;
      const field: unknown = descriptor.value;
      if (typeof field === "function" ? !this.isCode(field) : !this.#isClean(field)) return false;
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
    return (Array.isArray(value) || inherited === null || isObjectPrototype(inherited)) && this.isCode(value);
  }
}

/** An own data property's value, without running a getter. */
function ownValue(target: object, key: PropertyKey): unknown {
  return Object.getOwnPropertyDescriptor(target, key)?.value;
}

/** This realm's Object.prototype or another's (a vm context's): the only object with its own `__proto__`. */
function isObjectPrototype(value: unknown): boolean {
  if (value === Object.prototype) return true;
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== null) return false;
  return typeof Object.getOwnPropertyDescriptor(value, "__proto__")?.get === "function";
}
