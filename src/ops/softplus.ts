// softplus(x) = log(1 + eˣ), entry by entry, in the stable form max(x, 0) + log1p(e^{−|x|}) (no overflow for
// large x, full relative accuracy for very negative x). log σ(x) = −softplus(−x) and log(1 − σ(x)) =
// −softplus(x) (rules/stable.rules); d softplus(x) = σ(x) dx (rule d-softplus).
import { defineOp } from "./registry.js";
import { elementwiseOp } from "./helpers.js";

export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export default defineOp(
  elementwiseOp({
    name: "softplus",
    spellings: ["softplus"],
    f: softplus,
    tex: "\\operatorname{softplus}",
    numpy: "_softplus",
    torch: "_softplus",
    js: "R.softplus",
    c: "tg_softplus",
  }),
);
