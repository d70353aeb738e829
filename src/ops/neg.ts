// −A.
import { defineOp } from "./registry.js";
import { sameShape, paren, Prec } from "./helpers.js";
import { neg } from "../numeric/index.js";

export default defineOp({
  name: "neg", arity: 1, shape: sameShape,
  eval: (a) => neg(a[0]),
  latex: (a) => ({ s: `-${paren(a[0], Prec.Prod)}`, prec: Prec.Neg }),
  code: { numpy: (a) => `(-${a[0]})`, torch: (a) => `(-${a[0]})`, js: (a) => `R.neg(${a[0]})` },
});
