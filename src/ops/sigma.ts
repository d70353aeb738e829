// The logistic function σ(x) = 1/(1 + e^{−x}), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "sigma",
    spellings: ["sigma", "sigmoid", "logistic"],
    f: (x) => 1 / (1 + Math.exp(-x)),
    tex: "\\sigma",
    numpy: "_sigmoid",
    torch: "torch.sigmoid",
    js: "R.sigmoid",
    c: "tg_sigmoid",
  }),
);
