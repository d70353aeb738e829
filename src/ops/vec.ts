// vec A: the columns of A stacked into one column (Magnus–Neudecker; the lectures' `\mathbf{A}\!:`).
// Kernels flatten row-major instead, and say so where they do.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { mat, transpose, type Mat } from "../numeric/index.js";
import { productDim } from "./rvec.js";

export default defineOp({
  name: "vec",
  arity: 1,
  spellings: ["vec"],
  shape: ([a], ctx): Shape => {
    if (a.length === 0 || ctx.isVector(a)) return a;
    return [productDim(ctx, a[0], a[1]), ctx.one()];
  },
  eval: ([a]) => {
    if (typeof a === "number") return a;
    const t = transpose(a) as Mat;
    return mat(a.rows * a.cols, 1, t.data);
  },
  latex: fn("\\operatorname{vec}"),
  code: {
    numpy: (a) => `_vec(${a[0]})`,
    torch: (a) => `_vec(${a[0]})`,
    js: (a) => `R.vec(${a[0]})`,
    c: (o, [a]) => `tg_vec(${o.v}, ${a.p}, ${a.r}, ${a.c});`,
  },
});
