// A ⊙ B (\odot, \circ): the entrywise product.
import { defineOp } from "./registry.js";
import { broadcastShape, paren, Prec, cBinary } from "./helpers.js";
import { mul } from "../numeric/index.js";

export default defineOp({
  name: "hadamard",
  arity: 2,
  commutative: true,
  shape: ([a, b], ctx) => broadcastShape(a, b, ctx, "Hadamard product"),
  eval: ([a, b]) => mul(a, b),
  latex: ([a, b]) => ({ s: `${paren(a, Prec.Prod)} \\odot ${paren(b, Prec.Neg + 1)}`, prec: Prec.Prod }),
  code: {
    numpy: (a) => `(${a[0]} * ${a[1]})`,
    torch: (a) => `(${a[0]} * ${a[1]})`,
    js: (a) => `R.mul(${a[0]}, ${a[1]})`,
    c: cBinary("*"),
  },
});
