// eyeof(Z) = I_{rows Z}: the identity sized by the rows of Z (`\mathbf{I}` alone cannot be sized inside a
// Kronecker product). Only Z's shape matters; printed for people as \mathbf{I}_{n}.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import type { Shape } from "../shape/shape.js";
import { eye } from "../numeric/index.js";

export default defineOp({
  name: "eyeof",
  arity: 1,
  spellings: ["eyeof"],
  shape: ([a]): Shape => (a.length === 0 ? a : [a[0], a[0]]),
  eval: ([a]) => (typeof a === "number" ? 1 : eye(a.rows)),
  latex: fn("\\operatorname{eyeof}"),
  code: {
    numpy: (a) => `_eyeof(${a[0]})`,
    torch: (a) => `_eyeof(${a[0]})`,
    js: (a) => `R.eyeof(${a[0]})`,
    c: (o, [a]) => `tg_eye(${o.v}, ${a.r});`,
  },
});
