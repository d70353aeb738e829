// tr A: the trace of a square matrix.
import { defineOp } from "./registry.js";
import { fn, cScalar } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";
import { trace } from "../numeric/index.js";

export default defineOp({
  name: "tr",
  arity: 1,
  spellings: ["tr", "trace", "Tr"],
  shape: ([a], ctx) => (ctx.square(a, "trace"), SCALAR),
  eval: ([a]) => (typeof a === "number" ? a : trace(a)),
  latex: fn("\\operatorname{tr}"),
  code: {
    numpy: (a) => `np.trace(${a[0]})`,
    torch: (a) => `torch.trace(${a[0]})`,
    js: (a) => `R.tr(${a[0]})`,
    c: cScalar("tg_trace", (a) => a.r),
  },
});
