// A ⊗ B: the Kronecker product.
import { defineOp } from "./registry.js";
import { paren, Prec } from "./helpers.js";
import { kron } from "../numeric/index.js";
import type { Shape } from "../shape/shape.js";
import { constDim } from "../shape/dims.js";

export default defineOp({
  name: "kron",
  arity: 2,
  shape: ([a, b], ctx): Shape => {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    const d = ctx.dims;
    const prod = (x: (typeof a)[0], y: (typeof a)[0]) => {
      const cx = d.isConst(x),
        cy = d.isConst(y);
      if (cx !== undefined && cy !== undefined) return constDim(cx * cy);
      if (cx === 1) return y;
      if (cy === 1) return x;
      return d.product(x, y, `${d.show(x)}${d.show(y)}`);
    };
    return [prod(a[0], b[0]), prod(a[1], b[1])];
  },
  eval: ([a, b]) => kron(a, b),
  latex: ([a, b]) => ({ s: `${paren(a, Prec.Prod)} \\otimes ${paren(b, Prec.Neg + 1)}`, prec: Prec.Prod }),
  code: {
    numpy: (a) => `np.kron(${a[0]}, ${a[1]})`,
    torch: (a) => `torch.kron(${a[0]}.contiguous(), ${a[1]}.contiguous())`,
    js: (a) => `R.kron(${a[0]}, ${a[1]})`,
    c: (o, [a, b]) => `tg_kron(${o.v}, ${a.p}, ${a.r}, ${a.c}, ${b.p}, ${b.r}, ${b.c});`,
  },
});
