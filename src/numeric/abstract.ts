// Concrete instances of abstract functions for numeric checks. Each draw instantiates every abstract function with
// a smooth function and its exact derivatives: φ(x) = base(a x + b) with base one of tanh, softplus, a random cubic
// and sin (four draws, four bases), or, under a logarithm, a square root or a denominator, a function into (0, 1)
// (the logistic or ½ + 0.4 tanh). A scalar function of several arguments is
//   l(A_1, …, A_k) = h(Σ_j 1ᵀ (C_j ⊙ ψ_j(A_j)) 1),  ∂l/∂A_j = h′(s) C_j ⊙ ψ_j′(A_j),
// with h, ψ_j such bases and C_j fixed random weights. The instance is chosen by the draw (its seed) and stored
// among the draw's values under a key no symbol can have, so every evaluation of that draw uses the same one.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { rng } from "./random.js";
import { map, isMat, type Value } from "./index.js";
import { isLossName } from "../shape/abstract.js";

const KEY = "\u0000fn:";
export const instanceKey = (name: string) => `${KEY}${name}`;
export const isInstanceKey = (k: string) => k.startsWith(KEY);

/** φ′ → [φ, 1]; ∂l/∂(2nd argument) (`l_d2`) → [l, 0, 2]. */
function nameOf(fn: string): { base: string; order: number; partial: number | null } {
  const p = /^(.*)_d(\d+)$/.exec(fn);
  if (p) return { base: p[1], order: 0, partial: Number(p[2]) };
  let b = fn,
    n = 0;
  while (b.endsWith("_prime")) {
    b = b.slice(0, -6);
    n++;
  }
  return { base: b, order: n, partial: null };
}

/** The abstract function an application instantiates in this draw, if any. */
export function instanced(
  e: A.Apply,
  values: ReadonlyMap<string, Value>,
): { base: string; order: number; partial: number | null } | null {
  const n = nameOf(e.fn.name);
  return values.has(instanceKey(n.base)) ? n : null;
}

type Base = (u: number, order: number) => number;
const sig = (u: number) => 1 / (1 + Math.exp(-u));
const BASES: Record<string, Base> = {
  tanh: (u, n) => {
    const t = Math.tanh(u),
      s = 1 - t * t;
    return [t, s, -2 * t * s, -2 * s * (1 - 3 * t * t)][n];
  },
  softplus: (u, n) => {
    const s = sig(u);
    return [Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))), s, s * (1 - s), s * (1 - s) * (1 - 2 * s)][n];
  },
  sin: (u, n) => [Math.sin(u), Math.cos(u), -Math.sin(u), -Math.cos(u)][n],
  logistic: (u, n) => {
    const s = sig(u);
    return [s, s * (1 - s), s * (1 - s) * (1 - 2 * s), s * (1 - s) * (1 - 6 * s + 6 * s * s)][n];
  },
  halftanh: (u, n) => (n === 0 ? 0.5 : 0) + 0.4 * BASES.tanh(u, n),
};
const GENERAL = ["tanh", "softplus", "cubic", "sin"],
  POSITIVE = ["logistic", "halftanh"];

interface Scalar {
  readonly name: string;
  readonly f: (x: number, order: number) => number;
}

/** One smooth scalar function with exact derivatives up to order 3, drawn from (seed, tag). */
function scalarFunction(seed: number, tag: string, positive: boolean): Scalar {
  const g = rng(`${seed}/${tag}`);
  let h = 0;
  for (const c of tag) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const names = positive ? POSITIVE : GENERAL;
  const kind = names[(seed - 1 + h) % names.length];
  const a = 0.6 + 0.8 * g.uniform(),
    b = g.uniform() - 0.5;
  if (kind === "cubic") {
    const c = [g.normal(), 0.5 + g.uniform(), 0.5 * g.normal(), 0.3 * g.normal()];
    const p = (x: number, n: number) =>
      [
        c[0] + x * (c[1] + x * (c[2] + x * c[3])),
        c[1] + x * (2 * c[2] + 3 * c[3] * x),
        2 * c[2] + 6 * c[3] * x,
        6 * c[3],
      ][n];
    return { name: "a random cubic", f: p };
  }
  const base = BASES[kind];
  return {
    name: kind === "halftanh" ? "1/2 + 2/5 tanh" : kind,
    f: (x, n) => {
      if (n > 3) throw new Error("derivatives of order above 3 are not instantiated");
      return base(a * x + b, n) * a ** n;
    },
  };
}

