// commutation(Z) = K_{(m,n)} for Z ∈ ℝ^{m×n}: the permutation with rvec(Zᵀ) = K rvec(Z), i.e.
// K[j·m + i, i·n + j] = 1 (Magnus–Neudecker's K_{nm}, written for row-major vec). Only Z's shape matters.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { productDim } from "./rvec.js";
import { zeros } from "../numeric/index.js";

export default defineOp({
  name: "commutation",
  arity: 1,
  spellings: ["commutation"],
  shape: ([a], ctx): Shape => {
    if (a.length === 0) return a;
    const mn = productDim(ctx, a[0], a[1]);
    return [mn, mn];
  },
  eval: ([a]) => {
    if (typeof a === "number") return 1;
    const m = a.rows,
      n = a.cols,
      out = zeros(m * n, m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[(j * m + i) * m * n + i * n + j] = 1;
    return out;
  },
  latex: fn("\\operatorname{commutation}"),
  code: {
    numpy: (a) => `_commutation(${a[0]})`,
    torch: (a) => `_commutation(${a[0]})`,
    js: (a) => `R.commutation(${a[0]})`,
    c: (o, [a]) => `tg_commutation(${o.v}, ${a.r}, ${a.c});`,
  },
});
