// A ⊘ B and \frac{A}{B}: entrywise division (by a scalar, or entrywise when shapes match).
import { defineOp } from "./registry.js";
import { broadcastShape, Prec, cBinary } from "./helpers.js";
import { div } from "../numeric/index.js";

export default defineOp({
  name: "ediv",
  arity: 2,
  shape: ([a, b], ctx) => broadcastShape(a, b, ctx, "division"),
  eval: ([a, b]) => div(a, b),
  latex: ([a, b]) => ({ s: `\\frac{${a.s}}{${b.s}}`, prec: Prec.Atom }),
  code: {
    numpy: (a) => `(${a[0]} / ${a[1]})`,
    torch: (a) => `(${a[0]} / ${a[1]})`,
    js: (a) => `R.div(${a[0]}, ${a[1]})`,
    c: cBinary("/"),
  },
});
