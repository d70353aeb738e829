// Aᵀ (^\top, ^T, ^{\top}).
import { defineOp, scriptBase } from "./registry.js";
import { Prec } from "./helpers.js";
import { transpose } from "../numeric/index.js";
import type { Shape } from "../shape/shape.js";

export default defineOp({
  name: "transpose",
  arity: 1,
  shape: ([a]): Shape => (a.length === 0 ? a : [a[1], a[0]]),
  eval: ([a]) => transpose(a),
  latex: ([a]) => ({ s: `${scriptBase(a, "^")}^\\top`, prec: Prec.Postfix }),
  code: {
    numpy: (a) => `${a[0]}.T`,
    torch: (a) => `${a[0]}.T`,
    js: (a) => `R.T(${a[0]})`,
    c: (o, [a]) => (o.scalar ? `${o.v} = ${a.v};` : `tg_transpose(${o.v}, ${a.p}, ${a.r}, ${a.c});`),
  },
});
