// The adjoints of the Kronecker product, for reading off gradients through it. With G cut into the blocks
// G_[ij] of the Kronecker pattern:
//   ⟨G, A ⊗ E⟩ = ⟨Σ_ij a_ij G_[ij], E⟩ = ⟨kronleft(G, A), E⟩     (G_[ij] has E's shape)
//   ⟨G, E ⊗ B⟩ = ⟨[⟨G_[ij], B⟩]_ij, E⟩  = ⟨kronright(G, B), E⟩    (one entry per block, B's shape per block)
// The result's shape is G's divided by the factor's (rows(G) = rows(A)·p for kronleft).
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape, ShapeCtx } from "../shape/shape.js";
import { mat, type Mat } from "../numeric/index.js";

/** Σ_ij a_ij G_[ij]. */
export function kronLeft(g: Mat, a: Mat): Mat {
  const p = g.rows / a.rows,
    q = g.cols / a.cols;
  const out = mat(p, q);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) {
      const aij = a.data[i * a.cols + j];
      for (let k = 0; k < p; k++)
        for (let l = 0; l < q; l++) out.data[k * q + l] += aij * g.data[(i * p + k) * g.cols + j * q + l];
    }
  return out;
}
/** [⟨G_[ij], B⟩]_ij. */
export function kronRight(g: Mat, b: Mat): Mat {
  const m = g.rows / b.rows,
    n = g.cols / b.cols;
  const out = mat(m, n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < b.rows; k++)
        for (let l = 0; l < b.cols; l++)
          s += b.data[k * b.cols + l] * g.data[(i * b.rows + k) * g.cols + j * b.cols + l];
      out.data[i * n + j] = s;
    }
  return out;
}

/**
 * The adjoint's shape: G's divided by the factor's, entry by entry (rows(G) = rows(A)·p), read off G's product
 * dimensions; where G is a constant of free size (1 1ᵀ from a sum), G is made that product, so that its size is
 * known wherever the result's is (a gradient of A's partner). A size that cannot be divided stays free and is fixed
 * by the pairing.
 */
const adjointShape =
  (side: "left" | "right") =>
  ([g, a]: readonly Shape[], ctx: ShapeCtx): Shape => {
    if (a.length === 0) return g;
    if (g.length === 0) return [ctx.fresh(), ctx.fresh()];
    return [ctx.dims.quotient(g[0], a[0], side) ?? ctx.fresh(), ctx.dims.quotient(g[1], a[1], side) ?? ctx.fresh()];
  };

export const kronleft = defineOp({
  name: "kronleft",
  arity: 2,
  spellings: ["kronleft"],
  shape: adjointShape("left"),
  eval: ([g, a]) => kronLeft(g as Mat, a as Mat),
  latex: fn("\\operatorname{kronleft}"),
  code: {
    numpy: (a) => `_kronleft(${a[0]}, ${a[1]})`,
    torch: (a) => `_kronleft(${a[0]}, ${a[1]})`,
    js: (a) => `R.kronleft(${a[0]}, ${a[1]})`,
    c: (o, [g, a]) => `tg_kronleft(${o.v}, ${g.p}, ${g.r}, ${g.c}, ${a.p}, ${a.r}, ${a.c});`,
  },
});
export const kronright = defineOp({
  name: "kronright",
  arity: 2,
  spellings: ["kronright"],
  shape: adjointShape("right"),
  eval: ([g, b]) => kronRight(g as Mat, b as Mat),
  latex: fn("\\operatorname{kronright}"),
  code: {
    numpy: (a) => `_kronright(${a[0]}, ${a[1]})`,
    torch: (a) => `_kronright(${a[0]}, ${a[1]})`,
    js: (a) => `R.kronright(${a[0]}, ${a[1]})`,
    c: (o, [g, b]) => `tg_kronright(${o.v}, ${g.p}, ${g.r}, ${g.c}, ${b.p}, ${b.r}, ${b.c});`,
  },
});
