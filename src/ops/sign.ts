// sign(A), entry by entry: 1 for a > 0, −1 for a < 0, and 0 at 0 (the convention of numpy, torch and C's
// usual sgn). Its derivative is 0 wherever it exists (a ≠ 0); at 0 texgrad takes 0 as well (rule d-sign).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(
  elementwiseOp({
    name: "sign",
    spellings: ["sign", "sgn"],
    // NaN stays NaN (as np.sign, torch.sign and Math.sign give): an argument outside a domain is never hidden
    f: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN),
    tex: "\\operatorname{sign}",
    numpy: "np.sign",
    torch: "torch.sign",
    js: "Math.sign",
    c: "tg_sign",
  }),
);
