// A + B + …: entrywise sum; a scalar is added to every entry, a column broadcasts across a matrix's columns.
import { defineOp } from "./registry.js";
import { broadcastShape, Prec, cBinary } from "./helpers.js";
import { add as addV, type Value } from "../numeric/index.js";

export default defineOp({
  name: "add",
  arity: "n",
  commutative: true,
  shape: (args, ctx) => args.reduce((a, b) => broadcastShape(a, b, ctx, "sum")),
  eval: (args) => args.reduce((a: Value, b) => addV(a, b)),
  latex: (args) => ({
    s: args
      .map((a, i) => {
        const s = a.prec <= Prec.Sum ? `\\left(${a.s}\\right)` : a.s;
        return i === 0 ? s : s.startsWith("-") ? ` - ${s.slice(1).trimStart()}` : ` + ${s}`;
      })
      .join(""),
    prec: Prec.Sum,
  }),
  code: {
    numpy: (a) => `(${a.join(" + ")})`,
    torch: (a) => `(${a.join(" + ")})`,
    js: (a) => a.reduce((x, y) => `R.add(${x}, ${y})`),
    c: cBinary("+"),
  },
});
