// blockdiag(A, B) for A, B ∈ ℝ^{n×m}: the nm×nm block-diagonal matrix whose i-th m×m block is a_i b_iᵀ,
// a_i and b_i the i-th rows of A and B as columns. Row-wise softmax P = softmax(S) has
// ∂ rvec P/∂ rvec S = diag(rvec P) − blockdiag(P, P): blocks diag(p_i) − p_i p_iᵀ, one per row.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { productDim } from "./rvec.js";
import { zeros, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "blockdiag",
  arity: 2,
  spellings: ["blockdiag"],
  shape: ([a, b], ctx): Shape => {
    const s = ctx.same(a, b, "blockdiag");
    if (s.length === 0) return s;
    const nm = productDim(ctx, s[0], s[1]);
    return [nm, nm];
  },
  eval: ([a, b]) => {
    if (typeof a === "number" || typeof b === "number")
      return (typeof a === "number" ? a : a.data[0]) * (typeof b === "number" ? b : b.data[0]);
    const A = a as Mat,
      B = b as Mat,
      n = A.rows,
      m = A.cols,
      N = n * m,
      out = zeros(N, N);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++)
        for (let k = 0; k < m; k++) out.data[(i * m + j) * N + i * m + k] = A.data[i * m + j] * B.data[i * m + k];
    return out;
  },
  latex: fn("\\operatorname{blockdiag}"),
  code: {
    numpy: (a) => `_blockdiag(${a[0]}, ${a[1]})`,
    torch: (a) => `_blockdiag(${a[0]}, ${a[1]})`,
    js: (a) => `R.blockdiag(${a[0]}, ${a[1]})`,
    c: (o, [a, b]) => `tg_blockdiag(${o.v}, ${a.p}, ${b.p}, ${a.r}, ${a.c});`,
  },
});
