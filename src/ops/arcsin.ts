// arcsin(A), entry by entry: defined on [−1, 1], smooth inside (checks draw |a| < 1).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "arcsin",
    spellings: ["arcsin", "asin"],
    f: Math.asin,
    tex: "\\arcsin",
    numpy: "np.arcsin",
    torch: "torch.asin",
    js: "Math.asin",
    c: "asin",
  }),
  domain: "unit",
});
