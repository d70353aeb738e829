// onesof(Z) = 1_{rows Z}: the column of ones sized by the rows of Z; printed for people as \mathbf{1}_{n}.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { ones } from "../numeric/index.js";

export default defineOp({
  name: "onesof",
  arity: 1,
  spellings: ["onesof"],
  shape: ([a], ctx): Shape => (a.length === 0 ? a : [a[0], ctx.one()]),
  eval: ([a]) => (typeof a === "number" ? 1 : ones(a.rows, 1)),
  latex: fn("\\operatorname{onesof}"),
  code: {
    numpy: (a) => `_onesof(${a[0]})`,
    torch: (a) => `_onesof(${a[0]})`,
    js: (a) => `R.onesof(${a[0]})`,
    c: (o) => `tg_fill(${o.v}, 1.0, ${o.n});`,
  },
});
