// Pattern matching over expressions. Rule variables follow the Matrix Cookbook's conventions, read from the
// rule's own notation: E, E_1, E_2 — an expression holding a differential; e — a scalar holding one;
// s, t, a, b, c, p, q — scalars; \mathbf{x}, \mathbf{y} — vectors; other capitals — any constant expression.
import * as A from "../ast/index.js";
import type { Expr, PVar } from "../ast/index.js";

export type VarClass = "diff" | "sdiff" | "scalar" | "vector" | "any";
export function varClass(name: string): VarClass {
  if (/^E(_\d+)?$/.test(name)) return "diff";
  if (name === "e") return "sdiff";
  if (/^[stabcpq](_\d+)?$/.test(name)) return "scalar";
  if (/^vec_[a-z]$/.test(name)) return "vector";
  return "any";
}

/** What the matcher needs to know about an expression's shape. */
export interface MatchCtx {
  isScalar(e: Expr): boolean;
  isVector(e: Expr): boolean;
}

export type Bindings = Map<string, Expr>;
const diffMemo = new WeakMap<Expr, boolean>();
/** Whether an expression holds a differential (memoised: nodes are shared). */
export function hasDiff(e: Expr): boolean {
  let v = diffMemo.get(e);
  if (v === undefined) {
    v = e.k === "diff" || A.children(e).some(hasDiff);
    diffMemo.set(e, v);
  }
  return v;
}

function accepts(v: PVar, e: Expr, ctx: MatchCtx): boolean {
  switch (varClass(v.name)) {
    case "diff": return hasDiff(e);
    case "sdiff": return hasDiff(e) && ctx.isScalar(e);
    case "scalar": return !hasDiff(e) && ctx.isScalar(e);
    case "vector": return !hasDiff(e) && ctx.isVector(e);
    case "any": return !hasDiff(e);
  }
}

/** Match `p` against `e`, extending `b`; null when it does not match. */
export function match(p: Expr, e: Expr, ctx: MatchCtx, b: Bindings = new Map()): Bindings | null {
  if (p.k === "pvar") {
    const old = b.get(p.name);
    if (old) return old === e ? b : null;
    if (!accepts(p, e, ctx)) return null;
    const nb = new Map(b); nb.set(p.name, e);
    return nb;
  }
  // an exponent written as a variable matches a numeric power: a^{p} ~ pow(x; 3)
  if (p.k === "apply" && (p.fn.name === "pow" || p.fn.name === "epow") && p.args.length === 2 && e.k === "op" && e.op === p.fn.name && e.attr !== undefined) {
    const b1 = match(p.args[0], e.args[0], ctx, b);
    return b1 && match(p.args[1], A.num(e.attr), ctx, b1);
  }
  if (p.k !== e.k) return null;
  switch (p.k) {
    case "op": {
      const o = e as A.Op;
      if (o.op !== p.op || o.attr !== p.attr) return null;
      // a binary pattern matches an n-ary sum: first term and the rest
      if (p.op === "add" && p.args.length === 2 && o.args.length > 2) {
        const b1 = match(p.args[0], o.args[0], ctx, b);
        return b1 && match(p.args[1], A.op("add", o.args.slice(1)), ctx, b1);
      }
      return matchList(p.args, o.args, ctx, b);
    }
    case "sym": case "num": case "const": case "text": case "dots": return p === e ? b : null;
    default: {
      if (A.children(p).length !== A.children(e).length) return null;
      if (p.k === "deriv" && (e as A.Deriv).order !== p.order) return null;
      if (p.k === "sumidx" && (e as A.SumIdx).index !== p.index) return null;
      return matchList(A.children(p), A.children(e), ctx, b);
    }
  }
}

function matchList(ps: readonly Expr[], es: readonly Expr[], ctx: MatchCtx, b: Bindings): Bindings | null {
  if (ps.length !== es.length) return null;
  let cur: Bindings | null = b;
  for (let i = 0; i < ps.length && cur; i++) cur = match(ps[i], es[i], ctx, cur);
  return cur;
}

/** Instantiate a template; exponents that became numbers become numeric powers again. */
export function substitute(t: Expr, b: Bindings): Expr {
  return A.mapExpr(t, (x) => {
    if (x.k === "pvar") {
      const v = b.get(x.name);
      if (!v) throw new Error(`unbound rule variable ${x.name}`);
      return v;
    }
    if (x.k === "apply" && (x.fn.name === "pow" || x.fn.name === "epow") && x.args.length === 2) {
      const n = foldNumber(x.args[1]);
      if (n !== undefined) return A.op(x.fn.name, [x.args[0]], n);
    }
    return x;
  });
}

/** The value of a numeric constant expression (p - 1 with p = 3), if it is one. */
export function foldNumber(e: Expr): number | undefined {
  if (e.k === "num") return e.value;
  if (e.k !== "op") return undefined;
  const v = e.args.map(foldNumber);
  if (v.some((x) => x === undefined)) return undefined;
  const n = v as number[];
  switch (e.op) {
    case "add": return n.reduce((a, c) => a + c, 0);
    case "neg": return -n[0];
    case "mul": case "hadamard": return n[0] * n[1];
    case "ediv": return n[0] / n[1];
    default: return undefined;
  }
}

export const pvarsOf = (e: Expr): Set<string> => {
  const out = new Set<string>();
  A.some(e, (x) => { if (x.k === "pvar") out.add(x.name); return false; });
  return out;
};
