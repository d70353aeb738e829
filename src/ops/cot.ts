// cot(A) = cos(A)/sin(A), entry by entry; poles at multiples of π (checks draw a in [0.5, 2]).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "cot",
    spellings: ["cot"],
    f: (x) => 1 / Math.tan(x),
    tex: "\\cot",
    numpy: "_cot",
    torch: "_cot",
    js: "R.cot",
    c: "tg_cot",
  }),
  domain: "positive",
});
