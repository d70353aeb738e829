// Canonical form: sums flattened with like terms collected, products with the numeric coefficient and the
// scalar factors in front (1/√d_k stays a visible factor) and matrix factors in order, zeros and ones removed.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { MatchCtx } from "./pattern.js";

interface Term {
  coef: number;
  scalars: Expr[];
  mats: Expr[];
}

const isZero = (e: Expr) => (e.k === "num" && e.value === 0) || (e.k === "const" && e.which === "zero");

export function canon(e: Expr, ctx: MatchCtx): Expr {
  return A.mapExpr(e, (x) => canonNode(x, ctx));
}

function canonNode(e: Expr, ctx: MatchCtx): Expr {
  if (e.k === "diff" && e.x.k === "num") return A.num(0);
  if (e.k === "pair" && (isZero(e.g) || isZero(e.e))) return A.num(0);
  if (
    e.k === "op" &&
    (e.op === "tr" || e.op === "sum" || e.op === "rowsum" || e.op === "transpose") &&
    isZero(e.args[0])
  )
    return A.num(0);
  if (e.k !== "op") return e;
  const [a, b] = e.args;
  switch (e.op) {
    case "add":
      return sum(e.args, ctx);
    case "neg":
    case "mul":
      return build(term(e, ctx));
    case "ediv":
      if (isZero(a)) return A.num(0);
      if (ctx.isScalar(b)) return build(term(e, ctx));
      return e;
    case "hadamard": {
      if (isZero(a) || isZero(b)) return A.num(0);
      if (ctx.isScalar(a) || ctx.isScalar(b)) return build(term(A.op("mul", [a, b]), ctx));
      // numeric coefficients and signs move out: (−X) ⊙ Y = −(X ⊙ Y)
      const ta = term(a, ctx),
        tb = term(b, ctx);
      if (ta.coef === 1 && tb.coef === 1) return e;
      return build({
        coef: ta.coef * tb.coef,
        scalars: [],
        mats: [A.op("hadamard", [build(ta, false), build(tb, false)])],
      });
    }
    case "transpose":
      if (a.k === "num" || ctx.isScalar(a)) return a;
      return e;
    case "pow":
      if (e.attr === 1) return a;
      if (e.attr === 0) return A.num(1);
      if (a.k === "num") return A.num(a.value ** (e.attr ?? 1));
      return e;
    case "epow":
      return e.attr === 1 ? a : e;
    case "sqrt":
      return a.k === "num" && Number.isInteger(Math.sqrt(a.value)) ? A.num(Math.sqrt(a.value)) : e;
    default:
      return e;
  }
}

/** A product as coefficient × scalar factors × matrix factors (matrix order kept). */
function term(e: Expr, ctx: MatchCtx, t: Term = { coef: 1, scalars: [], mats: [] }): Term {
  if (e.k === "num") {
    t.coef *= e.value;
    return t;
  }
  if (e.k === "op") {
    switch (e.op) {
      case "neg":
        t.coef = -t.coef;
        return term(e.args[0], ctx, t);
      case "mul":
        term(e.args[0], ctx, t);
        return term(e.args[1], ctx, t);
      case "ediv": {
        const d = e.args[1];
        if (ctx.isScalar(d)) {
          term(e.args[0], ctx, t);
          if (d.k === "num") t.coef /= d.value;
          else t.scalars.push(A.op("ediv", [A.num(1), d]));
          return t;
        }
        break;
      }
    }
  }
  if (isZero(e)) {
    t.coef = 0;
    return t;
  }
  if (e.k === "const" && e.which === "eye" && t.mats.length) return t;
  (ctx.isScalar(e) ? t.scalars : t.mats).push(e);
  return t;
}

function chain(fs: readonly Expr[]): Expr | null {
  return fs.length ? fs.reduce((x, y) => A.op("mul", [x, y])) : null;
}

/** Scalar factors in a fixed order, with s · (1/s) cancelled. */
function scalarFactors(fs: readonly Expr[]): Expr[] {
  const out = [...fs];
  for (let i = 0; i < out.length; i++) {
    const x = out[i];
    const inv = A.op("ediv", [A.num(1), x]);
    const j = out.findIndex((y, k) => k !== i && y === inv);
    if (j >= 0) {
      out.splice(Math.max(i, j), 1);
      out.splice(Math.min(i, j), 1);
      i = -1;
    }
  }
  return out.sort(compareExpr);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const LEAVES = new Set(["sym", "num", "const", "pvar", "dots", "text"]);

/**
 * A total order on expressions that depends on their structure and names only, never on the order in which
 * nodes were first made: a claim prints the same wherever it stands in a document, and claims that are the same
 * problem up to renaming print the same up to that renaming when the renaming keeps the order of the names. Nodes
 * of different kinds, and leaves, compare by key (which holds no interning id for leaves); operations by name and
 * attribute, then by their arguments; other nodes by their children, then by their other fields.
 */
export function compareExpr(a: Expr, b: Expr): number {
  if (a === b) return 0;
  if (a.k !== b.k || LEAVES.has(a.k)) return cmp(a.key, b.key);
  if (a.k === "op" && b.k === "op") {
    const ha = `o:${a.op}:${a.attr ?? ""}(`,
      hb = `o:${b.op}:${b.attr ?? ""}(`;
    if (ha !== hb) return cmp(ha, hb);
  }
  const xs = A.children(a),
    ys = A.children(b);
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const c = compareExpr(xs[i], ys[i]);
    if (c) return c;
  }
  // equal children (the same nodes, hash-consed): the fields that are not children decide
  return xs.length - ys.length || cmp(a.key, b.key);
}

