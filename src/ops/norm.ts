// ‖x‖ and ‖x‖₂: the Euclidean norm of a vector (attr 2: written with the subscript 2). Of a matrix both are refused:
// ‖X‖₂ is the spectral norm (the largest singular value, not supported), and a bare ‖X‖ is the spectral norm in
// linear algebra but often the Frobenius norm in ML notes; the Frobenius norm is written ‖X‖_F (./frob.ts).
import { defineOp } from "./registry.js";
import { atom, cScalar } from "./helpers.js";
import { SCALAR, ShapeError } from "../shape/shape.js";
import { frob } from "../numeric/index.js";

export default defineOp({
  name: "norm",
  arity: 1,
  spellings: ["norm"],
  shape: ([a], ctx, attr) => {
    if (a.length === 0 || ctx.isVector(a) || ctx.dims.isConst(a[0]) === 1 || ctx.dims.unify(a[1], ctx.one()))
      return SCALAR;
    const s = ctx.show(a);
    throw new ShapeError(
      attr === 2
        ? `\\|X\\|_2 of a matrix (the spectral norm, its largest singular value) is not supported (got ${s}); \\|X\\|_F is the Frobenius norm`
        : `\\|X\\| of a matrix is ambiguous (got ${s}): the spectral norm or the Frobenius norm? Write \\|X\\|_F for the Frobenius norm (the spectral norm \\|X\\|_2 is not supported)`,
    );
  },
  eval: ([a]) => (typeof a === "number" ? Math.abs(a) : frob(a)),
  latex: ([a], attr) => atom(`\\left\\|${a.s}\\right\\|${attr === 2 ? "_2" : ""}`),
  code: {
    numpy: (a) => `np.linalg.norm(${a[0]})`,
    torch: (a) => `torch.linalg.norm(${a[0]})`,
    js: (a) => `R.frob(${a[0]})`,
    c: cScalar("tg_frob", (a) => a.n),
  },
});
