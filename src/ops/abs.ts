// |x|, entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(elementwiseOp({
  name: "abs", spellings: ["abs"], f: Math.abs, tex: "\\operatorname{abs}",
  numpy: "np.abs", torch: "torch.abs", js: "Math.abs", c: "fabs",
}));
