// sin(A), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "sin",
    spellings: ["sin"],
    f: Math.sin,
    tex: "\\sin",
    numpy: "np.sin",
    torch: "torch.sin",
    js: "Math.sin",
    c: "sin",
  }),
);
