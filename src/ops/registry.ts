// The operation registry (KaTeX defineFunction / JAX primitive style): an operation's name, spellings, shape
// rule, numeric evaluation, LaTeX printing and code templates live together in one file under src/ops/.
// Derivative rules for an operation are lines in rules/*.rules, not code.
import type { Shape, ShapeCtx } from "../shape/shape.js";
import type { Value } from "../numeric/index.js";

/** Printing precedence, low → high. */
export const enum Prec {
  Rel = 0,
  Sum = 1,
  Prod = 2,
  Neg = 3,
  Postfix = 4,
  Atom = 5,
}
export interface Printed {
  readonly s: string;
  readonly prec: Prec;
}

/** A C value: a double (a scalar) or a row-major buffer, with its sizes as C expressions. */
export interface CArg {
  /** The double expression, or the buffer. */
  readonly v: string;
  /** A pointer to the entries: the buffer, or `(double[]){v}` for a scalar. */
  readonly p: string;
  /** Rows and columns (`1` and `1` for a scalar), and the number of entries. */
  readonly r: string;
  readonly c: string;
  readonly n: string;
  readonly scalar: boolean;
}

/** Target-language expression templates over already-emitted argument expressions. */
export interface CodeTemplates {
  /** `out` is the result's rows and columns as size expressions (for operations with `shapedCode`). */
  readonly numpy: (a: readonly string[], attr?: number, out?: readonly [string, string]) => string;
  readonly torch: (a: readonly string[], attr?: number, out?: readonly [string, string]) => string;
  /** JS: calls into the runtime helpers that the JS backend embeds (`R.matmul(a, b)` …). */
  readonly js: (a: readonly string[], attr?: number, out?: readonly [string, string]) => string;
  /** C: statements that compute the result into `out` (a double, or a buffer of out.n entries) with the
   * `tg_` helpers of src/codegen/runtime/c.ts. */
  readonly c?: (out: CArg, a: readonly CArg[], attr?: number) => string;
}

export interface OpDef {
  readonly name: string;
  /** Number of arguments, or "n" for variadic (sum, concatenation). */
  readonly arity: number | "n";
  /** Function names that parse to this operation (`exp`, `softmax`, `LayerNorm`), without backslash. */
  readonly spellings?: readonly string[];
  /** A scalar function applied entry by entry (its derivative rule is `d-NAME: d(f(A)) => f'(A) \odot d(A)`). */
  readonly elementwise?: (x: number) => number;
  readonly shape: (args: readonly Shape[], ctx: ShapeCtx, attr?: number) => Shape;
  /** `out` is the result's size, for operations sized by their context (a unit vector e_j). */
  readonly eval: (args: readonly Value[], attr?: number, out?: readonly [number, number]) => Value;
  /** The result's size comes from context, not from the arguments (evaluation passes `out`). */
  readonly sized?: boolean;
  /** The code templates use the result's size (`out`): kernels compute it from the input sizes. */
  readonly shapedCode?: boolean;
  readonly latex: (args: readonly Printed[], attr?: number) => Printed;
  readonly code: CodeTemplates;
  /** A numeric subscript is the operation's parameter (`\operatorname{select}_2(A, B)`). */
  readonly subscriptAttr?: boolean;
  /** Arguments may be reordered (canonical forms sort them). */
  readonly commutative?: boolean;
  /** Where the argument's entries must lie for the function to be smooth there; numeric checks draw symbols
   * under it accordingly: "positive" in [0.5, 2] (cot, csc, coth), "unit" in (−0.9, 0.9) (tan, sec, arcsin). */
  readonly domain?: "positive" | "unit";
}

const registry = new Map<string, OpDef>();
const bySpelling = new Map<string, OpDef>();
const byLowerSpelling = new Map<string, OpDef>();

export function defineOp(def: OpDef): OpDef {
  if (registry.has(def.name)) throw new Error(`operation ${def.name} defined twice`);
  registry.set(def.name, def);
  for (const s of def.spellings ?? []) {
    bySpelling.set(s, def);
    if (!byLowerSpelling.has(s.toLowerCase())) byLowerSpelling.set(s.toLowerCase(), def);
  }
  return def;
}

export function getOp(name: string): OpDef {
  const d = registry.get(name);
  if (!d) throw new Error(`unknown operation ${name}`);
  return d;
}
export const hasOp = (name: string) => registry.has(name);
/** The operation a function name denotes (`\exp`, `\operatorname{softmax}`, `\text{ReLU}`): an exact spelling first
 * (`\ln` is log, `LN` layer norm), otherwise ignoring case (`\operatorname{Softmax}`). */
export const opBySpelling = (name: string): OpDef | undefined =>
  bySpelling.get(name) ?? byLowerSpelling.get(name.toLowerCase());
export const allOps = (): OpDef[] => [...registry.values()];

/** Wrap in parentheses when the printed argument binds looser than `min`. */
export const paren = (p: Printed, min: Prec): string => (p.prec < min ? `\\left(${p.s}\\right)` : p.s);
export const atom = (s: string): Printed => ({ s, prec: Prec.Atom });

/** The scripts (`^`, `_`) that printed text ends with: `\mathbf{W}^{(2)}` ends in `^`, `A_{i,j}` in `_`, `x_i^2` in both, `f'_{i}` in both (a prime before a subscript is a superscript). */
export function trailingScripts(s: string): Set<string> {
  const out = new Set<string>();
  let end = s.length;
  for (;;) {
    let start: number;
    if (s[end - 1] === "'") {
      // a prime is a superscript in TeX (f' is f^{\prime}): f'_{i}^{2} is a double superscript; a superscript right
      // after the primes merges with them (f'^{2} is f^{\prime 2}), so only primes before another script count
      if (out.size > 0) out.add("^");
      while (s[end - 1] === "'") end--;
      continue;
    }
    if (s[end - 1] === "}") {
      let depth = 0;
      for (start = end - 1; start >= 0; start--) {
        if (s[start] === "}" && s[start - 1] !== "\\") depth++;
        else if (s[start] === "{" && s[start - 1] !== "\\" && --depth === 0) break;
      }
      if (start < 0) return out;
    } else {
      const m = /(\\[A-Za-z]+|[^\\])$/.exec(s.slice(0, end));
      if (!m) return out;
      start = end - m[1].length;
    }
    const c = s[start - 1];
    if (c !== "^" && c !== "_") return out;
    out.add(c);
    end = start - 1;
  }
}
/**
 * The base of a script: parenthesised when it binds looser than an atom, braced when it already ends in a script of
 * the same kind (`{\mathbf{W}^{(2)}}^\top`; `\mathbf{W}^{(2)}^\top` is a double superscript, an error in TeX).
 */
export const scriptBase = (p: Printed, script: "^" | "_"): string =>
  p.prec < Prec.Atom ? `\\left(${p.s}\\right)` : trailingScripts(p.s).has(script) ? `{${p.s}}` : p.s;
