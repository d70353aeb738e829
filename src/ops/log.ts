// log(A), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "log",
    spellings: ["log", "ln"],
    f: Math.log,
    tex: "\\log",
    numpy: "np.log",
    torch: "torch.log",
    js: "Math.log",
    c: "log",
  }),
);
