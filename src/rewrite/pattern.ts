// Pattern matching over expressions. Rule variables follow the Matrix Cookbook's conventions, read from the
// rule's own notation: E, E_1, E_2 — an expression holding a differential; E_r — a row (1×n) holding one;
// e — a scalar holding one;
// s, t, a, b, c, p, q — scalars; \mathbf{x}, \mathbf{y} — vectors; \mathbf{e} — a vector holding a
// differential; M, N — anything but a scalar; W — a matrix that is neither a scalar nor a column (more than one
// column: what a column broadcasts across); other capitals — any constant expression.
import * as A from "../ast/index.js";
import type { Expr, PVar } from "../ast/index.js";

export type VarClass = "diff" | "rdiff" | "sdiff" | "vdiff" | "scalar" | "vector" | "matrix" | "wide" | "any";
const classes = new Map<string, VarClass>();
/** The class of a rule variable (memoised: rules have few variable names, and matching asks often). */
export function varClass(name: string): VarClass {
  let c = classes.get(name);
  if (c === undefined) classes.set(name, (c = classOf(name)));
  return c;
}
function classOf(name: string): VarClass {
  if (/^E(_\d+)?$/.test(name)) return "diff";
  if (name === "E_r") return "rdiff";
  if (name === "e") return "sdiff";
  if (name === "vec_e") return "vdiff";
  if (/^[stabcpq](_\d+)?$/.test(name)) return "scalar";
  if (/^vec_[a-z]$/.test(name)) return "vector";
  if (/^[MN](_\d+)?$/.test(name)) return "matrix";
  if (/^W(_\d+)?$/.test(name)) return "wide";
  return "any";
}

/** What the matcher needs to know about an expression's shape. */
export interface MatchCtx {
  isScalar(e: Expr): boolean;
  isVector(e: Expr): boolean;
  /** A row: 1×n with n not 1 (optional: a context without it never matches a row variable). */
  isRow?(e: Expr): boolean;
}

export type Bindings = Map<string, Expr>;
/** The bindings a match starts from: never written (a binding copies the map), so one map serves every match. */
const NO_BINDINGS: Bindings = new Map();
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
    case "diff":
      return hasDiff(e);
    case "sdiff":
      return hasDiff(e) && ctx.isScalar(e);
    case "rdiff":
      return hasDiff(e) && (ctx.isRow?.(e) ?? false);
    case "vdiff":
      return hasDiff(e) && ctx.isVector(e);
    case "scalar":
      return !hasDiff(e) && ctx.isScalar(e);
    case "vector":
      return !hasDiff(e) && ctx.isVector(e);
    case "matrix":
      return !hasDiff(e) && !ctx.isScalar(e);
    case "wide":
      return !hasDiff(e) && !ctx.isScalar(e) && !ctx.isVector(e);
    case "any":
      return !hasDiff(e);
  }
}

/** Match `p` against `e`, extending `b`; null when it does not match. */
export function match(p: Expr, e: Expr, ctx: MatchCtx, b: Bindings = NO_BINDINGS): Bindings | null {
  if (p.k === "pvar") {
    const old = b.get(p.name);
    if (old) return old === e ? b : null;
    if (!accepts(p, e, ctx)) return null;
    const nb = new Map(b);
    nb.set(p.name, e);
    return nb;
  }
  // an exponent written as a variable matches a numeric power: a^{p} ~ pow(x; 3)
  if (
    p.k === "apply" &&
    (p.fn.name === "pow" || p.fn.name === "epow") &&
    p.args.length === 2 &&
    e.k === "op" &&
    e.op === p.fn.name &&
    e.attr !== undefined
  ) {
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
    case "sym":
    case "num":
    case "const":
    case "text":
    case "dots":
      return p === e ? b : null;
    case "sumidx": {
      // a rule's summation index is a variable: it binds the index and limits of the matched sum
      const x = e as A.SumIdx;
      const key = `#${p.index}`;
      const old = b.get(key);
      if (old && (old.k !== "sym" || old.name !== x.index)) return null;
      const nb = new Map(b);
      nb.set(key, A.sym(x.index, "scalar"));
      if (x.lo) nb.set(`${key}.lo`, x.lo);
      if (x.hi) nb.set(`${key}.hi`, x.hi);
      return match(p.body, x.body, ctx, nb);
    }
    case "slice": {
      // a row slice never matches a column pattern: both must take the same slice form (X_{i,:} is not X_{:,i})
      const x = e as A.Slice;
      if ((p.row === null) !== (x.row === null) || (p.col === null) !== (x.col === null)) return null;
      return matchList(A.children(p), A.children(e), ctx, b);
    }
    default: {
      if (A.children(p).length !== A.children(e).length) return null;
      if (p.k === "deriv" && (e as A.Deriv).order !== p.order) return null;
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

/** Instantiate a template (a summation in it takes the matched sum's index and limits). */
export function substitute(t: Expr, b: Bindings): Expr {
  if (t.k === "sumidx") {
    const key = `#${t.index}`,
      ix = b.get(key);
    const index = ix && ix.k === "sym" ? ix.name : t.index;
    return A.sumIdx(index, substitute(t.body, b), b.get(`${key}.lo`), b.get(`${key}.hi`));
  }
  const kids = A.children(t);
  if (kids.some((k) => A.some(k, (y) => y.k === "sumidx")))
    return finish(
      A.withChildren(
        t,
        kids.map((k) => substitute(k, b)),
      ),
      b,
    );
  return A.mapExpr(t, (x) => finish(x, b));
}

/** A variable becomes its binding; an exponent that became a number makes a numeric power again. */
function finish(x: Expr, b: Bindings): Expr {
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
}

/** The value of a numeric constant expression (p - 1 with p = 3), if it is one. */
export function foldNumber(e: Expr): number | undefined {
  if (e.k === "num") return e.value;
  if (e.k !== "op") return undefined;
  const v = e.args.map(foldNumber);
  if (v.some((x) => x === undefined)) return undefined;
  const n = v as number[];
  switch (e.op) {
    case "add":
      return n.reduce((a, c) => a + c, 0);
    case "neg":
      return -n[0];
    case "mul":
    case "hadamard":
      return n[0] * n[1];
    case "ediv":
      return n[0] / n[1];
    default:
      return undefined;
  }
}

export const pvarsOf = (e: Expr): Set<string> => {
  const out = new Set<string>();
  A.some(e, (x) => {
    if (x.k === "pvar") out.add(x.name);
    return false;
  });
  return out;
};
