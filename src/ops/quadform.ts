// quadform(M, v) = Mᵀ diag(v) M for M ∈ ℝ^{n×d}, v ∈ ℝⁿ: a d×d symmetric matrix, Σ_k v_k m_k m_kᵀ over the rows m_k
// of M. Not written by authors (no spelling): code generation uses it for Mᵀ diag(v) M (src/codegen/structured.ts),
// the Hessian of a generalised linear model, without forming the n×n diag(v) and computing one triangle.
import { defineOp } from "./registry.js";
import { atom } from "./helpers.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { zeros, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "quadform",
  arity: 2,
  shape: ([m, v], ctx): Shape => {
    if (m.length !== 2 || v.length !== 2 || !ctx.dims.unify(m[0], v[0]))
      throw new ShapeError(`quadform needs an n×d matrix and an n-vector, got ${ctx.show(m)} and ${ctx.show(v)}`);
    return [m[1], m[1]];
  },
  eval: ([m, v]) => {
    const M = m as Mat,
      w = (v as Mat).data,
      n = M.rows,
      d = M.cols,
      out = zeros(d, d);
    for (let k = 0; k < n; k++)
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) out.data[i * d + j] += w[k] * M.data[k * d + i] * M.data[k * d + j];
    return out;
  },
  latex: ([m, v]) => atom(`${m.s}^\\top \\operatorname{diag}\\left(${v.s}\\right) ${m.s}`),
  code: {
    numpy: (a) => `_quadform(${a[0]}, ${a[1]})`,
    torch: (a) => `_quadform(${a[0]}, ${a[1]})`,
    js: (a) => `R.quadform(${a[0]}, ${a[1]})`,
    c: (o, [m, v]) => `tg_quadform(${o.v}, ${m.p}, ${v.p}, ${m.r}, ${m.c});`,
  },
});
