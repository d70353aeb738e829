// Central finite differences in float64: gradients, Jacobians, directional derivatives, Hessians.
//
// Steps are relative: coordinate x_i is perturbed by h·max(1, |x_i|) (rounded so that x_i + step is exact).
// Error = truncation + rounding. For smooth f whose derivatives are about as large as f itself:
//   order 2, h = 6e-6 ≈ ε^(1/3) (default): truncation ≈ h²·|f'''|/6 ≈ 6e-12, rounding ≈ ε·|f|/h ≈ 4e-11,
//     so relErr against an exact gradient is typically 1e-10 … 1e-9 (measured on tr(AX), logdet, softmax, inv).
//   order 4, h = 6e-4 ≈ ε^(1/5): truncation ≈ h⁴·|f⁽⁵⁾|/30, rounding ≈ ε·|f|/h → typically 1e-12 … 1e-11.
//   fdHessian, h = 1e-4 ≈ ε^(1/4): rounding ≈ 4ε·|f|/h² ≈ 1e-7·|f| → relErr typically 1e-8 … 1e-7.
// Rounding grows with |f| / ‖∂f‖ (e.g. f = 1000 + small variation) and with steep f (large |f'''|, e.g.
// exp(10x), inverses of ill-conditioned matrices); prefer order 4 when a tolerance below ~1e-8 is needed.
import { shapeStr, wrap, type Mat, type Value } from "./mat.js";

export interface FdOptions {
  /** Relative step (see the file header); default 6e-6 for order 2, 6e-4 for order 4 (1e-4 for fdHessian). */
  h?: number;
  /** Stencil order: 2 = (f(x+h) − f(x−h)) / 2h, 4 = five-point stencil (twice the evaluations). */
  order?: 2 | 4;
}

// Implementation signatures accept any one-argument function; the overloads in front of them are the typed API.
type Fn = (x: never) => Value;

/** A relative step `h`, or options. */
export type FdStep = number | FdOptions;

function resolve(step: FdStep | undefined, op: string): { h: number; order: 2 | 4 } {
  const o = typeof step === "number" ? { h: step } : (step ?? {});
  const order = o.order ?? 2;
  if (order !== 2 && order !== 4) throw new Error(`${op}: order must be 2 or 4, got ${String(order)}`);
  const h = o.h ?? (order === 2 ? 6e-6 : 6e-4);
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`${op}: step h must be positive, got ${h}`);
  return { h, order };
}

function entries(v: Value): Float64Array {
  return typeof v === "number" ? Float64Array.of(v) : v.data;
}

function withEntry(x: Value, j: number, v: number): Value {
  if (typeof x === "number") return v;
  const d = x.data.slice();
  d[j] = v;
  return wrap(x.rows, x.cols, d);
}

function scalarOut(op: string, y: Value): number {
  if (typeof y === "number") return y;
  if (y.rows === 1 && y.cols === 1) return y.data[0];
  throw new Error(`${op}: f must return a scalar, got ${shapeStr(y)}`);
}

function maxAbs(d: Float64Array): number {
  let m = 0;
  for (const x of d) m = Math.max(m, Math.abs(x));
  return m;
}

/**
 * d/dt g(t) at t = 0 by a central stencil, for vector-valued g (as its entries). `base` is the coordinate
 * value being perturbed: offsets are rounded so that base + offset is exactly representable.
 */
function central(g: (t: number) => Float64Array, step: number, order: 2 | 4, base = 0): Float64Array {
  const tp = base + step - base;
  if (order === 2) {
    const tm = base - step - base;
    const fp = g(tp),
      fm = g(tm);
    const den = tp - tm;
    return fp.map((y, k) => (y - fm[k]) / den);
  }
  const f1 = g(tp),
    fm1 = g(-tp),
    f2 = g(2 * tp),
    fm2 = g(-2 * tp);
  return f1.map((y, k) => (8 * (y - fm1[k]) - (f2[k] - fm2[k])) / (12 * tp));
}

/** Evaluates f on a perturbed input and checks that the output keeps the shape seen at x. */
function evaluator(op: string, f: (x: Value) => Value, y0: Value): (x: Value) => Float64Array {
  const want = shapeStr(y0);
  return (x) => {
    const y = f(x);
    if (shapeStr(y) !== want) throw new Error(`${op}: f returned ${shapeStr(y)} at a perturbed point but ${want} at x`);
    return entries(y);
  };
}

/** Gradient of a scalar function (f may return a 1×1 matrix); same shape as x. */
export function fdGradient(f: (x: number) => Value, x: number, h?: FdStep): number;
export function fdGradient(f: (x: Mat) => Value, x: Mat, h?: FdStep): Mat;
export function fdGradient(f: (x: Value) => Value, x: Value, h?: FdStep): Value;
export function fdGradient(fn: Fn, x: Value, h?: FdStep): Value {
  const f = fn as (x: Value) => Value;
  const { h: rel, order } = resolve(h, "fdGradient");
  const fs = (v: Value): Float64Array => Float64Array.of(scalarOut("fdGradient", f(v)));
  scalarOut("fdGradient", f(x));
  const xd = entries(x);
  const out = new Float64Array(xd.length);
  for (let j = 0; j < xd.length; j++) {
    const xj = xd[j];
    out[j] = central((t) => fs(withEntry(x, j, xj + t)), rel * Math.max(1, Math.abs(xj)), order, xj)[0];
  }
  return typeof x === "number" ? out[0] : wrap(x.rows, x.cols, out);
}