/** coefficient · scalars · matrices as a left-associated product (matrix products are associative). */
function build(t: Term, withCoef = true): Expr {
  if (t.coef === 0) return A.num(0);
  const rest = [...scalarFactors(t.scalars), ...t.mats];
  if (!withCoef) return chain(rest) ?? A.num(1);
  const c = Math.abs(t.coef);
  const body = chain(c === 1 && rest.length ? rest : [A.num(c), ...rest])!;
  return t.coef < 0 ? A.op("neg", [body]) : body;
}

function sum(args: readonly Expr[], ctx: MatchCtx): Expr {
  const flat: Expr[] = [];
  const walk = (x: Expr) => (A.isOp(x, "add") ? x.args.forEach(walk) : flat.push(x));
  args.forEach(walk);
  const order: Expr[] = [];
  const coefs = new Map<Expr, number>();
  const seen = new Map<Expr, Expr>();
  let constant = 0;
  for (const x of flat) {
    const t = term(x, ctx);
    if (t.coef === 0) continue;
    let base = build(t, false);
    if (base.k === "num") {
      constant += t.coef * base.value;
      continue;
    }
    // X ⊙ Y and Y ⊙ X are like terms: the first spelling seen stands for both
    const key = commuted(base);
    base = seen.get(key) ?? base;
    seen.set(key, base);
    if (!coefs.has(base)) order.push(base);
    coefs.set(base, (coefs.get(base) ?? 0) + t.coef);
  }
  const terms = factorHadamard(
    factorRight(
      order.filter((b) => coefs.get(b) !== 0).map((b) => ({ coef: coefs.get(b)!, base: b })),
      ctx,
    ),
    ctx,
  );
  if (constant !== 0) terms.push(A.num(constant));
  if (terms.length === 0) return A.num(0);
  return terms.length === 1 ? terms[0] : A.op("add", terms);
}

function scaled(c: number, b: Expr): Expr {
  if (c === 1) return b;
  if (c === -1) return A.op("neg", [b]);
  return c < 0 ? A.op("neg", [A.op("mul", [A.num(-c), b])]) : A.op("mul", [A.num(c), b]);
}

/** A ⊙ X + A ⊙ Y = A ⊙ (X + Y): terms sharing a left Hadamard factor are gathered (softmax backward). */
function factorHadamard(terms: Expr[], ctx: MatchCtx): Expr[] {
  const left = (t: Expr): [Expr, Expr, number] | null => {
    const sign = A.isOp(t, "neg") ? -1 : 1;
    const h = sign < 0 ? (t as A.Op).args[0] : t;
    return A.isOp(h, "hadamard") ? [h.args[0], h.args[1], sign] : null;
  };
  const out: Expr[] = [];
  const groups = new Map<Expr, Expr[]>();
  for (const t of terms) {
    const l = left(t);
    if (!l || terms.filter((u) => left(u)?.[0] === l[0]).length < 2) {
      out.push(t);
      continue;
    }
    if (!groups.has(l[0])) {
      groups.set(l[0], []);
      out.push(l[0]);
    }
    groups.get(l[0])!.push(l[2] < 0 ? A.op("neg", [l[1]]) : l[1]);
  }
  return out.map((t) => (groups.has(t) ? A.op("hadamard", [t, sum(groups.get(t)!, ctx)]) : t));
}

/** s X K − s Y K = s (X − Y) K: terms with the same scalar factors and the same last matrix factor. */
function factorRight(terms: { coef: number; base: Expr }[], ctx: MatchCtx): Expr[] {
  const split = (t: { coef: number; base: Expr }) => {
    const tt = term(t.base, ctx);
    if (tt.mats.length < 2) return null;
    return {
      key: `${scalarFactors(tt.scalars)
        .map((x) => x.key)
        .join("*")}|${tt.mats[tt.mats.length - 1].key}`,
      tt,
    };
  };
  const keyed = terms.map((t) => ({ t, s: split(t) }));
  const count = new Map<string, number>();
  for (const k of keyed) if (k.s) count.set(k.s.key, (count.get(k.s.key) ?? 0) + 1);
  const out: Expr[] = [];
  const done = new Set<string>();
  for (const { t, s } of keyed) {
    if (!s || (count.get(s.key) ?? 0) < 2) {
      out.push(scaled(t.coef, t.base));
      continue;
    }
    if (done.has(s.key)) continue;
    done.add(s.key);
    const group = keyed.filter((k) => k.s?.key === s.key);
    const inner = sum(
      group.map((k) => scaled(k.t.coef, chain(k.s!.tt.mats.slice(0, -1))!)),
      ctx,
    );
    out.push(build({ coef: 1, scalars: s.tt.scalars, mats: [inner, s.tt.mats[s.tt.mats.length - 1]] }));
  }
  return out;
}

/** The expression with the arguments of every Hadamard product in a fixed order (for comparing terms). */
function commuted(e: Expr): Expr {
  return A.mapExpr(e, (x) =>
    A.isOp(x, "hadamard") && compareExpr(x.args[0], x.args[1]) > 0 ? A.op("hadamard", [x.args[1], x.args[0]]) : x,
  );
}

/**
 * `canon` with a memo by node: terms are hash-consed, so a subterm shared by many expressions is brought to
 * canonical form once (canon works bottom-up: canon(f(a, b)) = node(f(canon a, canon b))).
 */
export function canonMemo(e: Expr, ctx: MatchCtx, memo: Map<Expr, Expr>): Expr {
  const hit = memo.get(e);
  if (hit) return hit;
  const cs = A.children(e);
  const r = canonNode(
    cs.length
      ? A.withChildren(
          e,
          cs.map((x) => canonMemo(x, ctx, memo)),
        )
      : e,
    ctx,
  );
  memo.set(e, r);
  return r;
}
