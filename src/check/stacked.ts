// Derivatives by a matrix's entries stacked into one vector: ∂y/∂vec X, or ∂y/∂a where the lecture defines
// a = vec X (also written X:, the Magnus–Neudecker colon) or a = rvec X. vec stacks the columns, as in the
// Matrix Cookbook: ∂(A x)/∂vec A = xᵀ ⊗ I and ∂vec(A X B)/∂vec X = Bᵀ ⊗ A; rvec stacks the rows:
// ∂(A x)/∂rvec A = I ⊗ xᵀ. The truth is the Jacobian of y (a scalar or a vector) by X from central
// differences, its columns reordered to the stacking; a claim in the other stacking is told so.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { printExpr } from "../render/latex.js";
import { isMat, transpose, type Mat, type Value } from "../numeric/index.js";
import { evalAt, err, evalReason, jacobian, ratio, FD_SAME, FD_DIFFERENT, SAME, DIFFERENT, DRAWS } from "./numeric.js";
import { evaluate } from "../numeric/eval.js";
import { sampleSymbols } from "../derive/sample.js";
import { Graph } from "../derive/graph.js";
import { compareFd } from "./jacobian.js";
import { DENOMINATOR_NOTE } from "./layout.js";
import type { Setup, Claim } from "./setup.js";
import { Unverifiable, type ClaimResult } from "./types.js";

type Body = Omit<ClaimResult, "loc" | "claim">;
export type Stacking = "vec" | "rvec";
export interface Stacked {
  readonly base: Sym;
  readonly order: Stacking;
  /** How the claim names the stacked vector (a, or vec X itself). */
  readonly latex: string;
}

/** vec Y / rvec Y of any expression Y: [Y, the stacking]. */
export const stackedExpr = (e: Expr): [Expr, Stacking] | null =>
  e.k === "op" && (e.op === "vec" || e.op === "rvec") ? [e.args[0], e.op] : null;

const stackOf = (e: Expr): { base: Sym; order: Stacking } | null =>
  e.k === "op" && (e.op === "vec" || e.op === "rvec") && e.args[0].k === "sym"
    ? { base: e.args[0], order: e.op }
    : null;

/** The symbols a document defines as vec X / rvec X (one pass per document: claims are many). */
const stackings = new WeakMap<Document, Map<string, { base: Sym; order: Stacking }>>();
function stackingsOf(doc: Document): Map<string, { base: Sym; order: Stacking }> {
  let m = stackings.get(doc);
  if (!m) {
    m = new Map();
    for (const r of doc.statements) {
      const s = r.statement;
      const d = s.kind === "definition" ? stackOf(s.rhs) : null;
      if (d && s.kind === "definition" && !m.has(s.lhs.name)) m.set(s.lhs.name, d);
    }
    stackings.set(doc, m);
  }
  return m;
}

/** vec X itself, or a symbol the lecture defines as vec X / rvec X. */
export function stackedWrt(doc: Document, w: Expr): Stacked | null {
  const direct = stackOf(w);
  if (direct) return { ...direct, latex: printExpr(w) };
  if (w.k !== "sym") return null;
  const d = stackingsOf(doc).get(w.name);
  return d ? { ...d, latex: w.latex } : null;
}

/** Columns of J (by rvec X, row-major) reordered to vec X (column-major) for X with `rows` × `cols`. */
function toVec(J: Mat, rows: number, cols: number): Mat {
  const out = new Float64Array(J.data.length);
  for (let r = 0; r < J.rows; r++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) out[r * J.cols + j * rows + i] = J.data[r * J.cols + i * cols + j];
  return { rows: J.rows, cols: J.cols, data: out };
}

/** Rows of J (rvec Y, row-major) reordered to vec Y: the same permutation on the transpose. */
const rowsToVec = (J: Mat, rows: number, cols: number): Mat => transpose(toVec(transpose(J) as Mat, rows, cols)) as Mat;

/**
 * `out`: how the numerator is stacked when the claim writes ∂vec Y/∂…, ∂rvec Y/∂… (st is then set up for Y
 * itself); null when the numerator is a scalar or a vector.
 */
export function checkStacked(st: Setup, s: Claim, w: Stacked, out: Stacking | null = null): Body {
  const ds = st.ds();
  const x0 = ds[0].run.values.get(w.base.name);
  if (x0 === undefined)
    throw new Unverifiable(`${w.base.latex} is not part of the definition of ${printExpr(s.deriv.of)}`);
  const y0 = ds[0].run.values.get(st.d.output.name);
  if (out === null && y0 !== undefined && isMat(y0) && y0.cols !== 1)
    throw new Unverifiable(
      `${printExpr(s.deriv.of)} is a matrix: write its Jacobian by ${w.latex} as \\partial \\operatorname{vec} Y / \\partial ${w.latex}`,
    );
  const byStacking = (order: Stacking): Mat[] =>
    ds.map((dr) => {
      const J = jacobian(st.d, dr, st.d.output.name, w.base.name);
      const x = dr.run.values.get(w.base.name)!,
        y = dr.run.values.get(st.d.output.name);
      // the numerator stacked as the claim writes it; for the other convention both sides switch
      const rowOrder = out === null ? null : order === w.order ? out : order;
      const byRows = rowOrder === "vec" && y !== undefined && isMat(y) ? rowsToVec(J, y.rows, y.cols) : J;
      return order === "rvec" || !isMat(x) ? byRows : toVec(byRows, x.rows, x.cols);
    });
  const truths = byStacking(w.order);
  // the truth's shape sizes a bare I or 1 in the claim (x^T ⊗ I)
  let claims: Value[];
  try {
    claims = ds.map((dr, i) => evalAt(s.rhs, dr, undefined, truths[i]));
  } catch (e) {
    throw new Unverifiable(evalReason(e));
  }
  const stacking = w.order === "vec" ? `vec ${w.base.latex} (columns stacked)` : `rvec ${w.base.latex} (rows stacked)`;
  const what = `the Jacobian by ${stacking}`;
  const close = (ts: Mat[], f: (m: Mat) => Mat = (m) => m) => claims.every((c, i) => err(c, f(ts[i])) < FD_SAME);
  if (!close(truths) && close(truths, transpose))
    return {
      verdict: "correct",
      reason: `agrees with the transpose of ${what} computed by central differences on ${ds.length} random draws; ${DENOMINATOR_NOTE}`,
      derived: null,
      diagnoses: [],
      notes: [DENOMINATOR_NOTE],
    };
  const res = compareFd(claims, truths, what, FD_SAME, FD_DIFFERENT, ds.length);
  if (res.verdict !== "incorrect") return res;
  // right for the other stacking: the Kronecker factors are in the order of the other convention
  const other: Stacking = w.order === "vec" ? "rvec" : "vec";
  const alt = byStacking(other);
  if (close(alt) || close(alt, transpose)) {
    const kron = A.some(s.rhs, (x) => x.k === "op" && x.op === "kron");
    const text = `right for ${other === "vec" ? "column stacking (vec)" : "row stacking (rvec)"}, but ${w.latex} is ${stacking}: ${kron ? "the Kronecker factors are in the wrong order" : "the entries are stacked in the other order"}`;
    return { ...res, reason: text, diagnoses: [{ kind: "order", text }] };
  }
  return res;
}

