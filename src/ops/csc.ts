// csc(A) = 1/sin(A), entry by entry; poles at multiples of π (checks draw a in [0.5, 2]).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "csc",
    spellings: ["csc"],
    f: (x) => 1 / Math.sin(x),
    tex: "\\csc",
    numpy: "_csc",
    torch: "_csc",
    js: "R.csc",
    c: "tg_csc",
  }),
  domain: "positive",
});
