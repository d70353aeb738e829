// Algebraic normal form: a sum is a multiset of terms; a term is a rational coefficient × scalar factors with
// integer powers × an ordered product of matrix factors; a Hadamard product is a commutative multiset of
// factors with powers (X ⊙ X = X^{∘2}). Two expressions with equal normal forms are equal modulo
// associativity and commutativity of + and ⊙, scalar commutativity, and collection of like terms.
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";

export interface Ctx {
  isScalar(e: Expr): boolean;
}

/** p/q in lowest terms, q > 0. */
export interface Rat {
  readonly p: number;
  readonly q: number;
}
const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
export function rat(p: number, q = 1): Rat {
  if (q === 0) throw new Error("rational with zero denominator");
  const g = gcd(p, q) || 1,
    s = q < 0 ? -1 : 1;
  return { p: (s * p) / g, q: (s * q) / g };
}
const rmul = (a: Rat, b: Rat) => rat(a.p * b.p, a.q * b.q);
const radd = (a: Rat, b: Rat) => rat(a.p * b.q + b.p * a.q, a.q * b.q);
function ratOf(v: number): Rat | null {
  for (const q of [1, 2, 3, 4, 6, 8, 12]) {
    const p = v * q;
    if (Number.isInteger(p)) return rat(p, q);
  }
  return null;
}

/** One term: coef × Π scalars[key]^pow × mats[0] mats[1] … (matrix order matters). */
export interface Term {
  readonly coef: Rat;
  readonly scalars: ReadonlyMap<string, { readonly base: Expr; readonly pow: number }>;
  readonly mats: readonly Expr[];
}
export type Sum = readonly Term[];

const one: Term = { coef: rat(1), scalars: new Map(), mats: [] };
const isZero = (e: Expr) => (e.k === "num" && e.value === 0) || (e.k === "const" && e.which === "zero");

function mulTerms(a: Term, b: Term): Term {
  const s = new Map(a.scalars);
  for (const [k, f] of b.scalars) {
    const pow = (s.get(k)?.pow ?? 0) + f.pow;
    if (pow === 0) s.delete(k);
    else s.set(k, { base: f.base, pow });
  }
  return { coef: rmul(a.coef, b.coef), scalars: s, mats: [...a.mats, ...b.mats] };
}

/** Key of a term without its coefficient: like terms share it. */
export function termKey(t: Term): string {
  const s = [...t.scalars.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, f]) => `${k}^${f.pow}`);
  return `${s.join("*")}|${t.mats.map((m) => m.key).join(" ")}`;
}

function collect(ts: readonly Term[]): Sum {
  const m = new Map<string, Term>();
  for (const t of ts) {
    const k = termKey(t),
      old = m.get(k);
    m.set(k, old ? { ...t, coef: radd(old.coef, t.coef) } : t);
  }
  return [...m.entries()]
    .filter(([, t]) => t.coef.p !== 0)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, t]) => t);
}

function product(a: Sum, b: Sum): Sum {
  const out: Term[] = [];
  for (const x of a) for (const y of b) out.push(mulTerms(x, y));
  return collect(out);
}

/** A factor that the normal form treats as opaque, with its arguments normalised first. */
function atom(e: Expr, ctx: Ctx): Sum {
  const n =
    e.k === "op" && e.args.length
      ? A.op(
          e.op,
          e.args.map((x) => toExpr(normal(x, ctx))),
          e.attr,
        )
      : e;
  if (ctx.isScalar(n)) return [{ coef: rat(1), scalars: new Map([[n.key, { base: n, pow: 1 }]]), mats: [] }];
  return [{ ...one, mats: [n] }];
}

