// arccos(A), entry by entry: defined on [−1, 1], smooth inside (checks draw |a| < 1).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "arccos",
    spellings: ["arccos", "acos"],
    f: Math.acos,
    tex: "\\arccos",
    numpy: "np.arccos",
    torch: "torch.acos",
    js: "Math.acos",
    c: "acos",
  }),
  domain: "unit",
});
