// ReLU(x) = max(x, 0), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "relu",
    spellings: ["ReLU", "relu"],
    f: (x) => (x > 0 ? x : 0),
    tex: "\\operatorname{ReLU}",
    numpy: "_relu",
    torch: "torch.relu",
    js: "R.relu",
    c: "tg_relu",
  }),
);
