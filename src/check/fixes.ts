// Diagnoses that name the fix: one small edit of the claim that makes it agree with the truth on every draw —
// a transposed factor inside a product ("\mathbf{C} should be \mathbf{C}^\top"), a Kronecker product in the wrong
// order, an extra factor — or one factor of the derived formula that the claim leaves out ("missing factor
// \mathbf{C}^\top"). Terms are also compared after expanding the derived formula (−Xᵀ(t − Xw) = XᵀXw − Xᵀt), so a
// missing term is named even when the derivation keeps a product of sums. The relative error is the last resort.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import { printExpr } from "../render/latex.js";
import type { Value } from "../numeric/index.js";
import { err, evalAt, SAME, type Draw } from "./numeric.js";
import { termsDiagnosis } from "./diagnose.js";
import type { Diagnosis } from "./types.js";

interface Edit {
  readonly expr: Expr;
  readonly diagnosis: Diagnosis;
}

/** Every tree obtained from `e` by replacing one node with one of `alt(node)`. */
function variants(e: Expr, alt: (x: Expr) => { expr: Expr; diagnosis: Diagnosis }[]): Edit[] {
  const out: Edit[] = [...alt(e)];
  const cs = A.children(e);
  cs.forEach((c, i) => {
    for (const v of variants(c, alt))
      out.push({
        expr: A.withChildren(
          e,
          cs.map((x, j) => (j === i ? v.expr : x)),
        ),
        diagnosis: v.diagnosis,
      });
  });
  return out;
}

const small = (e: Expr) => printExpr(e).length <= 60;
const isFactor = (e: Expr) =>
  e.k === "sym" || e.k === "apply" || (e.k === "op" && !["mul", "add", "neg", "transpose"].includes(e.op));
const mulFactors = (e: Expr): Expr[] => (A.isOp(e, "mul") ? e.args.flatMap(mulFactors) : [e]);

/** Edits of the claim: transpose one factor of a product (or untranspose it), swap a Kronecker product, drop a factor. */
function claimEdits(claim: Expr): Edit[] {
  return variants(claim, (x) => {
    const alts: { expr: Expr; diagnosis: Diagnosis }[] = [];
    if (A.isOp(x, "mul")) {
      x.args.forEach((f, i) => {
        const rest = x.args.filter((_, j) => j !== i);
        if (small(f) && f.k !== "num") {
          const p = printExpr(f);
          alts.push({
            expr: rest.length === 1 ? rest[0] : A.op("mul", rest),
            diagnosis: { kind: "differs", text: `extra factor ${p}`, formulas: [p] },
          });
        }
        const g = A.isOp(f, "transpose") ? f.args[0] : isFactor(f) ? A.op("transpose", [f]) : null;
        if (g && small(f)) {
          const [p, q] = [printExpr(f), printExpr(g)];
          alts.push({
            expr: A.op(
              "mul",
              x.args.map((y, j) => (j === i ? g : y)),
            ),
            diagnosis: { kind: "transpose", text: `${p} should be ${q}`, formulas: [p, q] },
          });
        }
      });
    }
    if (A.isOp(x, "kron") && x.args.length === 2) {
      const [a, b] = x.args;
      const [p, q] = [printExpr(x), printExpr(A.op("kron", [b, a]))];
      alts.push({
        expr: A.op("kron", [b, a]),
        diagnosis: { kind: "order", text: `wrong Kronecker order: ${p} should be ${q}`, formulas: [p, q] },
      });
    }
    return alts;
  });
}

