// A^{\circ p}: entrywise power.
import { defineOp, scriptBase } from "./registry.js";
import { Prec, sameShape } from "./helpers.js";
import { map } from "../numeric/index.js";

/** Halves and thirds print as fractions (−1/2), other exponents as numbers. */
export function fraction(p: number): string {
  for (const q of [2, 3, 4]) if (!Number.isInteger(p) && Number.isInteger(p * q)) return `${p * q}/${q}`;
  return String(p);
}

export default defineOp({
  name: "epow",
  arity: 1,
  shape: sameShape,
  eval: ([a], p = 1) => map(a, (x) => x ** p),
  latex: ([a], p = 1) => ({ s: `${scriptBase(a, "^")}^{\\circ ${fraction(p)}}`, prec: Prec.Postfix }),
  code: {
    numpy: (a, p = 1) => `(${a[0]} ** ${p})`,
    torch: (a, p = 1) => `(${a[0]} ** ${p})`,
    js: (a, p = 1) => `R.map(${a[0]}, (x) => x ** ${p})`,
    c: (o, [a], p = 1) => (o.scalar ? `${o.v} = pow(${a.v}, ${p});` : `tg_powmap(${o.v}, ${a.p}, ${o.n}, ${p});`),
  },
});
