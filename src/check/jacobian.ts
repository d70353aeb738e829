// Claims checked in the vec/Jacobian sense, against central differences through the lecture's definitions:
// chain statements (vec(∂L/∂X)ᵀ = Σ vec(∂L/∂Q)ᵀ ∂vec Q/∂vec X), Jacobians ∂y/∂x (m×n for y ∈ ℝᵐ, x ∈ ℝⁿ)
// and Hessians ∂²f/∂x∂xᵀ. In a chain, ∂Y/∂Z is partial when Z appears in Y's definition, total otherwise. No closed form is derived here, so an incorrect one names the numeric evidence.
import type { Expr, Deriv, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { printExpr } from "../render/latex.js";
import { matmul, add, scale, transpose, type Value, type Mat } from "../numeric/index.js";
import { Graph } from "../derive/graph.js";
import { setup, type Cache, type Claim, type Setup } from "./setup.js";
import { terms } from "./diagnose.js";
import {
  evalAt,
  err,
  jacobian,
  directJacobian,
  hessian,
  vecRow,
  asShapeOf,
  ratio,
  evalReason,
  FD_SAME,
  FD_DIFFERENT,
  type Draw,
} from "./numeric.js";
import { Unverifiable, type ClaimResult, type Diagnosis } from "./types.js";
import { DENOMINATOR_NOTE } from "./layout.js";
import { lectureStacking, stackedMatrix, stackingReason } from "./conventions.js";
import { fixDiagnosis } from "./fixes.js";
import { abstractChain } from "./chainrule.js";
import { layerProductChain } from "./layerchain.js";
import { checkStacked } from "./stacked.js";

type Body = Omit<ClaimResult, "loc" | "claim">;

/** −(a b c) and 2 a b as a coefficient and the factors in order. */
function factors(e: Expr): { coef: number; fs: Expr[] } {
  if (e.k === "op" && e.op === "neg") {
    const r = factors(e.args[0]);
    return { coef: -r.coef, fs: r.fs };
  }
  if (e.k === "op" && e.op === "mul") {
    const a = factors(e.args[0]),
      b = factors(e.args[1]);
    return { coef: a.coef * b.coef, fs: [...a.fs, ...b.fs] };
  }
  if (e.k === "num") return { coef: e.value, fs: [] };
  return { coef: 1, fs: [e] };
}

/** The gradient name of `z` in the derivation, when `of` is its loss. */
function gradientOf(st: Setup, of: Expr, z: string): Deriv | undefined {
  const d = st.d;
  const isLoss =
    of === d.loss ||
    (of.k === "sym" && d.loss.k === "sym" && of.name === d.loss.name) ||
    (of.k === "apply" && d.loss.k === "sym" && of.fn.name === d.loss.name);
  if (!isLoss) return undefined;
  if (d.upstream && d.output.name === z) return d.upstream;
  return d.backward.find((b) => b.target.name === z)?.name;
}

/** A derivative as a matrix in the vec sense: vec(∂L/∂V)ᵀ for the loss, ∂vec Y/∂vec Z otherwise. */
function asJacobian(st: Setup, x: Expr, dr: Draw): Mat {
  if (x.k !== "deriv" || x.order !== 1 || x.wrt.length !== 1 || x.wrt[0].k !== "sym")
    throw new Unverifiable(`the chain uses ${printExpr(x)}, which is not a first derivative by a symbol`);
  const z = x.wrt[0].name;
  const g = gradientOf(st, x.of, z);
  if (g) {
    const v = dr.run.derivs.get(g);
    if (v === undefined) throw new Unverifiable(`${printExpr(x)} has no value in the derivation`);
    return vecRow(asShapeOf(v, dr.run.values.get(z)));
  }
  const y = x.of.k === "sym" ? x.of.name : x.of.k === "apply" ? x.of.fn.name : null;
  if (!y || !st.d.forward.some((f) => f.lhs.name === y))
    throw new Unverifiable(`the chain uses ${printExpr(x)}, but ${printExpr(x.of)} is not defined in the lecture`);
  if (!dr.run.values.has(z)) {
    const w = stackedMatrix(st.doc, x.wrt[0]);
    throw new Unverifiable(
      `the chain uses ${printExpr(x)}, but ${w ? stackingReason(x.wrt[0], w) : `${x.wrt[0].latex} is not part of the derivation`}`,
    );
  }
  // a quantity named in Y's own definition: the partial derivative (∂Q/∂X for Q = X W_q); else the total one
  const def = st.d.forward.find((f) => f.lhs.name === y)!;
  return Graph.uses(def.rhs).some((u) => u.name === z) ? directJacobian(st.d, dr, y, z) : jacobian(st.d, dr, y, z);
}

function chainValue(st: Setup, e: Expr, dr: Draw): Value {
  let acc: Value | null = null;
  for (const t of terms(e)) {
    const { coef, fs } = factors(t);
    if (!fs.length) throw new Unverifiable(`the chain has a term ${printExpr(t)} without derivatives`);
    let p: Value = asJacobian(st, fs[0], dr);
    try {
      for (const f of fs.slice(1)) p = matmul(p, asJacobian(st, f, dr));
    } catch (e) {
      if (e instanceof Unverifiable) throw e;
      throw new Unverifiable(`the factors of ${printExpr(t)} do not conform as Jacobians (${(e as Error).message})`);
    }
    const v: Value = scale(coef, p);
    try {
      acc = acc === null ? v : add(acc, v);
    } catch {
      throw new Unverifiable("the terms of the chain have different shapes as Jacobians");
    }
  }
  return acc!;
}

export function checkChain(doc: Document, index: number, s: Claim, cache: Cache): Body {
  const w = s.deriv.wrt[0];
  if (s.deriv.order !== 1 || w.k !== "sym")
    throw new Unverifiable("a chain statement for a derivative that is not first order by a symbol");
  // a product over the layers (∏_{i=0}^{k-1}): the chain rule written out for k = 1, 2, 3 (./layerchain.ts)
  const lp = layerProductChain(doc, s);
  if (lp) return lp;
  let st: Setup;
  try {
    st = setup(doc, index, s.deriv.of, w.name, cache);
  } catch (e) {
    // nothing to derive: the chain rule itself, for quantities the lecture leaves undefined (./chainrule.ts)
    const r = abstractChain(doc, s);
    if (r) return r;
    throw e;
  }
  const ds = st.ds();
  const lhs = ds.map((dr) => asJacobian(st, s.deriv, dr));
  const rhs = ds.map((dr) => chainValue(st, s.rhs, dr));
  const errs = rhs.map((v, i) => err(v, lhs[i]));
  const worst = Math.max(...errs);
  const b = st.d.backward.find((x) => x.target.name === w.name);
  const derived =
    gradientOf(st, s.deriv.of, w.name) && b ? { derived: printExpr(b.expr), derivedExpr: b.expr } : { derived: null };
  if (errs.every((e) => e < FD_SAME))
    return {
      verdict: "correct",
      reason: `holds in the vec sense: both sides agree as products of Jacobians (∂vec Y/∂vec X by central differences) on ${ds.length} random draws`,
      ...derived,
      diagnoses: [],
      notes: [],
      relErr: worst,
    };
  if (!errs.every((e) => e > FD_DIFFERENT))
    throw new Unverifiable(
      `numerically inconclusive in the vec sense (relative errors ${errs.map((e) => e.toExponential(1)).join(", ")})`,
    );
  const missing = missingPaths(st, s, w.name, ds, rhs, lhs);
  const diag: Diagnosis = missing ?? {
    kind: "differs",
    text: `does not hold in the vec sense (relative error ${worst.toExponential(1)})`,
  };
  return { verdict: "incorrect", reason: diag.text, ...derived, diagnoses: [diag], notes: [], relErr: worst };
}

/** For a loss chain: the definitions that use X directly whose path the claim leaves out. */
function missingPaths(st: Setup, s: Claim, x: string, ds: Draw[], rhs: Value[], lhs: Value[]): Diagnosis | null {
  const users = st.d.forward.filter((f) => Graph.uses(f.rhs).some((u) => u.name === x));
  if (!gradientOf(st, s.deriv.of, x) || users.length < 2) return null;
  const paths = users.map((f) => ({
    f,
    v: ds.map(
      (dr) =>
        matmul(
          vecRow(
            asShapeOf(dr.run.derivs.get(gradientOf(st, s.deriv.of, f.lhs.name)!) ?? 0, dr.run.values.get(f.lhs.name)),
          ),
          directJacobian(st.d, dr, f.lhs.name, x),
        ) as Value,
    ),
  }));
  const missing = paths.filter((p) => rhs.every((r, i) => err(add(r, p.v[i]), lhs[i]) < FD_SAME));
  if (missing.length !== 1) return null;
  return { kind: "terms", text: `missing the path through ${missing[0].f.lhs.latex}` };
}

/** ∂y/∂x for a defined (or written-out) non-scalar y: the m×n Jacobian by central differences. */
export function checkJacobian(st: Setup, s: Claim): Body {
  const x = s.deriv.wrt[0];
  if (x.k !== "sym" || !st.ds()[0].run.values.has(x.name)) {
    const w = x.k === "sym" ? stackedMatrix(st.doc, x) : null;
    const order = w ? lectureStacking(st.doc, s.loc.file) : null;
    if (w && order && x.k === "sym") {
      // w is W's entries in the order of the lecture's own stacking line
      const how = order.order === "vec" ? "vec (columns stacked)" : "rvec (rows stacked)";
      const note = `${x.latex} is never defined: read as ${how} of ${w.latex}, the stacking the lecture writes at line ${order.line} (${order.latex})`;
      const res = checkStacked(st, s, { base: w, order: order.order, latex: x.latex });
      return { ...res, reason: `${note}; ${res.reason}`, notes: [note, ...res.notes] };
    }
    throw new Unverifiable(
      w && x.k === "sym"
        ? `${stackingReason(x, w)}${stackingOutcome(st, s, w, x.latex)}`
        : `${printExpr(x)} is not part of the definition of ${printExpr(s.deriv.of)}`,
    );
  }
  const ds = st.ds();
  let claims: Value[];
  try {
    claims = ds.map((dr) => evalAt(s.rhs, dr));
  } catch (e) {
    throw new Unverifiable(evalReason(e));
  }
  const js = ds.map((dr) => jacobian(st.d, dr, st.d.output.name, x.name));
  const other =
    claims.every((c, i) => err(c, transpose(js[i])) < FD_SAME) && !claims.every((c, i) => err(c, js[i]) < FD_SAME);
  if (other)
    return {
      verdict: "correct",
      reason: `agrees with the transpose of the Jacobian ∂vec Y/∂vec X computed by central differences on ${ds.length} random draws; ${DENOMINATOR_NOTE}`,
      derived: null,
      diagnoses: [],
      notes: [DENOMINATOR_NOTE],
    };
  const res = compareFd(claims, js, "the Jacobian ∂vec Y/∂vec X", FD_SAME, FD_DIFFERENT, ds.length);
  // a single edit that fixes the claim names the fix (./fixes.ts)
  const fix =
    res.verdict === "incorrect" && res.diagnoses[0]?.kind === "differs"
      ? fixDiagnosis(s.rhs, js, ds, undefined, FD_SAME)
      : null;
  return fix
    ? { ...res, reason: `${fix.text} (checked against central differences; no closed form derived)`, diagnoses: [fix] }
    : res;
}

/** Which stacking of W the claim holds for, when w is W's entries in an order the lecture never gives. */
function stackingOutcome(st: Setup, s: Claim, W: Sym, latex: string): string {
  const holds = (order: "vec" | "rvec") => {
    try {
      return checkStacked(st, s, { base: W, order, latex }).verdict === "correct";
    } catch {
      return false;
    }
  };
  const [col, row] = [holds("vec"), holds("rvec")];
  if (col === row) return col ? "; it holds for both" : "";
  return `; the claim holds for ${col ? "column stacking (vec)" : "row stacking (rvec)"}, not for ${col ? "row" : "column"} stacking`;
}

/** ∂²f/∂x∂xᵀ of a defined scalar f: the Hessian by central differences. */
export function checkHessian(doc: Document, index: number, s: Claim, cache: Cache): Body {
  const [a, b] = s.deriv.wrt;
  const base = (e: Expr | undefined) => (e?.k === "op" && e.op === "transpose" ? e.args[0] : e);
  const x = base(a);
  if (s.deriv.order !== 2 || !x || x.k !== "sym" || (b !== undefined && base(b) !== x))
    throw new Unverifiable("only second derivatives ∂²f/∂x∂xᵀ by one symbol are checked");
  const st = setup(doc, index, s.deriv.of, x.name, cache);
  if (st.d.upstream || st.abstract)
    throw new Unverifiable(`the Hessian needs a definition of the scalar ${printExpr(s.deriv.of)}`);
  const ds = st.ds();
  if (!ds[0].run.values.has(x.name))
    throw new Unverifiable(`${x.latex} is not part of the definition of ${printExpr(s.deriv.of)}`);
  let claims: Value[];
  try {
    claims = ds.map((dr) => evalAt(s.rhs, dr));
  } catch (e) {
    throw new Unverifiable(evalReason(e));
  }
  const hs = ds.map((dr) => hessian(st.d, dr, st.d.output.name, x.name));
  return compareFd(claims, hs, "the Hessian", 1e-4, 1e-2, ds.length);
}

export function compareFd(
  claims: Value[],
  truths: Mat[],
  what: string,
  same: number,
  different: number,
  n: number,
): Body {
  const errs = claims.map((c, i) => err(c, truths[i]));
  const worst = Math.max(...errs);
  if (errs.every((e) => e < same))
    return {
      verdict: "correct",
      reason: `agrees with ${what} computed by central differences on ${n} random draws`,
      derived: null,
      diagnoses: [],
      notes: [],
      relErr: worst,
    };
  if (!errs.every((e) => e > different))
    throw new Unverifiable(
      `numerically inconclusive against ${what} (relative errors ${errs.map((e) => e.toExponential(1)).join(", ")})`,
    );
  const diags: Diagnosis[] = [];
  if (claims.every((c, i) => err(c, transpose(truths[i])) < same))
    diags.push({ kind: "transpose", text: `transposed: ${what} of y ∈ ℝᵐ by x ∈ ℝⁿ is m×n` });
  const rs = claims.map((c, i) => ratio(c, truths[i]));
  if (
    !diags.length &&
    rs.every((r) => r && r.residual < same * 10) &&
    rs.every((r) => Math.abs(r!.c - rs[0]!.c) < 1e-4 * Math.abs(rs[0]!.c))
  ) {
    const c = rs[0]!.c;
    diags.push(
      Math.abs(c + 1) < 1e-4
        ? { kind: "sign", text: "wrong sign" }
        : {
            kind: "factor",
            factor: String(Number(c.toPrecision(4))),
            text: `off by a constant factor ${Number(c.toPrecision(4))}`,
          },
    );
  }
  if (!diags.length)
    diags.push({
      kind: "differs",
      text: `differs from ${what} (relative error ${Number.isFinite(worst) ? worst.toExponential(1) : "∞: the shapes differ"})`,
    });
  return {
    verdict: "incorrect",
    reason: `${diags.map((d) => d.text).join("; ")} (checked against central differences; no closed form derived)`,
    derived: null,
    diagnoses: diags,
    notes: [],
    relErr: worst,
  };
}
