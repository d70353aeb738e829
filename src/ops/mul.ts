// A B: the matrix product (juxtaposition, \cdot, \times); a scalar factor scales.
import { defineOp } from "./registry.js";
import { paren, Prec } from "./helpers.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { matmul, scale, type Mat, type Value } from "../numeric/index.js";

/** A 1×1 result (xᵀa) acts as a scalar when it does not conform as a matrix. */
const asScalar = (v: Value, other: Value): number | undefined =>
  typeof v !== "number" && v.rows === 1 && v.cols === 1 && typeof other !== "number" && !(v === other) ? v.data[0] : undefined;
function product(a: Value, b: Value): Value {
  if (typeof a !== "number" && typeof b !== "number" && a.cols !== b.rows) {
    const sa = asScalar(a, b), sb = asScalar(b, a);
    if (sa !== undefined) return scale(sa, b as Mat);
    if (sb !== undefined) return scale(sb, a as Mat);
  }
  return matmul(a, b);
}

export default defineOp({
  name: "mul", arity: 2,
  shape: ([a, b], ctx): Shape => {
    if (ctx.scalarLike(a) && ctx.scalarLike(b)) return a.length === 0 ? b : a;
    if (ctx.scalarLike(a) && a.length === 0) return b;
    if (ctx.scalarLike(b) && b.length === 0) return a;
    if (a.length === 2 && b.length === 2) {
      // a unification that fails binds nothing: the shapes are shown as they were
      if (ctx.dims.unify(a[1], b[0])) return [a[0], b[1]];
      if (ctx.scalarLike(a)) return b;
      if (ctx.scalarLike(b)) return a;
      throw new ShapeError(`product: shapes ${ctx.show(a)} and ${ctx.show(b)} do not conform`);
    }
    return a.length ? a : b;
  },
  eval: ([a, b]) => product(a, b),
  latex: ([a, b]) => {
    const l = paren(a, Prec.Prod), r = paren(b, Prec.Neg + 1);
    const sep = /^[0-9.]/.test(r) && /[0-9.}]$/.test(l) ? " \\cdot " : " ";
    return { s: `${l}${sep}${r}`, prec: Prec.Prod };
  },
  code: { numpy: (a) => `(${a[0]} @ ${a[1]})`, torch: (a) => `(${a[0]} @ ${a[1]})`, js: (a) => `R.matmul(${a[0]}, ${a[1]})`, c: (o, [a, b]) => `tg_matmul(${o.v}, ${a.p}, ${b.p}, ${a.r}, ${a.c}, ${b.c});` },
});
