// sinh(A) = (e^A − e^{−A})/2, entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "sinh",
    spellings: ["sinh"],
    f: Math.sinh,
    tex: "\\sinh",
    numpy: "np.sinh",
    torch: "torch.sinh",
    js: "Math.sinh",
    c: "sinh",
  }),
);
