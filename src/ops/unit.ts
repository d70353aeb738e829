// unit(j): the j-th unit column e_j (1-based), its length taken from context — the adjoint of a slice:
// ⟨G, E_{:,j}⟩ = ⟨G e_jᵀ, E⟩, ⟨G, E_{i,:}⟩ = ⟨e_i G, E⟩.
import { defineOp } from "./registry.js";
import { atom } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { zeros } from "../numeric/index.js";

export default defineOp({
  name: "unit",
  arity: 1,
  spellings: ["unit"],
  sized: true,
  shape: (_, ctx): Shape => [ctx.fresh(), ctx.one()],
  eval: ([j], _attr, out) => {
    const n = out ? out[0] : 0,
      k = Number(j) - 1;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new Error(`unit vector index ${String(j)} outside 1…${n}`);
    const e = zeros(n, 1);
    e.data[k] = 1;
    return e;
  },
  latex: ([j]) => atom(`\\mathbf{e}_{${j.s}}`),
  code: {
    numpy: () => {
      throw new Error("a unit vector (a slice's adjoint) has no kernel form");
    },
    torch: () => {
      throw new Error("a unit vector (a slice's adjoint) has no kernel form");
    },
    js: () => {
      throw new Error("a unit vector (a slice's adjoint) has no kernel form");
    },
  },
});
