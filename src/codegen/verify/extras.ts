// Checking the jacobian_X / hessian_X functions of an emitted kernel: what the kernel returned at the base point
// against central differences of the reference evaluator (src/numeric/eval.ts) at the same point, both row-major
// (rvec): fdJacobian (five-point stencil) of X ↦ rvec Y, and fdJacobian of fdGradient of X ↦ f.
import type { Derivation } from "../../derive/reverse.js";
import { through } from "../../derive/jcheck.js";
import { fdGradient, fdJacobian, type Mat, type Value } from "../../numeric/index.js";
import type { Program } from "../ir.js";
import { fromBoundary, gradientError, type Result, type Sample } from "./job.js";

/** Relative error allowed for a Jacobian (order-4 differences: ~1e-11) and a Hessian (nested order-4: ~1e-9). */
export const JACOBIAN_TOLERANCE = 1e-6;
export const HESSIAN_TOLERANCE = 1e-5;

export interface ExtraCheck {
  readonly name: string;
  readonly relErr: number;
  readonly tolerance: number;
}

const maxAbs = (v: Value) =>
  typeof v === "number" ? Math.abs(v) : v.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** The finite-difference reference for each of the program's jacobian_X / hessian_X. */
export function extraReferences(d: Derivation, p: Program, s: Sample): Map<string, Mat> {
  const out = new Map<string, Mat>();
  for (const x of p.extras) {
    const input = p.inputs.find((i) => i.key === x.input)!;
    const f = through(d.forward, input.source, d.output.name, { values: new Map(s.values), sizes: new Map(s.sizes) });
    const at = s.values.get(input.source)!;
    // the Hessian as the Jacobian of the gradient, both by five-point stencils: rounding ≈ ε|f|/h² ≈ 6·10⁻¹⁰|f|
    // (second differences, fdHessian, are ~10⁻⁷|f|: too coarse for zero entries of a larger Hessian)
    const g = (v: Value) => fdGradient(f, v, { order: 4 });
    out.set(x.fn, fdJacobian(x.kind === "jacobian" ? f : g, at, { order: 4 }));
  }
  return out;
}

/**
 * ‖K − FD‖ / max(‖K‖, ‖FD‖, floor) for each function (Frobenius norms), floor = 10⁻³·(1 + max|Y|)·√numel(K):
 * a matrix that is (nearly) zero is compared absolutely, entry by entry in the mean, since differences there are
 * rounding noise proportional to |Y|. NaN when the kernel returned nothing or the wrong shape.
 */
export function compareExtras(d: Derivation, p: Program, s: Sample, r: Result): ExtraCheck[] {
  if (!p.extras.length) return [];
  const refs = extraReferences(d, p, s);
  return p.extras.map((x) => {
    const tolerance = x.kind === "jacobian" ? JACOBIAN_TOLERANCE : HESSIAN_TOLERANCE;
    const want = refs.get(x.fn)!,
      got = r.extras?.[x.fn];
    const floor = 1e-3 * (1 + maxAbs(s.reference)) * Math.sqrt(want.data.length);
    if (
      got === undefined ||
      typeof got === "number" ||
      got.shape.length !== 2 ||
      got.shape[0] !== want.rows ||
      got.shape[1] !== want.cols
    )
      return { name: x.fn, relErr: Number.NaN, tolerance };
    return { name: x.fn, relErr: gradientError(fromBoundary(got), want, floor), tolerance };
  });
}
