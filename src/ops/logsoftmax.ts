// log softmax, by log-sum-exp: over a vector's entries, over each row of a matrix.
import { defineOp } from "./registry.js";
import { sameShape, fn, cRows } from "./helpers.js";
import { logSoftmaxRows, transpose, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "logsoftmax",
  arity: 1,
  spellings: ["logsoftmax", "log_softmax"],
  shape: sameShape,
  eval: ([a]) => ((a as Mat).cols === 1 ? transpose(logSoftmaxRows(transpose(a) as Mat)) : logSoftmaxRows(a as Mat)),
  latex: fn("\\operatorname{logsoftmax}"),
  code: {
    numpy: (a) => `_logsoftmax(${a[0]})`,
    torch: (a) => `_logsoftmax(${a[0]})`,
    js: (a) => `R.logsoftmax(${a[0]})`,
    c: cRows("tg_logsoftmax_rows"),
  },
});
