// sign(x) ∈ {−1, 0, 1}, entry by entry: the derivative of |x| (0 at x = 0, the subgradient numpy and torch use).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export default defineOp(elementwiseOp({
  name: "sign", spellings: ["sign", "sgn"], f: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), tex: "\\operatorname{sign}",
  numpy: "np.sign", torch: "torch.sign", js: "Math.sign", c: "tg_sign",
}));
