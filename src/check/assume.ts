// Symmetry: `\mathbf{A} = \mathbf{A}^\top` in a lecture is an assumption (2Aw is ∂(wᵀAw)/∂w only for a
// symmetric A). A claim that fails on general draws is re-evaluated with each square input symmetrised.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import type { Derivation } from "../derive/reverse.js";
import { evaluate } from "../numeric/eval.js";
import { add, scale, transpose, isMat, type Value } from "../numeric/index.js";
import { err, SAME, type Draw } from "./numeric.js";
import { assumptionsOf } from "../derive/docindex.js";

/** Names of the symbols the document assumes symmetric (X = X^\top). */
export function assumedSymmetric(doc: Document): Set<string> {
  const out = new Set<string>();
  for (const s of assumptionsOf(doc)) {
    if (
      s.rel === "=" &&
      s.lhs.k === "sym" &&
      A.isOp(s.rhs, "transpose") &&
      s.rhs.args[0].k === "sym" &&
      s.rhs.args[0].name === s.lhs.name
    )
      out.add(s.lhs.name);
  }
  return out;
}

/** The square input whose symmetrisation makes the claim agree with the derived gradient, if any. */
export function symmetricFix(d: Derivation, claim: Expr, derived: Expr, ds: readonly Draw[]): A.Sym | null {
  // only when the derived gradient is in terms of inputs (no intermediate gradients that would change too)
  if (A.some(derived, (x) => x.k === "deriv" && x !== d.upstream)) return null;
  const used = new Set([...A.symbolsOf(claim).keys(), ...A.symbolsOf(derived).keys()]);
  for (const m of d.inputs) {
    if (!used.has(m.name)) continue;
    const agrees = ds.every((dr) => {
      const v = dr.run.values.get(m.name);
      if (!v || !isMat(v) || v.rows !== v.cols || v.rows < 2) return false;
      const values = new Map<string, Value>(dr.run.values);
      values.set(m.name, scale(0.5, add(v, transpose(v))));
      for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
      try {
        const env = { values, derivs: dr.run.derivs };
        return err(evaluate(claim, env), evaluate(derived, env)) < SAME;
      } catch {
        return false;
      }
    });
    if (agrees) return m;
  }
  return null;
}

/**
 * The vector (an input or a constant of the derivation) whose normalisation to 1ᵀv = 1 makes the claim agree with
 * the derived gradient on every draw, if any: s − t for softmax cross-entropy holds only for targets that sum to
 * one. Each draw is re-run with v ← |v| / 1ᵀ|v|: the forward values and every backward value are recomputed.
 */
export function normalisedFix(d: Derivation, claim: Expr, derived: Expr, ds: readonly Draw[]): A.Sym | null {
  const used = new Set([...A.symbolsOf(claim).keys(), ...d.forward.flatMap((f) => [...A.symbolsOf(f.rhs).keys()])]);
  for (const m of [...d.inputs, ...d.constants]) {
    if (!used.has(m.name)) continue;
    const agrees = ds.every((dr) => {
      const v = dr.run.values.get(m.name);
      if (!v || !isMat(v) || (v.rows !== 1 && v.cols !== 1) || v.data.length < 2) return false;
      const abs = v.data.map(Math.abs);
      const total = abs.reduce((a, b) => a + b, 0);
      if (!(total > 0)) return false;
      const values = new Map<string, Value>(dr.run.values);
      values.set(m.name, { rows: v.rows, cols: v.cols, data: abs.map((x) => x / total) });
      try {
        for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
        const derivs = new Map<Expr, Value>();
        if (d.upstream) derivs.set(d.upstream, dr.run.derivs.get(d.upstream)!);
        for (const b of d.backward) derivs.set(b.name, evaluate(b.expr, { values, derivs }, values.get(b.target.name)));
        const env = { values, derivs };
        return err(evaluate(claim, env), evaluate(derived, env)) < SAME;
      } catch {
        return false;
      }
    });
    if (agrees) return m;
  }
  return null;
}
