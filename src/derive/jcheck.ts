// Numeric check of a closed-form Jacobian: draw sizes and inputs (./sample.ts), evaluate the forward definitions,
// evaluate the closed form (src/numeric/eval.ts) and compare with central differences of X ↦ rvec Y (fdJacobian,
// row-major — the same vec as the closed form); a Hessian against second differences (fdHessian).
import type { Expr, Sym } from "../ast/index.js";
import { evaluate } from "../numeric/eval.js";
import { fdHessian, fdJacobian, matmul, randn, relErr, rng, type Mat, type Value } from "../numeric/index.js";
import type { Document } from "../parse/document.js";
import { Graph, type Definition } from "./graph.js";
import { sampleSymbols, refuseLarge } from "./sample.js";
import type { JacobianResult } from "./jacobian.js";
import type { HessianResult } from "./hessian.js";

export interface Point {
  /** Inputs, constants and forward values. */
  readonly values: Map<string, Value>;
  /** Sizes by dimension name. */
  readonly sizes: Map<string, number>;
}

/** Forward values of `forward` at a random draw of its leaves. */
export function drawPoint(doc: Document, forward: readonly Definition[], seed: number): Point {
  const leaves = new Map<string, Sym>();
  for (const d of forward)
    for (const s of Graph.uses(d.rhs)) if (!forward.some((f) => f.lhs.name === s.name)) leaves.set(s.name, s);
  const s = sampleSymbols(
    doc,
    [...leaves.values()],
    forward.map((d) => d.rhs),
    seed,
    forward,
  );
  const values = new Map(s.values);
  for (const d of forward) values.set(d.lhs.name, evaluate(d.rhs, { values }));
  return { values, sizes: s.sizes };
}

/** Y as a function of x (x an input or an intermediate definition), the other values held fixed. */
export function through(forward: readonly Definition[], x: string, y: string, at: Point): (v: Value) => Value {
  const downstream = new Set([x]);
  const defs = forward.filter((d) => {
    if (d.lhs.name === x || !Graph.uses(d.rhs).some((u) => downstream.has(u.name))) return false;
    downstream.add(d.lhs.name);
    return true;
  });
  return (v) => {
    const values = new Map(at.values);
    values.set(x, v);
    for (const d of defs) values.set(d.lhs.name, evaluate(d.rhs, { values }));
    return values.get(y)!;
  };
}

const numel = (v: Value) => (typeof v === "number" ? 1 : v.rows * v.cols);

export interface JacobianCheck {
  readonly closed: Mat;
  readonly fd: Mat;
  readonly relErr: number;
}

/** The closed form at a random point against central differences (order 4). */
export function checkJacobian(j: JacobianResult, seed = 1, expr: Expr = j.expr): JacobianCheck {
  const at = drawPoint(j.doc, j.forward, seed);
  const x = at.values.get(j.input.name)!;
  refuseLarge(
    j.doc,
    j.input.name,
    `the Jacobian of ${j.output.latex} by ${j.input.latex}`,
    numel(x) * numel(at.values.get(j.output.name)!),
  );
  const fd = fdJacobian(through(j.forward, j.input.name, j.output.name, at), x, { order: 4 });
  const v = evaluate(expr, { values: at.values }, fd);
  const closed: Mat = typeof v === "number" ? { rows: 1, cols: 1, data: Float64Array.of(v) } : v;
  return { closed, fd, relErr: relErr(closed, fd) };
}

export interface HessianCheck {
  readonly closed: Mat;
  readonly fd: Mat;
  readonly relErr: number;
  readonly hvpRelErr: number;
}

/** H against second differences of f, and H[V] against H rvec V for a random direction V. */
export function checkHessian(h: HessianResult, seed = 1): HessianCheck {
  const j = h.hessian;
  const at = drawPoint(j.doc, j.forward, seed);
  const x = at.values.get(h.input.name)!;
  refuseLarge(j.doc, h.input.name, `the Hessian of ${h.output.latex} by ${h.input.latex}`, numel(x) ** 2);
  const f = through(j.forward, h.input.name, h.output.name, at);
  const fd = fdHessian(f, x);
  const v = evaluate(j.expr, { values: at.values }, fd);
  const closed: Mat = typeof v === "number" ? { rows: 1, cols: 1, data: Float64Array.of(v) } : v;
  const g = rng(`hvp:${seed}`);
  const dir: Value = typeof x === "number" ? g.normal() : randn(x.rows, x.cols, g);
  const values = new Map(at.values);
  values.set(h.direction.name, dir);
  const hv = evaluate(h.hvp, { values }, x);
  const ref = matmul(closed, typeof dir === "number" ? dir : { rows: dir.rows * dir.cols, cols: 1, data: dir.data });
  const flat = typeof hv === "number" ? hv : { rows: hv.rows * hv.cols, cols: 1, data: hv.data };
  return { closed, fd, relErr: relErr(closed, fd), hvpRelErr: relErr(flat, ref) };
}
