// rowsum(A) = A 1: the column of row sums (softmax and layer-norm backward).
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { rowSum } from "../numeric/index.js";

export default defineOp({
  name: "rowsum",
  arity: 1,
  spellings: ["rowsum"],
  shape: ([a], ctx): Shape => (a.length === 0 ? a : [a[0], ctx.one()]),
  eval: ([a]) => (typeof a === "number" ? a : rowSum(a)),
  latex: fn("\\operatorname{rowsum}"),
  code: {
    numpy: (a) => `_rowsum(${a[0]})`,
    torch: (a) => `_rowsum(${a[0]})`,
    js: (a) => `R.rowsum(${a[0]})`,
    c: (o, [a]) => `tg_rowsum(${o.v}, ${a.p}, ${a.r}, ${a.c});`,
  },
});
