// A B: the matrix product (juxtaposition, \cdot, \times); a scalar factor scales.
import { defineOp } from "./registry.js";
import { paren, Prec } from "./helpers.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { matmul, scale, type Mat, type Value } from "../numeric/index.js";

/** A 1×1 result (xᵀa) acts as a scalar when it does not conform as a matrix. */
const asScalar = (v: Value, other: Value): number | undefined =>
  typeof v !== "number" && v.rows === 1 && v.cols === 1 && typeof other !== "number" && !(v === other)
    ? v.data[0]
    : undefined;
function product(a: Value, b: Value): Value {
  if (typeof a !== "number" && typeof b !== "number" && a.cols !== b.rows) {
    const sa = asScalar(a, b),
      sb = asScalar(b, a);
    if (sa !== undefined) return scale(sa, b as Mat);
    if (sb !== undefined) return scale(sb, a as Mat);
  }
  return matmul(a, b);
}

const VARIANT = ["", "TN", "NT", "TT"];

export default defineOp({
  name: "mul",
  arity: 2,
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
    const l = paren(a, Prec.Prod),
      r = paren(b, Prec.Neg + 1);
    const sep = /^[0-9.]/.test(r) && /[0-9.}]$/.test(l) ? " \\cdot " : " ";
    return { s: `${l}${sep}${r}`, prec: Prec.Prod };
  },
  // attr (set by codegen's fuseTransposes for js and c): 1 AᵀB, 2 ABᵀ, 3 AᵀBᵀ, with A and B as stored
  code: {
    numpy: (a, t = 0) => `(${a[0]}${t & 1 ? ".T" : ""} @ ${a[1]}${t & 2 ? ".T" : ""})`,
    torch: (a, t = 0) => `(${a[0]}${t & 1 ? ".T" : ""} @ ${a[1]}${t & 2 ? ".T" : ""})`,
    js: (a, t = 0) => `R.matmul${VARIANT[t]}(${a[0]}, ${a[1]})`,
    // tg_matmul*(out, A, B, rows of the product, the inner size, columns of the product)
    c: (o, [a, b], t = 0) =>
      `tg_matmul${VARIANT[t].toLowerCase() ? `_${VARIANT[t].toLowerCase()}` : ""}(${o.v}, ${a.p}, ${b.p}, ${t & 1 ? a.c : a.r}, ${t & 1 ? a.r : a.c}, ${t & 2 ? b.r : b.c});`,
  },
});
