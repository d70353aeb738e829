// rvec A: the rows of A stacked into one column (row-major flattening, as kernels store arrays);
// rvec A = vec Aᵀ, rvec(A X B) = (A ⊗ Bᵀ) rvec X. A column vector is its own rvec; a scalar too.
// The Jacobians of `texgrad jacobian` are ∂ rvec Y / ∂ rvec X.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape, ShapeCtx } from "../shape/shape.js";
import { constDim, productName, type Dim } from "../shape/dims.js";
import { wrap } from "../numeric/mat.js";

/** rows·cols as a dimension: a constant when both are, else a fresh dimension named after the product. */
export function productDim(ctx: ShapeCtx, a: Dim, b: Dim): Dim {
  const d = ctx.dims,
    x = d.isConst(a),
    y = d.isConst(b);
  if (x !== undefined && y !== undefined) return constDim(x * y);
  if (x === 1) return b;
  if (y === 1) return a;
  return ctx.fresh(productName(d.show(a), d.show(b)));
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
