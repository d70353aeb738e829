// A B: the matrix product (juxtaposition, \cdot, \times); a scalar factor scales.
import { defineOp } from "./registry.js";
import { paren, Prec } from "./helpers.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { matmul } from "../numeric/index.js";

export default defineOp({
  name: "mul", arity: 2,
  shape: ([a, b], ctx): Shape => {
    if (ctx.scalarLike(a) && ctx.scalarLike(b)) return a.length === 0 ? b : a;
    if (ctx.scalarLike(a) && a.length === 0) return b;
    if (ctx.scalarLike(b) && b.length === 0) return a;
    if (a.length === 2 && b.length === 2) {
      const sa = ctx.show(a), sb = ctx.show(b);
      if (ctx.dims.unify(a[1], b[0])) return [a[0], b[1]];
      if (ctx.scalarLike(a)) return b;
      if (ctx.scalarLike(b)) return a;
      throw new ShapeError(`product: shapes ${sa} and ${sb} do not conform`);
    }
    return a.length ? a : b;
  },
  eval: ([a, b]) => matmul(a, b),
  latex: ([a, b]) => {
    const l = paren(a, Prec.Prod), r = paren(b, Prec.Neg + 1);
    const sep = /^[0-9.]/.test(r) && /[0-9.}]$/.test(l) ? " \\cdot " : " ";
    return { s: `${l}${sep}${r}`, prec: Prec.Prod };
  },
  code: { numpy: (a) => `_mm(${a[0]}, ${a[1]})`, torch: (a) => `_mm(${a[0]}, ${a[1]})`, js: (a) => `R.matmul(${a[0]}, ${a[1]})` },
});
