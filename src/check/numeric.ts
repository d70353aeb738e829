// Numeric evidence for a claim: the derivation is run on several random draws (float64, fresh sizes each
// time) and the claim's right side is evaluated with the TRUE gradients for every ∂L/∂V it mentions.
import * as A from "../ast/index.js";
import type { Deriv, Expr } from "../ast/index.js";
import type { Derivation } from "../derive/reverse.js";
import { runDerivation, type NumericRun } from "../derive/numcheck.js";
import { evaluate, EvalError } from "../numeric/eval.js";
import { fdJacobian, fdHessian, relErr, isMat, transpose, full, type Value, type Mat } from "../numeric/index.js";
import { printExpr } from "../render/latex.js";
import { Unverifiable } from "./types.js";

/** Relative error below which two values are equal, and above which they certainly differ. */
export const SAME = 1e-7,
  DIFFERENT = 1e-4;
/** Looser bounds when one side comes from finite differences (Jacobians, Hessians, chain statements). */
export const FD_SAME = 1e-5,
  FD_DIFFERENT = 1e-3;
export const DRAWS = 4;

export interface Draw {
  readonly run: NumericRun;
  readonly seed: number;
}

/** Runs of the derivation on DRAWS seeds; a draw with non-finite values is replaced by another. */
export function draws(d: Derivation): Draw[] {
  const out: Draw[] = [];
  for (let seed = 1; out.length < DRAWS && seed <= 3 * DRAWS; seed++) {
    let run: NumericRun;
    try {
      run = runDerivation(d, seed);
    } catch (err) {
      throw new Unverifiable(evalReason(err));
    }
    if ([...run.values.values(), ...run.derivs.values()].every(finite)) out.push({ run, seed });
  }
  if (out.length < 3) throw new Unverifiable("the derivation gives non-finite values on random inputs");
  return out;
}

export const finite = (v: Value): boolean =>
  typeof v === "number" ? Number.isFinite(v) : v.data.every(Number.isFinite);

/** A human reason for a failed evaluation. */
export function evalReason(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  // (the derivative first: its message names an internal key, which user text never shows)
  if (/^no value for the derivative/.test(m))
    return "the right side uses a derivative that is not a gradient of the loss";
  const sym = /^no value for (.+)$/.exec(m);
  if (sym) return `undefined symbol ${sym[1]} (not defined in the lecture and not an input of the derivation)`;
  if (err instanceof EvalError) return `cannot evaluate: ${m}`;
  return `cannot evaluate: ${m}`;
}

/** Evaluate with the draw's values and true gradients. */
export function evalAt(e: Expr, draw: Draw, values?: ReadonlyMap<string, Value>, like?: Value): Value {
  return evaluate(e, { values: values ?? draw.run.values, derivs: draw.run.derivs }, like);
}

/** A gradient value at the shape of its symbol (a derived 0 becomes a zero matrix). */
export function asShapeOf(v: Value, like: Value | undefined): Value {
  if (typeof v === "number" && like !== undefined && isMat(like)) return full(like.rows, like.cols, v);
  return v;
}

/** relErr that calls different shapes infinitely different. */
export function err(a: Value, b: Value): number {
  try {
    return relErr(a, b);
  } catch {
    return Infinity;
  }
}

/** ∂L/∂V nodes of the claim rebound to the derivation's names (∂L/∂A_{:,j} is a column of ∂L/∂A). */
export function bindDerivs(e: Expr, d: Derivation): Expr {
  const names = new Map<string, Deriv>();
  const vectors = new Map<string, Deriv>();
  for (const b of d.backward) {
    names.set(b.target.name, b.name);
    if (b.target.hint === "vector") vectors.set(b.target.name, b.name);
  }
  if (d.upstream) names.set(d.output.name, d.upstream);
  const isLoss = (x: Expr) =>
    x === d.loss ||
    (x.k === "sym" && d.loss.k === "sym" && x.name === d.loss.name) ||
    (x.k === "apply" && d.loss.k === "sym" && x.fn.name === d.loss.name);
  return A.mapExpr(e, (x) => {
    if (x.k !== "deriv" || x.order !== 1 || x.wrt.length !== 1 || !isLoss(x.of)) return x;
    const w = x.wrt[0];
    if (w.k === "sym") {
      // ∂L/∂w_1 with w_1 entry 1 of the vector w: entry 1 of ∂L/∂w (∇L = [∂L/∂w_1, …, ∂L/∂w_n]ᵀ)
      const entry = /^(.+)_(\d+)$/.exec(w.name);
      const g = names.get(w.name) ?? (entry ? vectors.get(entry[1]) : undefined);
      return g === undefined ? x : g === names.get(w.name) ? g : A.slice(g, A.num(Number(entry![2])), null);
    }
    if (w.k === "slice" && w.x.k === "sym") {
      const n = names.get(w.x.name);
      return n ? A.slice(n, w.row, w.col) : x;
    }
    return x;
  });
}

