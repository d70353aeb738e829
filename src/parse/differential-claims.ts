// Differential-form claims: `\mathrm{d}L = \operatorname{tr}(\mathbf{G}^\top \mathrm{d}\mathbf{X})`, `\mathrm{d}f =
// \mathbf{g}^\top \mathrm{d}\mathbf{x}`, `\mathrm{d}f = \langle G, \mathrm{d}X \rangle` assert ∂L/∂X = G. The right side
// must be linear in the differential of one symbol; each term is read off as the Cookbook does:
//   tr(P dX Q) = tr(Q P dX) = ⟨(Q P)ᵀ, dX⟩,   tr(P dXᵀ Q) = ⟨Q P, dX⟩,   ⟨G, dX⟩ = ⟨G, dX⟩.
// For a non-scalar left side (dy = J dx) the read-off is the Jacobian J, kept beside the gradient reading: which
// of the two applies is decided by the shapes when the claim is checked (src/check/spellings.ts).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";

export interface DifferentialReading {
  /** The differentiated quantity and the variable of the one differential on the right. */
  readonly of: Expr;
  readonly wrt: Sym;
  /** ∂of/∂wrt when `of` is a scalar. */
  readonly gradient: Expr;
  /** ∂of/∂wrt as a Jacobian when every term is `J dx` (no factor right of dx, no transpose), else null. */
  readonly jacobian: Expr | null;
}

/** Why a differential formula is not a claim, or null when it is one. */
export type NotDifferentialClaim = { readonly reason: string };

const T = (e: Expr): Expr => {
  if (A.isOp(e, "transpose")) return e.args[0];
  if (e.k === "num" || e.k === "const") return e;
  if (A.isOp(e, "neg")) return A.op("neg", [T(e.args[0])]);
  if (A.isOp(e, "mul")) return product([...flat(e)].reverse().map(T));
  return A.op("transpose", [e]);
};
function flat(e: Expr): Expr[] {
  return A.isOp(e, "mul") ? e.args.flatMap(flat) : [e];
}
function product(fs: readonly Expr[]): Expr {
  if (fs.length === 0) return A.num(1);
  return fs.slice(1).reduce((a, b) => A.op("mul", [a, b]), fs[0]);
}
const isDiffOf = (e: Expr): Sym | null => (e.k === "diff" && e.x.k === "sym" ? e.x : null);
const countDiffs = (e: Expr): number => {
  let n = 0;
  A.some(e, (x) => {
    if (x.k === "diff") n++;
    return false;
  });
  return n;
};

interface Term {
  readonly g: Expr;
  readonly j: Expr | null;
  readonly x: Sym;
}

/** One term linear in d(x): its gradient reading (and Jacobian reading), or a reason. */
function readTerm(t: Expr, sign: number): Term | string {
  if (A.isOp(t, "neg")) return readTerm(t.args[0], -sign);
  const signed = (g: Expr) => (sign < 0 ? A.op("neg", [g]) : g);
  if (countDiffs(t) !== 1)
    return countDiffs(t) === 0
      ? "a term without a differential"
      : "a term with more than one differential (not linear)";
  if (t.k === "pair") {
    const [g, e] = isDiffOf(t.e) ? [t.g, t.e] : [t.e, t.g];
    const x = isDiffOf(e);
    if (!x) return "a pairing ⟨·,·⟩ whose differential is not d of one symbol";
    return { g: signed(g), j: null, x };
  }
  let body: Expr = t,
    traced = false;
  if (A.isOp(t, "tr")) {
    body = t.args[0];
    traced = true;
  }
  const fs = flat(body);
  const k = fs.findIndex((f) => f.k === "diff" || (A.isOp(f, "transpose") && f.args[0].k === "diff"));
  if (k < 0) return "a differential inside a function (not a linear read-off)";
  const f = fs[k];
  const transposed = f.k !== "diff";
  const x = isDiffOf(transposed ? (f as A.Op).args[0] : f);
  if (!x) return "a differential of an expression, not of one symbol";
  const P = fs.slice(0, k),
    Q = fs.slice(k + 1);
  const QP = product([...Q, ...P]);
  const g = transposed ? QP : T(QP);
  const j = !traced && !transposed && Q.length === 0 ? product(P) : null;
  return { g: signed(g), j: j && signed(j), x };
}

function termsOf(e: Expr): Expr[] {
  return A.isOp(e, "add") ? e.args.flatMap(termsOf) : [e];
}

/** `d(of) = rhs` as a claim about ∂of/∂x, or the reason it is none. */
export function readDifferential(lhs: Expr, rhs: Expr): DifferentialReading | NotDifferentialClaim {
  if (lhs.k !== "diff") return { reason: "not a differential" };
  const read = termsOf(rhs).map((t) => readTerm(t, 1));
  const bad = read.find((r): r is string => typeof r === "string");
  if (bad) return { reason: `a differential that is not read off as a gradient: ${bad}` };
  const ts = read as Term[];
  const xs = [...new Map(ts.map((t) => [t.x.name, t.x.latex])).values()];
  if (xs.length > 1)
    return { reason: `a differential in several variables (${xs.join(", ")}): write one claim per variable` };
  const sum = (es: Expr[]) => (es.length === 1 ? es[0] : A.op("add", es));
  const jac = ts.every((t) => t.j !== null) ? sum(ts.map((t) => t.j!)) : null;
  return { of: lhs.x, wrt: ts[0].x, gradient: sum(ts.map((t) => t.g)), jacobian: jac };
}