/**
 * ∂E/∂vec X for a scalar E the lecture never defines, claimed in terms of ∂E/∂X (∂E/∂X: = ((∂E/∂X):)ᵀ, the
 * two ways of writing one gradient): every G is the gradient of some E (E = tr(Gᵀ X)), so the claim holds for
 * all E exactly when it holds with ∂E/∂X replaced by any G — checked with a random G on several draws, against
 * vec(G)ᵀ (numerator layout, a row) or vec(G) (denominator layout). Null when the claim is not of this form.
 */
export function checkAbstractStacked(doc: Document, s: Claim, w: Stacked): Body | null {
  const E = s.deriv.of;
  if (E.k !== "sym" || doc.statements.some((r) => r.statement.kind === "definition" && r.statement.lhs.name === E.name))
    return null;
  const grads: Expr[] = [];
  const foreign = A.some(s.rhs, (x) => {
    if (x.k !== "deriv") return false;
    const ok = x.order === 1 && x.of === E && x.wrt.length === 1 && x.wrt[0] === w.base;
    if (ok) grads.push(x);
    return !ok;
  });
  if (foreign || !grads.length) return null;
  const syms = [w.base, ...Graph.uses(s.rhs).filter((x) => x.name !== E.name && x.name !== w.base.name)];
  const errs: { row: number; col: number; other: number; ratio: number | null }[] = [];
  for (let seed = 1; seed <= DRAWS; seed++) {
    const { values } = sampleSymbols(doc, syms, [s.rhs], 7919 * seed);
    const G = values.get(w.base.name);
    if (G === undefined || !isMat(G)) return null;
    const stack = (order: Stacking): Mat => {
      const g = order === "rvec" ? G : transpose(G);
      return { rows: g.data.length, cols: 1, data: Float64Array.from(g.data) };
    };
    let c: Value;
    try {
      c = evaluate(s.rhs, { values, derivs: new Map(grads.map((d) => [d, G])) }, transpose(stack(w.order)));
    } catch (e) {
      throw new Unverifiable(evalReason(e));
    }
    const other = w.order === "vec" ? "rvec" : "vec";
    errs.push({
      row: err(c, transpose(stack(w.order))),
      col: err(c, stack(w.order)),
      other: Math.min(err(c, transpose(stack(other))), err(c, stack(other))),
      ratio: ((r) => (r && r.residual < 1e-6 ? r.c : null))(ratio(c, transpose(stack(w.order)))),
    });
  }
  const body = (verdict: "correct" | "incorrect", reason: string, notes: string[] = []): Body => ({
    verdict,
    reason,
    derived: null,
    diagnoses: verdict === "incorrect" ? [{ kind: "differs", text: reason }] : [],
    notes,
  });
  const how = `for every scalar ${E.latex} (checked with ${printExpr(grads[0])} replaced by a random matrix on ${errs.length} draws: any matrix is the gradient of some ${E.latex})`;
  if (errs.every((e) => e.row < SAME))
    return body("correct", `equals the gradient stacked as ${w.latex}, as a row, ${how}`);
  if (errs.every((e) => e.col < SAME))
    return body("correct", `equals the gradient stacked as ${w.latex}, ${how}; denominator layout`, [
      "denominator layout",
    ]);
  if (!errs.every((e) => e.row > DIFFERENT && e.col > DIFFERENT))
    throw new Unverifiable(`numerically inconclusive against the stacked gradient (${how})`);
  if (errs.every((e) => e.other < SAME))
    return body(
      "incorrect",
      `the gradient stacked in the other order: ${w.latex} is ${w.order === "vec" ? "column" : "row"} stacking`,
    );
  const c0 = errs[0].ratio;
  if (c0 !== null && errs.every((e) => e.ratio !== null && Math.abs(e.ratio - c0) < 1e-6 * Math.abs(c0)))
    return body(
      "incorrect",
      Math.abs(c0 + 1) < 1e-6 ? "wrong sign" : `off by a constant factor ${Number(c0.toPrecision(4))}`,
    );
  return body(
    "incorrect",
    `differs from the gradient stacked as ${w.latex} when ${printExpr(grads[0])} is a random matrix (on each of ${errs.length} draws; any matrix is the gradient of some ${E.latex})`,
  );
}
