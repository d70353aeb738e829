// A ⊗ B: the Kronecker product.
import { defineOp } from "./registry.js";
import { paren, Prec } from "./helpers.js";
import { kron } from "../numeric/index.js";
import type { Shape } from "../shape/shape.js";

export default defineOp({
  name: "kron",
  arity: 2,
  shape: ([a, b], ctx): Shape => {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return [ctx.dims.times(a[0], b[0]), ctx.dims.times(a[1], b[1])];
  },
  eval: ([a, b]) => kron(a, b),
  latex: ([a, b]) => ({ s: `${paren(a, Prec.Prod)} \\otimes ${paren(b, Prec.Neg + 1)}`, prec: Prec.Prod }),
  code: {
    numpy: (a) => `np.kron(${a[0]}, ${a[1]})`,
    torch: (a) => `_kron(${a[0]}, ${a[1]})`,
    js: (a) => `R.kron(${a[0]}, ${a[1]})`,
    c: (o, [a, b]) => `tg_kron(${o.v}, ${a.p}, ${a.r}, ${a.c}, ${b.p}, ${b.r}, ${b.c});`,
  },
});
