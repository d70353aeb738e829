// log det A (\log\det, \log|A|); defined where det A > 0.
import { defineOp } from "./registry.js";
import { fn, cScalar } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";
import { logdet } from "../numeric/index.js";

export default defineOp({
  name: "logdet",
  arity: 1,
  spellings: ["logdet"],
  shape: ([a], ctx) => (ctx.square(a, "log-determinant"), SCALAR),
  eval: ([a]) => (typeof a === "number" ? Math.log(a) : logdet(a)),
  latex: fn("\\log\\det"),
  code: {
    numpy: (a) => `np.linalg.slogdet(${a[0]})[1]`,
    torch: (a) => `torch.logdet(${a[0]})`,
    js: (a) => `R.logdet(${a[0]})`,
    c: cScalar("tg_logdet", (a) => a.r),
  },
});
