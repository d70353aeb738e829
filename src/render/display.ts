// Helper operations for people. Derivations use operations that authors never write (eyeof, onesof, select,
// lnscale, ncols, step …); printed for a reader they become conventional notation in the document's own dimension
// names, each with a line saying what it means:
//   eyeof(Z) = I_n, onesof(Z) = 1_n, commutation(Z) = K_(m,n) (Z ∈ ℝ^{m×n}, n its rows), ncols(Z) = d (Z's columns),
//   select_i(A_1, …, A_k) = [0 … I_{d_i} … 0], the block row that picks A_i's columns out of concat(A_1, …, A_k),
//   lnscale(X) = 1/σ_X, σ_X the column of √(var + ε) over the rows of X, step(X) = 1[X > 0] entry by entry.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { ShapeEnv } from "../shape/infer.js";
import type { Dim } from "../shape/dims.js";
import type { Shape } from "../shape/shape.js";
import { printExpr } from "./latex.js";

const opSym = (name: string) => A.sym(name, "unknown", `\\operatorname{${name}}`);

/** A dimension as LaTeX: `d_k`, `2k`, `\operatorname{rows}(Q)`, `n \cdot d`. */
export function dimLatex(env: ShapeEnv, d: Dim): string {
  return env.dims
    .show(d)
    .replace(/\b(rows|cols)\(([^()]*)\)/g, "\\operatorname{$1}($2)")
    .replace(/·/g, " \\cdot ");
}

/** `e` with every helper operation replaced by its conventional notation (a printed symbol). */
export function displayHelpers(e: Expr, env: ShapeEnv): Expr {
  const shapeOf = (x: Expr): Shape | null => {
    try {
      return env.shapeOf(x);
    } catch {
      return null;
    }
  };
  // top down, so that shapes are taken of the original arguments (a displayed symbol has no shape)
  const walk = (x: Expr): Expr => {
    const shown = x.k === "op" ? helper(x) : null;
    if (shown) return shown;
    const cs = A.children(x);
    return cs.length ? A.withChildren(x, cs.map(walk)) : x;
  };
  const helper = (x: A.Op): Expr | null => {
    const dim = (a: Expr, axis: 0 | 1): string | null => {
      const sh = shapeOf(a);
      return sh && sh.length === 2 ? dimLatex(env, sh[axis]) : null;
    };
    switch (x.op) {
      case "eyeof": {
        const r = dim(x.args[0], 0);
        return r ? A.sym(`I_${r}`, "matrix", `\\mathbf{I}_{${r}}`) : null;
      }
      case "onesof": {
        const r = dim(x.args[0], 0);
        return r ? A.sym(`1_${r}`, "vector", `\\mathbf{1}_{${r}}`) : null;
      }
      case "commutation": {
        const r = dim(x.args[0], 0),
          c = dim(x.args[0], 1);
        return r && c ? A.sym(`K_${r}_${c}`, "matrix", `\\mathbf{K}_{(${r},${c})}`) : null;
      }
      case "ncols": {
        const c = dim(x.args[0], 1);
        return c ? A.sym(c, "scalar", c) : null;
      }
      case "select": {
        // [0 … I … 0]: one block per argument, the identity in block i (select_i is d_i × Σ d_j)
        const i = (x.attr ?? 1) - 1;
        const blocks = x.args.map((a, j) => {
          if (j !== i) return A.constant("zero");
          const c = dim(a, 1);
          return c === null ? A.constant("eye") : A.sym(`I_${c}`, "matrix", `\\mathbf{I}_{${c}}`);
        });
        return A.apply(opSym("bmatrix"), [A.apply(opSym("row"), blocks)]);
      }
      case "lnscale": {
        // a vector's layer norm is lnscale(xᵀ): one row, a scalar scale 1/σ_x
        const a = x.args[0],
          v = A.isOp(a, "transpose") ? a.args[0] : null,
          sv = v ? shapeOf(v) : null;
        if (v && sv && sv.length === 2 && env.dims.isConst(sv[1]) === 1)
          return A.sym(`sigma_inv_${v.key}`, "scalar", `\\frac{1}{\\sigma_{${printExpr(walk(v))}}}`);
        return A.sym(
          `sigma_inv_${x.args[0].key}`,
          "vector",
          `\\frac{1}{\\boldsymbol{\\sigma}_{${printExpr(walk(x.args[0]))}}}`,
        );
      }
      case "step":
        return A.sym(`step_${x.args[0].key}`, "matrix", `\\mathbb{1}\\left[${printExpr(walk(x.args[0]))} > 0\\right]`);
      default:
        return null;
    }
  };
  return walk(e);
}

const uses = (es: readonly Expr[], op: string) => es.some((e) => A.some(e, (x) => A.isOp(x, op)));

/** What the displayed helpers in `es` mean, one line each (plain text). */
export function helperNotes(es: readonly Expr[]): string[] {
  const out: string[] = [];
  if (uses(es, "eyeof")) out.push("I_n is the n×n identity");
  if (uses(es, "onesof")) out.push("1_n is the column of n ones");
  if (uses(es, "commutation")) out.push("K_(m,n) is the commutation matrix: rvec(Zᵀ) = K_(m,n) rvec Z for Z ∈ ℝ^{m×n}");
  if (uses(es, "select"))
    out.push(
      "[0 I 0] is the block row that picks one block of columns of a concatenation: concat(A_1, …, A_k) [0 I 0]ᵀ = A_i",
    );
  if (uses(es, "lnscale"))
    out.push(
      "1/σ_X is the column of 1/√(σ_i² + ε) over the rows i of X, 1/σ_x = 1/√(σ² + ε) for a vector x (layer norm's scale; σ² the biased variance)",
    );
  if (uses(es, "step")) out.push("1[X > 0] is the unit step of X entry by entry (the derivative of ReLU)");
  return out;
}

/** Printed for people: helpers in conventional notation. */
export const printDisplay = (e: Expr, env: ShapeEnv): string => printExpr(displayHelpers(e, env));
