// −A.
import { defineOp } from "./registry.js";
import { sameShape, paren, Prec } from "./helpers.js";
import { neg } from "../numeric/index.js";

export default defineOp({
  name: "neg",
  arity: 1,
  shape: sameShape,
  eval: (a) => neg(a[0]),
  latex: (a) => ({ s: `-${paren(a[0], Prec.Prod)}`, prec: Prec.Neg }),
  code: {
    numpy: (a) => `(-${a[0]})`,
    torch: (a) => `(-${a[0]})`,
    js: (a) => `R.neg(${a[0]})`,
    c: (o, [a]) => (o.scalar ? `${o.v} = -${a.v};` : `tg_scale(${o.v}, -1.0, ${a.p}, ${o.n});`),
  },
});
