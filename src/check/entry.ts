// Claims with respect to one entry of a vector: ∂f/∂z_k where \mathbf{z} is the vector the derivation uses.
// ∂f/∂z_k is entry k of ∂f/∂z; the claim's right side (a_k, k) is evaluated for EVERY k in the vector's
// range on each draw, with a_k read as entry k of \mathbf{a}, and must match that entry for each.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { printDisplay } from "../render/display.js";
import { entry, isMat, type Value } from "../numeric/index.js";
import { evalAt, asShapeOf, err, evalReason, SAME, DIFFERENT } from "./numeric.js";
import type { Setup } from "./setup.js";
import type { BackwardDef } from "../derive/reverse.js";
import { Unverifiable, type ClaimResult } from "./types.js";

/** `z_k` → ["z", "k"] when the name is a base with a one-letter index. */
export function entryOf(name: string): [string, string] | null {
  const m = /^(.+)_([A-Za-z])$/.exec(name);
  return m ? [m[1], m[2]] : null;
}

/** The right side with index `ix` fixed to k: `ix` → k, `a_ix` → entry k of a (when a is a value of the draw). */
function atIndex(e: Expr, ix: string, k: number, values: ReadonlyMap<string, Value>): Expr {
  return A.mapExpr(e, (x) => {
    if (x.k !== "sym") return x;
    if (x.name === ix) return A.num(k);
    const m = entryOf(x.name);
    if (m && m[1] === ix && !values.has(x.name) && values.has(m[0]))
      return A.slice(A.sym(m[0], "vector"), A.num(k), null);
    return x;
  });
}

export function checkEntry(st: Setup, b: BackwardDef, ix: string, rhs: Expr): Omit<ClaimResult, "loc" | "claim"> {
  const derived = `${printDisplay(b.expr, st.doc.env)} (entry ${ix})`;
  const ds = st.ds();
  const errs: number[] = [];
  for (const dr of ds) {
    const raw = dr.run.derivs.get(b.name);
    if (raw === undefined) throw new Unverifiable(`no value for the gradient by ${b.target.latex}`);
    const g = asShapeOf(raw, dr.run.values.get(b.target.name));
    if (!isMat(g) || g.cols !== 1)
      throw new Unverifiable(`${b.target.latex} is not a vector, so ${b.target.latex}_${ix} is not one of its entries`);
    let worst = 0;
    for (let k = 1; k <= g.rows; k++) {
      let v: Value;
      try {
        v = evalAt(atIndex(rhs, ix, k, dr.run.values), dr);
      } catch (e) {
        throw new Unverifiable(evalReason(e));
      }
      worst = Math.max(worst, err(v, entry(g, k - 1, 0)));
    }
    errs.push(worst);
  }
  const worst = Math.max(...errs);
  const n = ds.length;
  if (errs.every((e) => e < SAME))
    return {
      verdict: "correct",
      reason: `agrees with entry ${ix} of the derived gradient for every ${ix} on ${n} random draws (largest relative error ${worst === 0 ? "0" : worst.toExponential(1)})`,
      derived,
      diagnoses: [],
      notes: [],
      relErr: worst,
    };
  if (!errs.every((e) => e > DIFFERENT))
    throw new Unverifiable(
      `numerically inconclusive: relative errors ${errs.map((e) => e.toExponential(1)).join(", ")} on ${n} draws`,
    );
  const text = `differs from entry ${ix} of the derived gradient on every draw (largest relative error ${Number.isFinite(worst) ? worst.toExponential(1) : "∞"})`;
  return {
    verdict: "incorrect",
    reason: text,
    derived,
    diagnoses: [{ kind: "differs", text }],
    notes: [],
    relErr: worst,
  };
}
