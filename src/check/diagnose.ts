// Why a claim differs from the derived gradient: factors in the wrong order, a missing or extra scalar
// factor (a constant ratio claim/truth, matched against the scalar factors of the derived expression),
// a wrong sign, a transpose, or missing and extra terms (term sets compared numerically, draw by draw).
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { MatchCtx } from "../rewrite/pattern.js";
import { printExpr } from "../render/latex.js";
import type { Value } from "../numeric/index.js";
import type { Diagnosis } from "./types.js";
import { err, ratio, evalAt, transposeOf, SAME, type Draw } from "./numeric.js";

interface Product {
  coef: number;
  scalars: Expr[];
  mats: Expr[];
}

/** A product as coefficient × scalar factors × matrix factors (order kept). */
export function product(e: Expr, ctx: MatchCtx, p: Product = { coef: 1, scalars: [], mats: [] }): Product {
  if (e.k === "num") {
    p.coef *= e.value;
    return p;
  }
  if (A.isOp(e, "neg")) {
    p.coef = -p.coef;
    return product(e.args[0], ctx, p);
  }
  if (A.isOp(e, "mul")) {
    product(e.args[0], ctx, p);
    return product(e.args[1], ctx, p);
  }
  if (A.isOp(e, "ediv") && safe(() => ctx.isScalar(e.args[1]))) {
    product(e.args[0], ctx, p);
    const d = e.args[1];
    if (d.k === "num") p.coef /= d.value;
    else p.scalars.push(A.op("ediv", [A.num(1), d]));
    return p;
  }
  (safe(() => ctx.isScalar(e)) ? p.scalars : p.mats).push(e);
  return p;
}
const safe = (f: () => boolean) => {
  try {
    return f();
  } catch {
    return false;
  }
};

/** Top-level terms of a sum (signs stay on the terms). */
export function terms(e: Expr): Expr[] {
  if (A.isOp(e, "add")) return e.args.flatMap(terms);
  return [e];
}

const sameMultiset = (a: readonly Expr[], b: readonly Expr[]) =>
  a.length === b.length &&
  [...a].sort((x, y) => x.id - y.id).every((x, i) => x === [...b].sort((p, q) => p.id - q.id)[i]);

/** The same factors multiplied in another order (∂L/∂O Aᵀ for Aᵀ ∂L/∂O). */
export function orderDiagnosis(claim: Expr, derived: Expr, ctx: MatchCtx): Diagnosis | null {
  const c = terms(claim),
    g = terms(derived);
  if (c.length !== g.length) return null;
  let reordered = false;
  for (let i = 0; i < c.length; i++) {
    const pc = product(c[i], ctx),
      pg = product(g[i], ctx);
    if (pc.coef !== pg.coef || !sameMultiset(pc.scalars, pg.scalars) || !sameMultiset(pc.mats, pg.mats)) return null;
    if (pc.mats.some((m, k) => m !== pg.mats[k])) reordered = true;
  }
  if (!reordered) return null;
  const [c0, g0] = [printExpr(claim), printExpr(derived)];
  return {
    kind: "order",
    text: `the factors are multiplied in the wrong order: ${c0} should be ${g0}`,
    formulas: [c0, g0],
  };
}

/** Scalar factors common to every term of the derived expression, with their reciprocals. */
function scalarCandidates(derived: Expr, ctx: MatchCtx): Expr[] {
  const per = terms(derived).map((t) => product(t, ctx).scalars);
  const common = per[0]?.filter((s) => per.every((ss) => ss.includes(s))) ?? [];
  return common;
}

/** Latex for a numeric ratio: 2, -1, 1/2, 0.707. */
function fmt(c: number): string {
  const r = Math.round(c);
  if (Math.abs(c - r) < 1e-9) return String(r);
  for (let q = 2; q <= 12; q++) {
    const p = Math.round(c * q);
    if (Math.abs(c * q - p) < 1e-9) return `${p < 0 ? "-" : ""}\\frac{${Math.abs(p)}}{${q}}`;
  }
  return String(Number(c.toPrecision(6)));
}

