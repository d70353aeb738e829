// tanh(A), entry by entry.
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "tanh",
    spellings: ["tanh"],
    f: Math.tanh,
    tex: "\\tanh",
    numpy: "np.tanh",
    torch: "torch.tanh",
    js: "Math.tanh",
    c: "tanh",
  }),
);
