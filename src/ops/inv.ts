// A⁻¹ (^{-1}; ^{-\top} is the inverse of the transpose).
import { defineOp, scriptBase } from "./registry.js";
import { Prec } from "./helpers.js";
import { inv } from "../numeric/index.js";

export default defineOp({
  name: "inv",
  arity: 1,
  shape: ([a], ctx) => ctx.square(a, "inverse"),
  eval: ([a]) => (typeof a === "number" ? 1 / a : inv(a)),
  // (Aᵀ)⁻¹ prints as A^{-\top}
  latex: ([a]) => {
    const t = a.prec === Prec.Postfix && /\^\\top$/.test(a.s) ? a.s.slice(0, -"^\\top".length) : null;
    return { s: t !== null ? `${t}^{-\\top}` : `${scriptBase(a, "^")}^{-1}`, prec: Prec.Postfix };
  },
  code: {
    numpy: (a) => `_inv(${a[0]})`,
    torch: (a) => `_inv(${a[0]})`,
    js: (a) => `R.inv(${a[0]})`,
    c: (o, [a]) => (o.scalar ? `${o.v} = 1.0 / ${a.v};` : `tg_inv(${o.v}, ${a.p}, ${a.r});`),
  },
});