/** Forward values with one symbol overridden (downstream definitions recomputed). */
export function forwardWith(d: Derivation, draw: Draw, name: string, v: Value): Map<string, Value> {
  const values = new Map(draw.run.values);
  values.set(name, v);
  for (const f of d.forward) if (f.lhs.name !== name) values.set(f.lhs.name, evaluate(f.rhs, { values }));
  return values;
}

/** ∂ vec Y / ∂ vec X by central differences through the definitions (total derivative). */
export function jacobian(d: Derivation, draw: Draw, y: string, x: string): Mat {
  const x0 = draw.run.values.get(x);
  if (x0 === undefined) throw new Unverifiable(`${x} has no value in the derivation`);
  return fdJacobian((v: Value) => forwardWith(d, draw, x, v).get(y)!, x0);
}

/** ∂ vec Y / ∂ vec Z through Y's own definition only (the other quantities it names held fixed). */
export function directJacobian(d: Derivation, draw: Draw, y: string, z: string): Mat {
  const def = d.forward.find((f) => f.lhs.name === y);
  const z0 = draw.run.values.get(z);
  if (!def || z0 === undefined) throw new Unverifiable(`${y} is not defined in terms of ${z}`);
  return fdJacobian((v: Value) => evaluate(def.rhs, { values: new Map(draw.run.values).set(z, v) }), z0);
}

/** ∂²f / ∂ vec x² by central differences (f a scalar definition). */
export function hessian(d: Derivation, draw: Draw, f: string, x: string): Mat {
  const x0 = draw.run.values.get(x);
  if (x0 === undefined) throw new Unverifiable(`${x} has no value in the derivation`);
  return fdHessian((v: Value) => forwardWith(d, draw, x, v).get(f)!, x0);
}

/** vec(G)ᵀ as a 1×|G| row (row-major vec, as the Jacobians use). */
export function vecRow(v: Value): Mat {
  return typeof v === "number"
    ? { rows: 1, cols: 1, data: Float64Array.of(v) }
    : { rows: 1, cols: v.data.length, data: v.data };
}

/** ⟨a, b⟩ / ⟨b, b⟩ and the residual of a ≈ c·b: is the claim a multiple of the truth? */
export function ratio(a: Value, b: Value): { c: number; residual: number } | null {
  // a 1×1 matrix (1ᵀ y) is the scalar it holds (sum(y))
  const one = (v: Value): Value => (typeof v !== "number" && v.rows === 1 && v.cols === 1 ? v.data[0] : v);
  a = one(a);
  b = one(b);
  if (typeof a === "number" && typeof b === "number") return b === 0 ? null : { c: a / b, residual: 0 };
  if (!isMat(a) || !isMat(b) || a.rows !== b.rows || a.cols !== b.cols) return null;
  let ab = 0,
    bb = 0;
  for (let k = 0; k < a.data.length; k++) {
    ab += a.data[k] * b.data[k];
    bb += b.data[k] * b.data[k];
  }
  if (bb === 0) return null;
  const c = ab / bb;
  const scaled = { rows: b.rows, cols: b.cols, data: b.data.map((x) => c * x) };
  return { c, residual: err(a, scaled) };
}

export const transposeOf = (v: Value): Value => transpose(v);
export const show = printExpr;
