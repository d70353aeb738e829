// sec(A) = 1/cos(A), entry by entry; poles at odd multiples of π/2 (checks draw |a| < 1).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp({
  ...elementwiseOp({
    name: "sec",
    spellings: ["sec"],
    f: (x) => 1 / Math.cos(x),
    tex: "\\sec",
    numpy: "_sec",
    torch: "_sec",
    js: "R.sec",
    c: "tg_sec",
  }),
  domain: "unit",
});
