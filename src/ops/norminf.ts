// ‖x‖_∞ = max_k |x_k|: the max-norm of a vector (of a matrix it is refused: the induced ∞-norm is the largest
// row sum). Gradient: sign(x_k) e_k at k = arg max_k |x_k|, the first such k on ties (rule d-norm-inf); where
// that entry is 0 (x = 0) the subgradient is 0.
import { defineOp } from "./registry.js";
import { atom, cScalar, entries, vectorReduction } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";

export default defineOp({
  name: "norminf",
  arity: 1,
  shape: vectorReduction("\\|\\cdot\\|_\\infty", () => SCALAR),
  eval: ([a]) => entries(a).reduce((s, x) => Math.max(s, Math.abs(x)), 0),
  latex: ([a]) => atom(`\\left\\|${a.s}\\right\\|_\\infty`),
  code: {
    numpy: (a) => `np.max(np.abs(${a[0]}))`,
    torch: (a) => `torch.max(torch.abs(${a[0]}))`,
    js: (a) => `R.norminf(${a[0]})`,
    c: cScalar("tg_absmax", (a) => a.n),
  },
});
