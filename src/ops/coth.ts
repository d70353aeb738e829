// coth(A) = cosh(A)/sinh(A), entry by entry; a pole at 0 (checks draw a in [0.5, 2]).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "coth",
    spellings: ["coth"],
    f: (x) => 1 / Math.tanh(x),
    tex: "\\coth",
    numpy: "_coth",
    torch: "_coth",
    js: "R.coth",
    c: "tg_coth",
  }),
  domain: "positive",
});
