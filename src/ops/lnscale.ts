// lnscale(A) (optionally with ε): the column r of 1/√(σ² + ε) per row of A, the scale inside layer norm.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { mat, type Mat } from "../numeric/index.js";
import { DEFAULT_EPS } from "./layernorm.js";

export function lnscale(a: Mat, eps: number): Mat {
  const out = mat(a.rows, 1);
  for (let i = 0; i < a.rows; i++) {
    let m = 0;
    for (let j = 0; j < a.cols; j++) m += a.data[i * a.cols + j];
    m /= a.cols;
    let v = 0;
    for (let j = 0; j < a.cols; j++) v += (a.data[i * a.cols + j] - m) ** 2;
    out.data[i] = 1 / Math.sqrt(v / a.cols + eps);
  }
  return out;
}

export default defineOp({
  name: "lnscale",
  arity: "n",
  spellings: ["lnscale"],
  shape: ([a], ctx): Shape => (a.length === 0 ? a : [a[0], ctx.one()]),
  eval: ([a, e]) => lnscale(a as Mat, typeof e === "number" ? e : DEFAULT_EPS),
  latex: fn("\\operatorname{lnscale}"),
  code: {
    numpy: (a) => `_lnscale(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    torch: (a) => `_lnscale(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    js: (a) => `R.lnscale(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    c: (o, [a, e]) => `tg_lnscale(${o.v}, ${a.p}, ${a.r}, ${a.c}, ${e?.v ?? DEFAULT_EPS});`,
  },
});
