// select_i(A_1, …, A_n): the 0/1 matrix that places A_i's columns in concat(A_1, …, A_n), so that
// concat(A_1, …, A_n) = Σ_i A_i select_i(A_1, …, A_n). It depends only on the shapes of its arguments.
import { defineOp } from "./registry.js";
import { atom } from "./helpers.js";
import { addDims } from "../shape/dims.js";
import type { Shape } from "../shape/shape.js";
import { zeros, type Mat } from "../numeric/index.js";

export default defineOp({
  name: "select",
  arity: "n",
  spellings: ["select"],
  subscriptAttr: true,
  shape: (args, ctx, i = 1): Shape => {
    const cols = args.map((a) => (a.length ? a[1] : ctx.one()));
    const me = args[i - 1];
    return [me.length ? me[1] : ctx.one(), cols.reduce((x, y) => addDims(x, y))];
  },
  eval: (args, i = 1) => {
    const ms = args as Mat[];
    const total = ms.reduce((s, m) => s + m.cols, 0);
    const offset = ms.slice(0, i - 1).reduce((s, m) => s + m.cols, 0);
    const out = zeros(ms[i - 1].cols, total);
    for (let j = 0; j < ms[i - 1].cols; j++) out.data[j * total + offset + j] = 1;
    return out;
  },
  latex: (args, i = 1) => atom(`\\operatorname{select}_{${i}}\\left(${args.map((a) => a.s).join(", ")}\\right)`),
  code: {
    numpy: (a, i = 1) => `_select(${i}, ${a.join(", ")})`,
    torch: (a, i = 1) => `_select(${i}, ${a.join(", ")})`,
    js: (a, i = 1) => `R.select(${i}, [${a.join(", ")}])`,
    c: (o, as, i = 1) =>
      `tg_select(${o.v}, ${as[i - 1].c}, ${o.c}, ${
        i === 1
          ? "0"
          : `(${as
              .slice(0, i - 1)
              .map((b) => b.c)
              .join(" + ")})`
      });`,
  },
});
