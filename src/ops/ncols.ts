// ncols(A): the number of columns of A, as a scalar (the N in a row mean).
import { defineOp } from "./registry.js";
import { atom } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";

export default defineOp({
  name: "ncols",
  arity: 1,
  spellings: ["ncols"],
  shape: () => SCALAR,
  eval: ([a]) => (typeof a === "number" ? 1 : a.cols),
  latex: ([a]) => atom(`N_{${a.s}}`),
  code: {
    numpy: (a) => `_ncols(${a[0]})`,
    torch: (a) => `_ncols(${a[0]})`,
    js: (a) => `R.ncols(${a[0]})`,
    c: (o, [a]) => `${o.v} = (double)(${a.c});`,
  },
});
