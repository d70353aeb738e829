// softmax: over the entries of a vector; over each row of a matrix. Stable: subtracts the maximum.
import { defineOp } from "./registry.js";
import { sameShape, fn, cRows } from "./helpers.js";
import { softmaxRows, softmaxVec, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "softmax",
  arity: 1,
  spellings: ["softmax"],
  shape: sameShape,
  eval: ([a]) => ((a as Mat).cols === 1 ? softmaxVec(a as Mat) : softmaxRows(a as Mat)),
  latex: fn("\\operatorname{softmax}"),
  code: {
    numpy: (a) => `_softmax(${a[0]})`,
    torch: (a) => `_softmax(${a[0]})`,
    js: (a) => `R.softmax(${a[0]})`,
    c: cRows("tg_softmax_rows"),
  },
});
