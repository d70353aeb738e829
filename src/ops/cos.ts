// cos(A), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "cos",
    spellings: ["cos"],
    f: Math.cos,
    tex: "\\cos",
    numpy: "np.cos",
    torch: "torch.cos",
    js: "Math.cos",
    c: "cos",
  }),
);