/** Store the instances of the abstract functions `names` for the draw `seed` (positive: used under log, √ or ÷). */
export function instantiate(
  values: Map<string, Value>,
  names: Iterable<string>,
  positive: ReadonlySet<string>,
  seed: number,
): void {
  for (const n of names) values.set(instanceKey(n), positive.has(n) ? -seed : seed);
}

/** Weights C_j of one argument, fixed by (seed, function, argument, size). */
function weights(seed: number, tag: string, len: number): Float64Array {
  const g = rng(`${seed}/${tag}/w/${len}`);
  return Float64Array.from({ length: len }, () => g.normal());
}

/** The value of an abstract application in the draw whose instances `values` holds. */
export function evalInstance(
  e: A.Apply,
  args: readonly Value[],
  values: ReadonlyMap<string, Value>,
  rows?: number,
): Value {
  const n = nameOf(e.fn.name);
  const code = values.get(instanceKey(n.base)) as number;
  const seed = Math.abs(code),
    positive = code < 0;
  if (args.length === 1 && n.partial === null) {
    const f = scalarFunction(seed, n.base, positive);
    return map(args[0], (x) => f.f(x, n.order));
  }
  if (n.order > 0) throw new Error(`second derivatives of ${e.fn.latex} are not instantiated`);
  if (n.partial === null && e.fn.hint === "vector" && rows !== undefined) {
    // φ(A_1, …, A_k)_r = ψ(Σ_j (M_j vec A_j)_r): a column of `rows` entries
    const flatArgs = args.map((a) => (typeof a === "number" ? Float64Array.of(a) : a.data));
    const psi = scalarFunction(seed, `${n.base}/vector`, positive);
    const data = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let u = 0;
      flatArgs.forEach((d, j) => {
        const w = weights(seed, `${n.base}/${j + 1}/row${r}`, d.length);
        d.forEach((x, k) => {
          u += (w[k] * x) / Math.sqrt(d.length);
        });
      });
      data[r] = psi.f(u, 0);
    }
    return { rows, cols: 1, data };
  }
  if (n.partial === null && !isLossName(n.base))
    throw new Error(
      `${e.fn.latex} is a function of several arguments that is not a scalar loss: it has no concrete instance`,
    );
  const h = scalarFunction(seed, `${n.base}/outer`, positive);
  const inner = args.map((_, j) => scalarFunction(seed, `${n.base}/${j + 1}`, false));
  const flat = (v: Value) => (typeof v === "number" ? Float64Array.of(v) : v.data);
  let s = 0;
  const ws = args.map((a, j) => weights(seed, `${n.base}/${j + 1}`, flat(a).length));
  args.forEach((a, j) =>
    flat(a).forEach((x, k) => {
      s += ws[j][k] * inner[j].f(x, 0);
    }),
  );
  if (n.partial === null) return h.f(s, 0);
  const j = n.partial - 1,
    a = args[j];
  if (a === undefined) throw new Error(`${e.fn.latex} has no argument ${n.partial}`);
  const outer = h.f(s, 1);
  const d = flat(a).map((x, k) => outer * ws[j][k] * inner[j].f(x, 1));
  return isMat(a) ? { rows: a.rows, cols: a.cols, data: d } : d[0];
}

/** Which abstract functions appear under a logarithm, a square root or as a denominator (they get positive instances). */
export function positiveUses(exprs: readonly Expr[], abstract: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const mark = (e: Expr) =>
    A.some(e, (x) => {
      if (x.k === "apply" && abstract.has(nameOf(x.fn.name).base)) out.add(nameOf(x.fn.name).base);
      return false;
    });
  for (const e of exprs)
    A.some(e, (x) => {
      if (x.k === "op" && (x.op === "log" || x.op === "sqrt" || x.op === "logdet")) mark(x.args[0]);
      if (x.k === "op" && x.op === "ediv") mark(x.args[1]);
      if (x.k === "op" && x.op === "pow" && !Number.isInteger(x.attr ?? 1)) mark(x.args[0]);
      return false;
    });
  return out;
}

/** The instance an abstract function has in a draw, for messages: "tanh", "a random cubic". */
export function instanceName(name: string, values: ReadonlyMap<string, Value>): string | null {
  const code = values.get(instanceKey(name));
  if (typeof code !== "number") return null;
  return scalarFunction(Math.abs(code), name, code < 0).name;
}
