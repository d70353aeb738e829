// Jacobians for people: size carriers printed with dimension names (\mathbf{I}_{n}, \mathbf{1}_{n},
// \mathbf{K}_{(n,d)}), Kronecker products parenthesized inside products ((A ⊗ B) C, as people read ⊗ looser than
// juxtaposition), the notation used, and what the block structure means.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { printExpr } from "../render/latex.js";
import { helperNotes } from "../render/display.js";
import type { Sizes } from "./sizes.js";
import type { JacobianFactor, JacobianResult } from "./jacobian.js";

export function printJ(e: Expr, sizes: Sizes): string {
  const wrap = (x: Expr): Expr =>
    A.mapExpr(x, (y) => {
      if (!A.isOp(y, "mul")) return y;
      const args = y.args.map((a) =>
        A.isOp(a, "kron") ? A.sym(`(${a.key})`, "matrix", `\\left(${printExpr(a)}\\right)`) : a,
      );
      return A.op("mul", args);
    });
  return printExpr(wrap(sizes.display(e)));
}

const uses = (es: readonly Expr[], op: string) => es.some((e) => A.some(e, (x) => A.isOp(x, op)));

/** What each notation in the formulas means. */
export function notation(es: readonly Expr[]): string[] {
  const out = [
    "rvec X stacks the rows of X into one column (row-major, as kernels flatten; rvec X = vec Xᵀ), so rvec(A X B) = (A ⊗ Bᵀ) rvec X; for a vector rvec x = x",
  ];
  if (uses(es, "kron")) out.push("A ⊗ B is the Kronecker product");
  const helpers = helperNotes(es);
  out.push(...helpers.filter((h) => /^(I_n|1_n|K_)/.test(h)));
  if (uses(es, "blockdiag"))
    out.push(
      "blockdiag(A, B) is block diagonal over the rows i: block i is a_i b_iᵀ, with a_i, b_i row i of A and B (as columns)",
    );
  out.push(...helpers.filter((h) => !/^(I_n|1_n|K_)/.test(h)));
  if (uses(es, "diag")) out.push("diag(v) is the diagonal matrix of the vector v");
  return out;
}

/** The structure of one local Jacobian, read from the operation that defines it. */
export function structure(f: JacobianFactor, j: JacobianResult): string | null {
  const rhs = f.definition.rhs,
    ctx = j.ctx;
  const rows = ctx.isVector(f.of) || ctx.isScalar(f.of) ? null : j.sizes.shapeOf(f.of);
  const n = rows && rows.length ? j.sizes.dimName(rows[0]) : null;
  if (A.isOp(rhs, "softmax"))
    return n
      ? `row-wise softmax: block diagonal over the ${n} rows (rows do not interact); block i is diag(a_i) − a_i a_iᵀ for row a_i of ${f.of.name}`
      : "softmax: diag(s) − s sᵀ (symmetric; s sums to one, so the rows of the Jacobian sum to zero)";
  if (A.isOp(rhs, "layernorm"))
    return n
      ? `row-wise layer norm: block diagonal over the ${n} rows; block i is r_i (I − 1 1ᵀ/N − ŷ_i ŷ_iᵀ/N), r_i = 1/√(σ_i² + ε), ŷ_i row i of ${f.of.name}`
      : "layer norm of a vector: r (I − 1 1ᵀ/N − ŷ ŷᵀ/N), r = 1/√(σ² + ε)";
  // s (I_n ⊗ B): row i of V is row i of U times Bᵀ
  const k = A.isOp(f.expr, "mul") && ctx.isScalar(f.expr.args[0]) ? f.expr.args[1] : f.expr;
  if (A.isOp(k, "kron") && A.isOp(k.args[0], "eyeof"))
    return `block diagonal: row i of ${f.of.name} depends only on row i of ${f.wrt.name}`;
  if (A.isOp(rhs, "logsoftmax")) return "log-softmax: I − 1 sᵀ per row";
  if (rhs.k === "op" && rhs.args.length === 1 && isElementwise(rhs.op)) return "elementwise: diagonal";
  return null;
}

const ELEMENTWISE = new Set([
  "exp",
  "log",
  "sin",
  "cos",
  "tanh",
  "sigma",
  "relu",
  "sqrt",
  "abs",
  "step",
  "epow",
  "tan",
  "cot",
  "sec",
  "csc",
  "sinh",
  "cosh",
  "coth",
  "arcsin",
  "arccos",
  "arctan",
  "sign",
]);
const isElementwise = (op: string) => ELEMENTWISE.has(op);
