// Layouts other than the contract's: a gradient by a vector written as a row (numerator layout, ∂f/∂xᵀ) is
// compared as its transpose and noted "as a row vector"; a Jacobian written n×m (denominator layout) is noted
// in ./jacobian.ts. A convention is not an error; a claim wrong in both layouts stays incorrect.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";

export const ROW_NOTE = "as a row vector (numerator layout): compared as its transpose";
export const DENOMINATOR_NOTE = "denominator layout: the transpose of the m×n Jacobian";

/** The claim's right side as a column when it is the row form of a gradient by the vector `x`, else null. */
export function asRowGradient(doc: Document, rhs: Expr, x: Sym): Expr | null {
  const env = doc.env,
    ctx = env.ctx;
  try {
    const sx = env.shapeOf(x),
      sr = env.shapeOf(rhs);
    if (ctx.scalarLike(sx) || !ctx.isVector(sx) || sr.length !== 2 || sx.length !== 2) return null;
    if (ctx.dims.isConst(sr[0]) !== 1 || !ctx.eqDim(sr[1], sx[0])) return null;
    return A.op("transpose", [rhs]);
  } catch {
    return null;
  }
}