/**
 * Jacobian of vec f(x) with respect to vec x, both in row-major order: numel(f(x)) × numel(x);
 * column j is ∂ vec f / ∂ x_j.
 */
export function fdJacobian(f: (x: number) => Value, x: number, h?: FdStep): Mat;
export function fdJacobian(f: (x: Mat) => Value, x: Mat, h?: FdStep): Mat;
export function fdJacobian(f: (x: Value) => Value, x: Value, h?: FdStep): Mat;
export function fdJacobian(fn: Fn, x: Value, h?: FdStep): Mat {
  const fv = fn as (x: Value) => Value;
  const { h: rel, order } = resolve(h, "fdJacobian");
  const y0 = fv(x);
  const ev = evaluator("fdJacobian", fv, y0);
  const xd = entries(x);
  const m = entries(y0).length,
    n = xd.length;
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const xj = xd[j];
    const col = central((t) => ev(withEntry(x, j, xj + t)), rel * Math.max(1, Math.abs(xj)), order, xj);
    for (let i = 0; i < m; i++) out[i * n + j] = col[i];
  }
  return wrap(m, n, out);
}

/**
 * Directional derivative d/dt f(x + t·dx) at t = 0, the same shape as f(x). Mathematically
 * (f(x+h·dx) − f(x−h·dx)) / 2h, with h scaled so that the perturbation is h·max(1, max|x|) in max-norm.
 */
export function fdDirectional(f: (x: number) => number, x: number, dx: number, h?: FdStep): number;
export function fdDirectional(f: (x: number) => Value, x: number, dx: number, h?: FdStep): Value;
export function fdDirectional(f: (x: Mat) => number, x: Mat, dx: Mat, h?: FdStep): number;
export function fdDirectional(f: (x: Mat) => Mat, x: Mat, dx: Mat, h?: FdStep): Mat;
export function fdDirectional(f: (x: Mat) => Value, x: Mat, dx: Mat, h?: FdStep): Value;
export function fdDirectional(f: (x: Value) => Value, x: Value, dx: Value, h?: FdStep): Value;
export function fdDirectional(fn: Fn, x: Value, dx: Value, h?: FdStep): Value {
  const f = fn as (x: Value) => Value;
  const { h: rel, order } = resolve(h, "fdDirectional");
  if (shapeStr(x) !== shapeStr(dx)) throw new Error(`fdDirectional: x is ${shapeStr(x)} but dx is ${shapeStr(dx)}`);
  const y0 = f(x);
  const ev = evaluator("fdDirectional", f, y0);
  const xd = entries(x),
    dd = entries(dx);
  const size = maxAbs(dd);
  let out: Float64Array;
  if (size === 0) {
    out = new Float64Array(entries(y0).length);
  } else {
    const at = (t: number): Value => {
      const d = xd.map((v, k) => v + t * dd[k]);
      return typeof x === "number" ? d[0] : wrap(x.rows, x.cols, d);
    };
    out = central((t) => ev(at(t)), (rel * Math.max(1, maxAbs(xd))) / size, order);
  }
  return typeof y0 === "number" ? out[0] : wrap(y0.rows, y0.cols, out);
}

/**
 * Hessian of a scalar function with respect to vec x (row-major; x is typically n×1): numel(x) × numel(x),
 * exactly symmetric. Second differences with relative step h (default 1e-4); accuracy about 1e-7 relative.
 */
export function fdHessian(f: (x: number) => Value, x: number, h?: number): Mat;
export function fdHessian(f: (x: Mat) => Value, x: Mat, h?: number): Mat;
export function fdHessian(f: (x: Value) => Value, x: Value, h?: number): Mat;
export function fdHessian(fn: Fn, x: Value, h?: number): Mat {
  const f = fn as (x: Value) => Value;
  const rel = h ?? 1e-4;
  if (!(rel > 0) || !Number.isFinite(rel)) throw new Error(`fdHessian: step h must be positive, got ${rel}`);
  const xd = entries(x);
  const n = xd.length;
  const fs = (v: Value): number => scalarOut("fdHessian", f(v));
  const at = (i: number, ti: number, j: number, tj: number): number => {
    const d = xd.slice();
    d[i] += ti;
    d[j] += tj;
    return fs(typeof x === "number" ? d[0] : wrap(x.rows, x.cols, d));
  };
  const steps = Array.from(xd, (v) => v + rel * Math.max(1, Math.abs(v)) - v);
  const f0 = fs(x);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const hi = steps[i];
    out[i * n + i] = (at(i, hi, i, 0) - 2 * f0 + at(i, -hi, i, 0)) / (hi * hi);
    for (let j = i + 1; j < n; j++) {
      const hj = steps[j];
      const v = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return wrap(n, n, out);
}
