// Matrix literals as the parser builds them: \begin{bmatrix} a & b \\ c & d \end{bmatrix} is
// bmatrix(row(a, b), row(c, d)) (src/parse/build.ts `matrix`).
import type { Apply, Expr } from "./types.js";

const LITERALS = new Set(["bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix"]);

/** The rows of a matrix literal whose rows all have the same number of entries, or null. */
export function literalRows(e: Expr): Apply[] | null {
  if (e.k !== "apply" || !LITERALS.has(e.fn.name) || e.args.length === 0) return null;
  const rows = e.args.filter((r): r is Apply => r.k === "apply" && r.fn.name === "row");
  if (rows.length !== e.args.length || rows.some((r) => r.args.length !== rows[0].args.length || !r.args.length))
    return null;
  return rows;
}
