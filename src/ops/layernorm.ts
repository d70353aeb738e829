// LayerNorm_ε(X) (arguments: X, and optionally ε; default 10⁻⁵): each row (a vector: its entries) to zero mean and unit biased variance, (x − μ)/√(σ² + ε).
import { defineOp } from "./registry.js";
import { sameShape, atom, cRows } from "./helpers.js";
import { layerNormRows, transpose, type Mat } from "../numeric/index.js";

export const DEFAULT_EPS = 1e-5;
export default defineOp({
  name: "layernorm",
  arity: "n",
  spellings: ["LayerNorm", "layernorm", "LN"],
  shape: sameShape,
  eval: ([a, e]) => {
    const eps = typeof e === "number" ? e : DEFAULT_EPS;
    return (a as Mat).cols === 1 ? transpose(layerNormRows(transpose(a) as Mat, eps)) : layerNormRows(a as Mat, eps);
  },
  latex: ([a, eps]) => atom(`\\operatorname{LayerNorm}${eps ? `_{${eps.s}}` : ""}\\left(${a.s}\\right)`),
  code: {
    numpy: (a) => `_layernorm(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    torch: (a) => `_layernorm(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    js: (a) => `R.layernorm(${a[0]}, ${a[1] ?? DEFAULT_EPS})`,
    c: cRows("tg_layernorm_rows", (a) => `, ${a[1]?.v ?? DEFAULT_EPS}`),
  },
});
