// Broadcasts made explicit before differentiating, for the Jacobian rules. In an entrywise operation (+, ⊙, ÷) a
// scalar stands for a copy in every entry and an n×1 column for a copy in every column (the lecture convention),
// so the rvec of the sum is not the sum of the rvecs. Written out with sized ones, the rules see the copies:
//   e (scalar) in an n×1 result      → e 1_n              rvec(e 1_n) = 1_n rvec(e)
//   e (scalar) in an n×m result      → e 1_n 1_mᵀ         rvec(e 1_n 1_mᵀ) = rvec(1_n 1_mᵀ) rvec(e)
//   e (n×1 column) in an n×m result  → e 1_mᵀ             rvec(e 1_mᵀ) = (I_n ⊗ 1_m) rvec(e)
// Only operands that depend on an active symbol are rewritten: a constant operand broadcasts as a value (and has
// its own Jacobian rules, e.g. rvec(a ⊙ E) for a column a). The ones are size carriers (./sizes.ts), constant:
// d(onesof(Z)) = 0 (rules/differentiate.rules). This is done on V = f(U) itself, not on dV: there d(U) = 0
// for the inactive U has already removed the term that gave the sum its shape (d(x − s) = −d(s) for x fixed).
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Sizes } from "./sizes.js";
import type { Dim } from "../shape/dims.js";

const ENTRYWISE = new Set(["add", "hadamard", "ediv"]);
const strip = (e: Expr) => A.mapExpr(e, (x) => (x.k === "diff" ? x.x : x));

export function explicitBroadcasts(e: Expr, sizes: Sizes, active: ReadonlySet<string>): Expr {
  const holdsDiff = (e: Expr) => A.some(e, (x) => x.k === "diff" || (x.k === "sym" && active.has(x.name)));
  return A.mapExpr(e, (x) => {
    if (x.k !== "op" || !ENTRYWISE.has(x.op) || !x.args.some(holdsDiff)) return x;
    const z = strip(x);
    const sh = sizes.shapeOf(z);
    if (!sh || sh.length === 0) return x;
    const one = (d: Dim) => sizes.env.dims.isConst(d) === 1;
    const rowsOne = one(sh[0]),
      colsOne = one(sh[1]);
    if (rowsOne && colsOne) return x;
    const ones = sizes.resolve(A.op("onesof", [z])); // 1_n (rows of the result)
    const onesT = sizes.resolve(A.op("transpose", [A.op("onesof", [A.op("transpose", [z])])])); // 1_mᵀ
    let changed = false;
    const args = x.args.map((a) => {
      if (!holdsDiff(a)) return a;
      const s = sizes.shapeOf(strip(a));
      if (!s) return a;
      const scalar = s.length === 0 || (one(s[0]) && one(s[1]));
      const column = !scalar && one(s[1]) && !colsOne;
      if (!scalar && !column) return a;
      changed = true;
      if (column) return A.op("mul", [a, onesT]);
      if (colsOne) return A.op("mul", [a, ones]);
      if (rowsOne) return A.op("mul", [a, onesT]);
      return A.op("mul", [a, A.op("mul", [ones, onesT])]);
    });
    return changed ? A.op(x.op, args, x.attr) : x;
  });
}
