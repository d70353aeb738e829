// The unit step (ReLU′), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "step",
    spellings: ["step", "Heaviside"],
    // NaN stays NaN in the reference evaluator: an argument outside a domain is reported, never hidden as 0
    f: (x) => (x > 0 ? 1 : Number.isNaN(x) ? Number.NaN : 0),
    tex: "\\operatorname{step}",
    numpy: "_step",
    torch: "_step",
    js: "R.step",
    c: "tg_step",
  }),
);
