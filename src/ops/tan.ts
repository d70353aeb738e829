// tan(A), entry by entry; smooth away from the poles at odd multiples of π/2 (checks draw |a| < 1).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "tan",
    spellings: ["tan"],
    f: Math.tan,
    tex: "\\tan",
    numpy: "np.tan",
    torch: "torch.tan",
    js: "Math.tan",
    c: "tan",
  }),
  domain: "unit",
});
