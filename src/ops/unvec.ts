// unvec(g, Z): a column of r·c entries put back, column by column, into the r×c matrix whose vec it is — the adjoint
// of vec, ⟨g, vec E⟩ = ⟨unvec(g, E), E⟩. Only Z's shape matters (like onesof(Z)): the read-off writes a matrix of
// the document with E's shape there (or 1_r 1_cᵀ), never a differential, and kernels never compute it.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { mat, transpose, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "unvec",
  arity: 2,
  spellings: ["unvec"],
  shapedCode: true,
  shape: ([g, z], ctx): Shape => {
    if (z.length === 0) return g.length === 0 ? g : [ctx.one(), ctx.one()];
    // g has r·c entries (where that can be said: a product of frozen sizes stays as it is)
    if (g.length === 2) ctx.dims.unify(g[0], ctx.dims.times(z[0], z[1]));
    return z;
  },
  eval: ([g, z]) => {
    const [r, c] = typeof z === "number" ? [1, 1] : [z.rows, z.cols];
    // a scalar g stands for every entry (⟨s, vec E⟩ = ⟨s 1 1ᵀ, E⟩, as a scalar is broadcast in the read-off)
    if (typeof g === "number" || g.rows * g.cols === 1) {
      const s = typeof g === "number" ? g : g.data[0];
      return typeof z === "number" ? s : mat(r, c, () => s);
    }
    if (r * c !== g.rows * g.cols) throw new Error(`unvec: ${g.rows * g.cols} entries do not make a ${r}×${c} matrix`);
    // g holds the columns one after another: the c×r row-major matrix of g's entries, transposed
    return transpose(mat(c, r, (g as Mat).data.slice())) as Mat;
  },
  latex: fn("\\operatorname{unvec}"),
  code: {
    numpy: (a, _attr, out) => `${a[0]}.reshape((${out![1]}, ${out![0]})).T`,
    torch: (a, _attr, out) => `${a[0]}.reshape((${out![1]}, ${out![0]})).T`,
    js: (a, _attr, out) => `R.unvec(${a[0]}, ${out![0]}, ${out![1]})`,
    c: (o, [g]) => `tg_unvec(${o.v}, ${g.p}, ${o.r}, ${o.c});`,
  },
});
