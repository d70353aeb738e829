// max(x) = max_k x_k: the largest entry of a vector (`\max(\mathbf{x})`, `\max \mathbf{x}`). Gradient: e_k at
// k = arg max_k x_k, the first such k on ties (rule d-max; a subgradient there). `\max(0, x)` is ReLU(x) (parse/build.ts);
// the max of a matrix, of several arguments or over an index (`\max_i`) is refused by name.
import { defineOp } from "./registry.js";
import { cScalar, entries, fn, vectorReduction } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";

export default defineOp({
  name: "max",
  arity: 1,
  spellings: ["max"],
  shape: vectorReduction("\\max", () => SCALAR),
  eval: ([a]) => Math.max(...entries(a)),
  latex: fn("\\max"),
  code: {
    numpy: (a) => `np.max(${a[0]})`,
    torch: (a) => `torch.max(${a[0]})`,
    js: (a) => `R.max(${a[0]})`,
    c: cScalar("tg_max", (a) => a.n),
  },
});
