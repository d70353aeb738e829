// √A, entry by entry (\sqrt{}).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "sqrt",
    spellings: ["sqrt"],
    f: Math.sqrt,
    tex: "\\sqrt",
    numpy: "np.sqrt",
    torch: "torch.sqrt",
    js: "Math.sqrt",
    c: "sqrt",
    print: (x) => `\\sqrt{${x}}`,
  }),
);