/** Hadamard multiset: factor key → (base, power); numeric coefficients and scalars move out. */
function hadamard(args: readonly Expr[], ctx: Ctx): Sum {
  let coef: Sum = [one];
  const bag = new Map<string, { base: Expr; pow: number }>();
  const add = (x: Expr, pow: number) => {
    const nf = normal(x, ctx);
    if (nf.length === 1 && nf[0].mats.length <= 1) {
      const t = nf[0];
      coef = product(
        coef,
        [{ coef: t.coef, scalars: t.scalars, mats: [] }].map((u) => (pow === 1 ? u : powTerm(u, pow))),
      );
      if (t.mats.length === 0) return;
      const base = t.mats[0];
      const p = (bag.get(base.key)?.pow ?? 0) + pow;
      if (p === 0) bag.delete(base.key);
      else bag.set(base.key, { base, pow: p });
      return;
    }
    const base = toExpr(nf);
    const p = (bag.get(base.key)?.pow ?? 0) + pow;
    if (p === 0) bag.delete(base.key);
    else bag.set(base.key, { base, pow: p });
  };
  const walk = (x: Expr, pow: number) => {
    if (A.isOp(x, "hadamard")) {
      for (const y of x.args) walk(y, pow);
      return;
    }
    if (A.isOp(x, "epow") && Number.isInteger(x.attr)) {
      walk(x.args[0], pow * (x.attr ?? 1));
      return;
    }
    add(x, pow);
  };
  for (const x of args) walk(x, 1);
  const fs = [...bag.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, f]) => (f.pow === 1 ? f.base : A.op("epow", [f.base], f.pow)));
  if (fs.length === 0) return coef;
  const h = fs.length === 1 ? fs[0] : fs.reduce((x, y) => A.op("hadamard", [x, y]));
  return product(coef, [{ ...one, mats: [h] }]);
}

function powTerm(t: Term, n: number): Term {
  const s = new Map([...t.scalars].map(([k, f]) => [k, { base: f.base, pow: f.pow * n }]));
  const c = rat(t.coef.p ** Math.abs(n), t.coef.q ** Math.abs(n));
  return { coef: n >= 0 ? c : rat(c.q, c.p), scalars: s, mats: [] };
}

/** The normal form of e. */
export function normal(e: Expr, ctx: Ctx): Sum {
  if (isZero(e)) return [];
  if (e.k === "num") {
    const r = ratOf(e.value);
    return r ? [{ ...one, coef: r }] : atom(e, ctx);
  }
  if (e.k !== "op") return atom(e, ctx);
  const [a, b] = e.args;
  switch (e.op) {
    case "add":
      return collect(e.args.flatMap((x) => normal(x, ctx)));
    case "neg":
      return collect(normal(a, ctx).map((t) => ({ ...t, coef: rmul(t.coef, rat(-1)) })));
    case "mul":
      return e.args.map((x) => normal(x, ctx)).reduce(product);
    case "hadamard":
      return hadamard(e.args, ctx);
    case "ediv": {
      if (!ctx.isScalar(b)) return hadamard([a, A.op("epow", [b], -1)], ctx);
      const d = normal(b, ctx);
      if (d.length === 1 && d[0].mats.length === 0 && d[0].coef.p !== 0)
        return product(normal(a, ctx), [powTerm(d[0], -1)]);
      return atom(e, ctx);
    }
    case "pow": {
      const n = e.attr ?? 1,
        base = normal(a, ctx);
      if (
        ctx.isScalar(a) &&
        Number.isInteger(n) &&
        base.length === 1 &&
        base[0].mats.length === 0 &&
        (n >= 0 || base[0].coef.p !== 0)
      )
        return [powTerm(base[0], n)];
      return atom(e, ctx);
    }
    case "epow":
      return Number.isInteger(e.attr) ? hadamard([e], ctx) : atom(e, ctx);
    default:
      return atom(e, ctx);
  }
}

function coefExpr(c: Rat): Expr {
  return c.q === 1 ? A.num(Math.abs(c.p)) : A.op("ediv", [A.num(Math.abs(c.p)), A.num(c.q)]);
}

/** Back to a tree: numeric coefficient first, scalars by key, matrix factors in order, then the sum. */
export function toExpr(s: Sum): Expr {
  if (s.length === 0) return A.num(0);
  const terms = s.map((t) => {
    const fs: Expr[] = [];
    for (const [, f] of [...t.scalars.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      fs.push(f.pow === 1 ? f.base : A.op("pow", [f.base], f.pow));
    fs.push(...t.mats);
    const mag = Math.abs(t.coef.p) !== 1 || t.coef.q !== 1 || fs.length === 0 ? [coefExpr(t.coef), ...fs] : fs;
    const body = mag.reduce((x, y) => A.op("mul", [x, y]));
    return { neg: t.coef.p < 0, body };
  });
  let acc = terms[0].neg ? A.op("neg", [terms[0].body]) : terms[0].body;
  for (const t of terms.slice(1)) acc = t.neg ? A.op("add", [acc, A.op("neg", [t.body])]) : A.op("add", [acc, t.body]);
  return acc;
}

/** Equality modulo AC of + and ⊙ and collection of like terms. */
export function equalModAC(a: Expr, b: Expr, ctx: Ctx): boolean {
  return toExpr(normal(a, ctx)) === toExpr(normal(b, ctx));
}
