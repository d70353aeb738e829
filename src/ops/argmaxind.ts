// e_{arg max x}: the unit vector at the largest entry of x (the first one on ties), shaped like x — the gradient
// of max(x), and with sign(x) ⊙ e_{arg max |x|} of ‖x‖_∞. Printed and read as `\mathbf{e}_{\arg\max \mathbf{x}}`;
// `\mathbf{e}_{\arg\min \mathbf{x}}` reads as e_{arg max (−x)} (parse/build.ts). Piecewise constant: d = 0 (rule d-argmax-unit).
import { defineOp, Prec } from "./registry.js";
import { argmax, atom, entries, paren, vectorReduction } from "./helpers.js";
import { zeros } from "../numeric/index.js";

export default defineOp({
  name: "argmaxind",
  arity: 1,
  shape: vectorReduction("\\arg\\max", (a) => a),
  eval: ([a]) => {
    if (typeof a === "number") return 1;
    const out = zeros(a.rows, a.cols);
    out.data[argmax(entries(a))] = 1;
    return out;
  },
  // e_{arg max (−x)} prints as e_{arg min x}
  latex: ([a]) =>
    atom(
      a.prec === Prec.Neg && a.s.startsWith("-")
        ? `\\mathbf{e}_{\\arg\\min ${a.s.slice(1)}}`
        : `\\mathbf{e}_{\\arg\\max ${paren(a, Prec.Atom)}}`,
    ),
  code: {
    numpy: (a) => `_argmaxind(${a[0]})`,
    torch: (a) => `_argmaxind(${a[0]})`,
    js: (a) => `R.argmaxind(${a[0]})`,
    c: (o, [a]) => (o.scalar ? `${o.v} = 1.0;` : `tg_argmaxind(${o.v}, ${a.p}, ${a.n});`),
  },
});
