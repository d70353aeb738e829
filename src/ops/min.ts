// min(x) = min_k x_k: the smallest entry of a vector. Gradient: e_k at k = arg min_k x_k, the first such k on
// ties (rule d-min: e_{arg min x} is e_{arg max (−x)}). Like \max, only of a vector.
import { defineOp } from "./registry.js";
import { cScalar, entries, fn, vectorReduction } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";

export default defineOp({
  name: "min",
  arity: 1,
  spellings: ["min"],
  shape: vectorReduction("\\min", () => SCALAR),
  eval: ([a]) => Math.min(...entries(a)),
  latex: fn("\\min"),
  code: {
    numpy: (a) => `np.min(${a[0]})`,
    torch: (a) => `torch.min(${a[0]})`,
    js: (a) => `R.min(${a[0]})`,
    c: cScalar("tg_min", (a) => a.n),
  },
});
