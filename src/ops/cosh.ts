// cosh(A) = (e^A + e^{−A})/2, entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "cosh",
    spellings: ["cosh"],
    f: Math.cosh,
    tex: "\\cosh",
    numpy: "np.cosh",
    torch: "torch.cosh",
    js: "Math.cosh",
    c: "cosh",
  }),
);
