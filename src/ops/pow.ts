// x^p for a scalar (any real p, ^{1/2}, ^{-1/2}); A^k = A A … A for a square matrix (integer k).
import { defineOp, scriptBase } from "./registry.js";
import { Prec } from "./helpers.js";
import { ShapeError } from "../shape/shape.js";
import { matpow, type Value } from "../numeric/index.js";
import { fraction } from "./epow.js";

const exponent = (p: number) => (Number.isInteger(p) && p >= 0 && p < 10 ? String(p) : `{${fmt(p)}}`);
const fmt = (p: number) => fraction(p);

export default defineOp({
  name: "pow",
  arity: 1,
  shape: ([a], ctx, p = 1) => {
    if (ctx.scalarLike(a)) return a;
    if (!Number.isInteger(p))
      throw new ShapeError(
        `matrix power ^{${fmt(p)}} of a ${ctx.show(a)} matrix is not supported (for entries write A^{\\circ ${fmt(p)}})`,
      );
    return ctx.square(a, "matrix power");
  },
  eval: ([a], p = 1): Value =>
    typeof a === "number" ? a ** p : a.rows === 1 && a.cols === 1 ? a.data[0] ** p : matpow(a, p),
  latex: ([a], p = 1) => ({ s: `${scriptBase(a, "^")}^${exponent(p)}`, prec: Prec.Postfix }),
  code: {
    numpy: (a, p = 1) => `_pow(${a[0]}, ${p})`,
    torch: (a, p = 1) => `_pow(${a[0]}, ${p})`,
    js: (a, p = 1) => `R.pow(${a[0]}, ${p})`,
    c: (o, [a], p = 1) => (o.scalar ? `${o.v} = pow(${a.v}, ${p});` : `tg_matpow(${o.v}, ${a.p}, ${a.r}, ${p});`),
  },
});
