// exp(A), entry by entry (not the matrix exponential).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "exp",
    spellings: ["exp"],
    f: Math.exp,
    tex: "\\exp",
    numpy: "np.exp",
    torch: "torch.exp",
    js: "Math.exp",
    c: "exp",
  }),
);
