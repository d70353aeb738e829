// abs(x) = |x|, entry by entry. Written with bars (attr 1), |x| is read only of a scalar: |x| of a vector may mean
// its norm, and |X| of a matrix its determinant (|Σ| in Bishop's Gaussian), so those are refused; the entrywise
// absolute value is written \operatorname{abs}(·).
import { defineOp } from "./registry.js";
import { atom, elementwiseOp } from "./helpers.js";
import { ShapeError } from "../shape/shape.js";

const base = elementwiseOp({
  name: "abs",
  spellings: ["abs"],
  f: Math.abs,
  tex: "\\operatorname{abs}",
  numpy: "np.abs",
  torch: "torch.abs",
  js: "Math.abs",
  c: "fabs",
});

export default defineOp({
  ...base,
  shape: (args, ctx, attr) => {
    const a = args[0];
    if (attr !== 1 || a.length === 0 || (ctx.dims.unify(a[0], ctx.one()) && ctx.dims.unify(a[1], ctx.one())))
      return base.shape(args, ctx);
    const s = ctx.show(a);
    throw new ShapeError(
      ctx.isVector(a) || ctx.dims.isConst(a[0]) === 1
        ? `|x| of a vector is ambiguous (got ${s}): the norm \\|x\\| or the entrywise absolute value \\operatorname{abs}(x)? Write the one you mean`
        : `|X| of a matrix is ambiguous (got ${s}): the determinant \\det X (as in |\\Sigma|) or the entrywise absolute value \\operatorname{abs}(X)? Write the one you mean`,
    );
  },
  latex: (a, attr) => (attr === 1 ? atom(`\\left|${a[0].s}\\right|`) : base.latex(a)),
});
