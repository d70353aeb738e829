// Claims by one entry of a matrix, in index notation: ∂E/∂u_{kℓ} = −2 Σ_j s_{kj} v_{jℓ} (y_{kj} − u_kᵀ v_j) with
// E = Σ_{i,j} s_{ij} (y_{ij} − u_iᵀ v_j)², where u_i is row i of U (the data family of the sum) and u_{kℓ} its
// entry. Nothing is derived symbolically: on each draw, for EVERY (k, ℓ) in U's range, the claim's right side
// (with k and ℓ bound, as a sum over one value binds its index) is compared with the central difference of E
// in that entry. The matrix is the draw's value of u (rows u_i) or of U.
import * as A from "../ast/index.js";
import type { Expr, Slice } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { printExpr } from "../render/latex.js";
import { evaluate } from "../numeric/eval.js";
import { isMat, type Mat, type Value } from "../numeric/index.js";
import { err, evalReason, finite, FD_SAME, FD_DIFFERENT, DRAWS } from "./numeric.js";
import { sampleSymbols } from "../derive/sample.js";
import { documentFunctions } from "../parse/functions-abstract.js";
import type { Derivation } from "../derive/reverse.js";
import { setup, type Cache, type Claim } from "./setup.js";
import { Unverifiable, type ClaimResult } from "./types.js";

type Body = Omit<ClaimResult, "loc" | "claim">;
/** At most this many entries are compared on one draw (bounded work). */
const MAX_ENTRIES = 64;

const indexName = (e: Expr | null): string | null => (e?.k === "sym" && /^[A-Za-z]+$/.test(e.name) ? e.name : null);

type Values = Map<string, Value>;

/** Forward values only (no gradient is derived here), on draws where every value is finite. */
function forwardDraws(d: Derivation): Values[] {
  const exprs = d.forward.map((f) => f.rhs);
  const out: Values[] = [];
  for (let seed = 1; out.length < DRAWS && seed <= 3 * DRAWS; seed++) {
    const values = new Map(sampleSymbols(d.doc, [...d.inputs, ...d.constants], exprs, seed, d.forward).values);
    try {
      for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
    } catch (e) {
      throw new Unverifiable(evalReason(e));
    }
    if ([...values.values()].every(finite)) out.push(values);
  }
  if (out.length < 3) throw new Unverifiable("the definitions give non-finite values on random inputs");
  return out;
}

/** The central difference of the output in entry (r, c) of the matrix `base` (downstream definitions recomputed). */
function centralDiff(d: Derivation, values: Values, base: string, M: Mat, r: number, c: number): number {
  const out = d.output.name;
  const at = (h: number) => {
    const data = Float64Array.from(M.data);
    data[r * M.cols + c] += h;
    const vs = new Map(values).set(base, { rows: M.rows, cols: M.cols, data });
    for (const f of d.forward) if (f.lhs.name !== base) vs.set(f.lhs.name, evaluate(f.rhs, { values: vs }));
    const v = vs.get(out);
    if (typeof v !== "number" && !(v && isMat(v) && v.data.length === 1))
      throw new Unverifiable(`${d.output.latex} is not a scalar`);
    return typeof v === "number" ? v : v.data[0];
  };
  const h = 1e-5 * Math.max(1, Math.abs(M.data[r * M.cols + c]));
  return (at(h) - at(-h)) / (2 * h);
}

export function checkEntrywise(doc: Document, index: number, s: Claim, w: Slice, cache: Cache): Body | null {
  if (w.x.k !== "sym" || w.row === null || w.col === null) return null;
  const [ki, li] = [indexName(w.row), indexName(w.col)];
  if (!ki || !li || ki === li) return null;
  const name = w.x.name;
  let st: ReturnType<typeof setup>;
  try {
    st = setup(doc, index, s.deriv.of, null, cache);
  } catch {
    return null;
  }
  if (st.abstract || st.d.upstream || documentFunctions(st.d.doc.env)?.abstract.size) return null;
  const ds = forwardDraws(st.d);
  const base = [name, name.toUpperCase()].find((n) => ds.every((vs) => isMat(vs.get(n) ?? 0)));
  if (!base) return null;
  const errs: number[] = [];
  for (const values of ds) {
    const M = values.get(base) as Mat;
    if (M.rows * M.cols > MAX_ENTRIES)
      throw new Unverifiable(`${w.x.latex} has ${M.rows * M.cols} entries on a draw: too many to compare one by one`);
    const claims: number[] = [],
      truths: number[] = [];
    for (let r = 0; r < M.rows; r++)
      for (let c = 0; c < M.cols; c++) {
        // Σ_{k=r}^{r} Σ_{ℓ=c}^{c} rhs binds k and ℓ wherever the right side uses them (u_k, s_{k,j}, v_{j,ℓ})
        const bound = A.sumIdx(ki, A.sumIdx(li, s.rhs, A.num(c + 1), A.num(c + 1)), A.num(r + 1), A.num(r + 1));
        let v: Value;
        try {
          v = evaluate(bound, { values });
        } catch (e) {
          throw new Unverifiable(evalReason(e));
        }
        if (typeof v !== "number" && !(isMat(v) && v.data.length === 1))
          throw new Unverifiable(`the right side is not a scalar, as a derivative by the entry ${printExpr(w)} is`);
        claims.push(typeof v === "number" ? v : v.data[0]);
        truths.push(centralDiff(st.d, values, base, M, r, c));
      }
    const vec = (xs: number[]): Mat => ({ rows: xs.length, cols: 1, data: Float64Array.from(xs) });
    errs.push(err(vec(claims), vec(truths)));
  }
  const worst = Math.max(...errs);
  const every = `every entry (${printExpr(w.row)}, ${printExpr(w.col)}) of ${base === name ? `the matrix of rows ${printExpr(w.x)}_i` : printExpr(A.sym(base, "matrix", base))}`;
  if (errs.every((e) => e < FD_SAME))
    return {
      verdict: "correct",
      reason: `agrees with the central differences of ${printExpr(s.deriv.of)} in ${every} on ${ds.length} random draws (largest relative error ${worst.toExponential(1)}); no closed form derived`,
      derived: null,
      diagnoses: [],
      notes: [],
      relErr: worst,
    };
  if (!errs.every((e) => e > FD_DIFFERENT))
    throw new Unverifiable(
      `numerically inconclusive against central differences (relative errors ${errs.map((e) => e.toExponential(1)).join(", ")})`,
    );
  const text = `differs from the central differences of ${printExpr(s.deriv.of)} in ${every} on every draw (largest relative error ${Number.isFinite(worst) ? worst.toExponential(1) : "∞"})`;
  return {
    verdict: "incorrect",
    reason: text,
    derived: null,
    diagnoses: [{ kind: "differs", text }],
    notes: [],
    relErr: worst,
  };
}
