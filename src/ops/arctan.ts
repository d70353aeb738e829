// arctan(A), entry by entry (the principal branch, values in (−π/2, π/2)).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "arctan",
    spellings: ["arctan", "atan"],
    f: Math.atan,
    tex: "\\arctan",
    numpy: "np.arctan",
    torch: "torch.atan",
    js: "Math.atan",
    c: "atan",
  }),
);
