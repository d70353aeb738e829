// rvec A: the rows of A stacked into one column (row-major flattening, as kernels store arrays);
// rvec A = vec Aᵀ, rvec(A X B) = (A ⊗ Bᵀ) rvec X. A column vector is its own rvec; a scalar too.
// The Jacobians of `texgrad jacobian` are ∂ rvec Y / ∂ rvec X.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape, ShapeCtx } from "../shape/shape.js";
import type { Dim } from "../shape/dims.js";
import { wrap } from "../numeric/mat.js";

/** rows·cols as a dimension: a constant when both are, a multiple when one is, else their product variable. */
export function productDim(ctx: ShapeCtx, a: Dim, b: Dim): Dim {
  return ctx.dims.times(a, b);
}

export default defineOp({
  name: "rvec",
  arity: 1,
  spellings: ["rvec"],
  shape: ([a], ctx): Shape => {
    if (a.length === 0 || ctx.isVector(a)) return a;
    return [productDim(ctx, a[0], a[1]), ctx.one()];
  },
  eval: ([a]) => (typeof a === "number" ? a : wrap(a.rows * a.cols, 1, a.data.slice())),
  latex: fn("\\operatorname{rvec}"),
  code: {
    numpy: (a) => `_rvec(${a[0]})`,
    torch: (a) => `_rvec(${a[0]})`,
    js: (a) => `R.rvec(${a[0]})`,
    c: (o, [a]) => `tg_copy(${o.v}, ${a.p}, ${o.n});`,
  },
});