/** Claim = c × truth on every draw: a constant, a sign, or a scalar factor of the derived expression. */
export function factorDiagnosis(
  claims: readonly Value[],
  truths: readonly Value[],
  ds: readonly Draw[],
  derived: Expr,
  claim: Expr,
  ctx: MatchCtx,
): Diagnosis | null {
  const rs = claims.map((c, i) => ratio(c, truths[i]));
  if (rs.some((r) => r === null || !(r.residual < 1e-6) || !Number.isFinite(r.c) || Math.abs(r.c) < 1e-12)) return null;
  const cs = rs.map((r) => r!.c);
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  const valuesOf = (s: Expr): number[] | null => {
    try {
      const v = ds.map((d) => evalAt(s, d));
      return v.every((x) => typeof x === "number") ? (v as number[]) : null;
    } catch {
      return null;
    }
  };
  for (const s of scalarCandidates(derived, ctx)) {
    const v = valuesOf(s);
    if (!v || v.every((x) => close(x, 1))) continue;
    if (cs.every((c, i) => close(c * v[i], 1)))
      return { kind: "factor", factor: printExpr(s), text: `missing factor ${printExpr(s)}`, formulas: [printExpr(s)] };
    if (cs.every((c, i) => close(c * v[i], -1)))
      return {
        kind: "factor",
        factor: printExpr(s),
        text: `missing factor ${printExpr(s)} and wrong sign`,
        formulas: [printExpr(s)],
      };
  }
  for (const s of product(claim, ctx).scalars) {
    const v = valuesOf(s);
    if (v && cs.every((c, i) => close(c, v[i])))
      return { kind: "factor", factor: printExpr(s), text: `extra factor ${printExpr(s)}`, formulas: [printExpr(s)] };
  }
  if (cs.every((c) => close(c, cs[0]))) {
    const c = cs[0];
    if (close(c, -1)) return { kind: "sign", text: "wrong sign: the claim is the negative of the gradient" };
    const inv = 1 / c;
    if (Math.abs(inv - Math.round(inv)) < 1e-9 && Math.abs(inv) > 1)
      return { kind: "factor", factor: fmt(inv), text: `missing factor ${fmt(inv)}` };
    return {
      kind: "factor",
      factor: fmt(c),
      text: `off by a constant factor: the claim is ${fmt(c)} times the gradient`,
    };
  }
  return null;
}

/** Claim = truthᵀ on every draw. */
export function transposeDiagnosis(claims: readonly Value[], truths: readonly Value[]): Diagnosis | null {
  if (claims.every((c, i) => typeof c !== "number" && err(c, transposeOf(truths[i])) < SAME))
    return { kind: "transpose", text: "transposed: the claim is the transpose of the gradient" };
  return null;
}

/** Match the claim's terms against the derived terms numerically; name what is missing and extra. */
export function termsDiagnosis(claim: Expr, derived: Expr, ds: readonly Draw[]): Diagnosis | null {
  const values = (e: Expr): Value[] | null => {
    try {
      return ds.map((d) => evalAt(e, d));
    } catch {
      return null;
    }
  };
  const ct = terms(claim).map((t) => ({ t, v: values(t) })),
    gt = terms(derived).map((t) => ({ t, v: values(t) }));
  if (ct.some((x) => !x.v) || gt.some((x) => !x.v) || (ct.length < 2 && gt.length < 2)) return null;
  const eq = (a: Value[], b: Value[]) => a.every((x, i) => err(x, b[i]) < SAME);
  const usedG = new Set<number>();
  const extra: Expr[] = [];
  let matched = 0;
  for (const c of ct) {
    const k = gt.findIndex((g, i) => !usedG.has(i) && eq(c.v!, g.v!));
    if (k >= 0) {
      usedG.add(k);
      matched++;
    } else extra.push(c.t);
  }
  const missing = gt.filter((_, i) => !usedG.has(i)).map((g) => g.t);
  if (matched === 0 || (missing.length === 0 && extra.length === 0)) return null;
  const parts = [
    ...(missing.length ? [`missing term${missing.length > 1 ? "s" : ""} ${missing.map(printExpr).join(", ")}`] : []),
    ...(extra.length ? [`extra term${extra.length > 1 ? "s" : ""} ${extra.map(printExpr).join(", ")}`] : []),
  ];
  return { kind: "terms", text: parts.join("; "), formulas: [...missing, ...extra].map(printExpr) };
}
