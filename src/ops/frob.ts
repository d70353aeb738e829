// ‖X‖_F: the Frobenius norm.
import { defineOp } from "./registry.js";
import { atom, cScalar } from "./helpers.js";
import { SCALAR } from "../shape/shape.js";
import { frob } from "../numeric/index.js";

export default defineOp({
  name: "frob",
  arity: 1,
  shape: () => SCALAR,
  eval: ([a]) => (typeof a === "number" ? Math.abs(a) : frob(a)),
  latex: ([a]) => atom(`\\left\\|${a.s}\\right\\|_F`),
  code: {
    numpy: (a) => `np.linalg.norm(${a[0]})`,
    torch: (a) => `torch.linalg.norm(${a[0]})`,
    js: (a) => `R.frob(${a[0]})`,
    c: cScalar("tg_frob", (a) => a.n),
  },
});
