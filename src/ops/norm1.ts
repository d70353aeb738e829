// ‖x‖₁ = Σ_k |x_k|: the 1-norm of a vector (of a matrix it is refused: entrywise and induced 1-norms differ).
// Gradient: sign(x), with the subgradient 0 for an entry x_k = 0 (rule d-norm-1; sign(0) = 0).
import { defineOp } from "./registry.js";
import { atom, cScalar, entries, vectorReduction } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";

export default defineOp({
  name: "norm1",
  arity: 1,
  shape: vectorReduction("\\|\\cdot\\|_1", () => SCALAR),
  eval: ([a]) => entries(a).reduce((s, x) => s + Math.abs(x), 0),
  latex: ([a]) => atom(`\\left\\|${a.s}\\right\\|_1`),
  code: {
    numpy: (a) => `np.sum(np.abs(${a[0]}))`,
    torch: (a) => `torch.sum(torch.abs(${a[0]}))`,
    js: (a) => `R.norm1(${a[0]})`,
    c: cScalar("tg_abssum", (a) => a.n),
  },
});
