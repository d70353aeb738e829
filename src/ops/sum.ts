// sum(A) = 1ᵀ A 1: the sum of all entries.
import { defineOp } from "./registry.js";
import { fn, cScalar } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";
import { sum } from "../numeric/index.js";

export default defineOp({
  name: "sum",
  arity: 1,
  shape: () => SCALAR,
  eval: ([a]) => (typeof a === "number" ? a : sum(a)),
  latex: fn("\\operatorname{sum}"),
  code: {
    numpy: (a) => `np.sum(${a[0]})`,
    torch: (a) => `torch.sum(${a[0]})`,
    js: (a) => `R.sum(${a[0]})`,
    c: cScalar("tg_sum", (a) => a.n),
  },
});