/** Edits of the derived formula that drop one factor of a product: the claim is then missing that factor. */
function derivedEdits(derived: Expr): Edit[] {
  return variants(derived, (x) => {
    if (!A.isOp(x, "mul")) return [];
    return x.args.flatMap((f, i) => {
      if (!small(f) || f.k === "num") return [];
      const rest = x.args.filter((_, j) => j !== i);
      const side = i === 0 ? " on the left" : i === x.args.length - 1 ? " on the right" : "";
      const p = printExpr(f);
      return [
        {
          expr: rest.length === 1 ? rest[0] : A.op("mul", rest),
          diagnosis: { kind: "factor" as const, factor: p, text: `missing factor ${p}${side}`, formulas: [p] },
        },
      ];
    });
  });
}

const agrees = (e: Expr, truths: readonly Value[], ds: readonly Draw[], same: number): boolean => {
  try {
    return ds.every((d, i) => err(evalAt(e, d), truths[i]) < same);
  } catch {
    return false;
  }
};

/** The first single edit of the claim that makes it right, or a factor of the derived formula it leaves out. */
export function fixDiagnosis(
  claim: Expr,
  truths: readonly Value[],
  ds: readonly Draw[],
  derived?: Expr,
  same = SAME,
): Diagnosis | null {
  for (const e of claimEdits(claim)) if (agrees(e.expr, truths, ds, same)) return e.diagnosis;
  if (!derived) return null;
  let claimed: Value[];
  try {
    claimed = ds.map((d) => evalAt(claim, d));
  } catch {
    return null;
  }
  for (const e of derivedEdits(derived)) if (agrees(e.expr, claimed, ds, same)) return e.diagnosis;
  return null;
}

/** a (b + c) → a b + a c, −(a + b) → −a − b, (a + b)ᵀ → aᵀ + bᵀ: a sum of products, for comparing terms. */
export function expand(e: Expr): Expr {
  const ts = expandTerms(e);
  return ts.length === 1 ? ts[0] : A.op("add", ts);
}
function expandTerms(e: Expr): Expr[] {
  if (A.isOp(e, "add")) return e.args.flatMap(expandTerms);
  if (A.isOp(e, "neg")) return expandTerms(e.args[0]).map((t) => (A.isOp(t, "neg") ? t.args[0] : A.op("neg", [t])));
  if (A.isOp(e, "transpose")) {
    const ts = expandTerms(e.args[0]);
    return ts.length === 1
      ? [e]
      : ts.map((t) => (A.isOp(t, "neg") ? A.op("neg", [A.op("transpose", [t.args[0]])]) : A.op("transpose", [t])));
  }
  if (A.isOp(e, "mul")) {
    const fs = mulFactors(e).map(expandTerms);
    if (fs.every((f) => f.length === 1) || fs.reduce((n, f) => n * f.length, 1) > 16) return [e];
    let acc: Expr[][] = [[]];
    for (const f of fs) acc = acc.flatMap((p) => f.map((t) => [...p, t]));
    return acc.map((p) => {
      let sign = 1;
      const plain = p.map((t) => {
        if (A.isOp(t, "neg")) {
          sign = -sign;
          return t.args[0];
        }
        return t;
      });
      const m = plain.slice(1).reduce((a, b) => A.op("mul", [a, b]), plain[0]);
      return sign < 0 ? A.op("neg", [m]) : m;
    });
  }
  return [e];
}

/** Missing and extra terms against the derived formula multiplied out, when it has more terms that way. */
export function expandedTermsDiagnosis(claim: Expr, derived: Expr, ds: readonly Draw[]): Diagnosis | null {
  const x = expand(derived);
  return x === derived ? null : termsDiagnosis(claim, x, ds);
}

/** Terms compared as derived and multiplied out: the reading that names fewer terms (Aᵀx missing, not (A + Aᵀ)x). */
export function bestTermsDiagnosis(claim: Expr, derived: Expr, ds: readonly Draw[]): Diagnosis | null {
  const a = termsDiagnosis(claim, derived, ds),
    b = expandedTermsDiagnosis(claim, derived, ds);
  const n = (d: Diagnosis | null) => (d ? (d.formulas?.length ?? 0) : Infinity);
  return n(b) < n(a) ? b : a;
}
