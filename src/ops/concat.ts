// concat(A, B, …): side by side (multi-head attention); rows agree, columns add (k + k = 2k).
import { defineOp } from "./registry.js";
import { fn } from "./helpers.js";
import { addDims } from "../shape/dims.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { concatCols, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "concat",
  arity: "n",
  spellings: ["concat", "Concat"],
  shape: (args, ctx): Shape => {
    let [r, c] = args[0].length ? (args[0] as readonly [never, never]) : [ctx.one(), ctx.one()];
    for (const a of args.slice(1)) {
      const [ar, ac] = a.length ? a : [ctx.one(), ctx.one()];
      const s0 = ctx.show([r, c]),
        s1 = ctx.show(a);
      if (!ctx.dims.unify(r, ar)) throw new ShapeError(`concatenation: rows of ${s0} and ${s1} differ`);
      c = addDims(c, ac);
    }
    return [r, c];
  },
  eval: (args) => concatCols(...(args as Mat[])),
  latex: fn("\\operatorname{concat}"),
  code: {
    numpy: (a) => `np.concatenate([${a.join(", ")}], axis=1)`,
    torch: (a) => `torch.cat([${a.join(", ")}], dim=1)`,
    js: (a) => `R.concat([${a.join(", ")}])`,
    c: (o, as) =>
      as
        .map(
          (a, i) =>
            `tg_place(${o.v}, ${o.c}, ${a.p}, ${a.r}, ${a.c}, ${
              i === 0
                ? "0"
                : `(${as
                    .slice(0, i)
                    .map((b) => b.c)
                    .join(" + ")})`
            });`,
        )
        .join("\n"),
  },
});
