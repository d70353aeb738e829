// The unit step (ReLU′), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "step",
    spellings: ["step", "Heaviside"],
    f: (x) => (x > 0 ? 1 : 0),
    tex: "\\operatorname{step}",
    numpy: "_step",
    torch: "_step",
    js: "R.step",
    c: "tg_step",
  }),
);
