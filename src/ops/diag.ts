// diag: a vector to the diagonal matrix; a square matrix to the vector of its diagonal.
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { diag } from "../numeric/index.js";

export default defineOp({
  name: "diag",
  arity: 1,
  spellings: ["diag"],
  shape: ([a], ctx): Shape => {
    if (a.length === 0) return a;
    if (ctx.isVector(a)) return [a[0], a[0]];
    const s = ctx.show(a);
    if (!ctx.dims.unify(a[0], a[1])) throw new ShapeError(`diag needs a vector or a square matrix, got ${s}`);
    return [a[0], ctx.one()];
  },
  eval: ([a]) => (typeof a === "number" ? a : diag(a)),
  latex: fn("\\operatorname{diag}"),
  code: {
    numpy: (a) => `_diag(${a[0]})`,
    torch: (a) => `_diag(${a[0]})`,
    js: (a) => `R.diag(${a[0]})`,
    c: (o, [a]) =>
      a.c === "1" || a.r === "1"
        ? `tg_diag_matrix(${o.v}, ${a.p}, ${a.n});`
        : `tg_diag_vector(${o.v}, ${a.p}, ${a.r});`,
  },
});
