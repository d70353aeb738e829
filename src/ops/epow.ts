// A^{\circ p}: entrywise power.
import { defineOp } from "./registry.js";
import { paren, Prec, sameShape } from "./helpers.js";
import { map } from "../numeric/index.js";

export default defineOp({
  name: "epow", arity: 1, shape: sameShape,
  eval: ([a], p = 1) => map(a, (x) => x ** p),
  latex: ([a], p = 1) => ({ s: `${paren(a, Prec.Atom)}^{\\circ ${p}}`, prec: Prec.Postfix }),
  code: {
    numpy: (a, p = 1) => `(${a[0]} ** ${p})`, torch: (a, p = 1) => `(${a[0]} ** ${p})`, js: (a, p = 1) => `R.map(${a[0]}, (x) => x ** ${p})`,
  },
});
