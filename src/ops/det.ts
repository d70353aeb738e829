// det A.
import { defineOp } from "./registry.js";
import { fn, cScalar } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";
import { det } from "../numeric/index.js";

export default defineOp({
  name: "det",
  arity: 1,
  spellings: ["det"],
  shape: ([a], ctx) => (ctx.square(a, "determinant"), SCALAR),
  eval: ([a]) => (typeof a === "number" ? a : det(a)),
  latex: fn("\\det"),
  code: {
    numpy: (a) => `np.linalg.det(${a[0]})`,
    torch: (a) => `torch.linalg.det(${a[0]})`,
    js: (a) => `R.det(${a[0]})`,
    c: cScalar("tg_det", (a) => a.r),
  },
});
