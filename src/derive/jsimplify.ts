// Simplification of Jacobians: the simplify rules and the jsimp- rules of rules/jacobian.rules, canonical forms
// (src/rewrite/canon.ts), canonical size carriers (./sizes.ts), and two associativity-aware steps:
//  - a product rule (lhs P Q, e.g. the mixed product (A ⊗ B)(C ⊗ D) = AC ⊗ BD) also applies to two neighbours
//    inside a longer product M P Q N, which a left-associated tree does not show as one node;
//  - Kronecker terms that share a factor are gathered: A ⊗ B + s (A ⊗ C) = A ⊗ (B + s C);
//  - identities leave products with another matrix factor: M I N = M N (but s I is not s);
//  - a symbolic scalar shared by every term of a sum is taken out: s A + s B = s (A + B).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import { Rewriter, type Step } from "../rewrite/engine.js";
import { match, substitute, type MatchCtx } from "../rewrite/pattern.js";
import { rulesOf, type Rule } from "../rewrite/rules.js";
import { canon } from "../rewrite/canon.js";
import type { Definition } from "./graph.js";
import type { Sizes } from "./sizes.js";

export const jacobianRules = (prefix: string): Rule[] => rulesOf("jacobian").filter((r) => r.name.startsWith(prefix));

/** Factors of a product chain, in order (left-associated or not). */
export function factorsOf(e: Expr): Expr[] {
  return A.isOp(e, "mul") ? [...factorsOf(e.args[0]), ...factorsOf(e.args[1])] : [e];
}
export const product = (fs: readonly Expr[]): Expr => (fs.length ? fs.reduce((a, b) => A.op("mul", [a, b])) : A.num(1));
export const termsOf = (e: Expr): Expr[] => (A.isOp(e, "add") ? e.args.flatMap(termsOf) : [e]);

/** Apply product rules to neighbouring factors of every product chain. */
export function chainRewrite(
  e: Expr,
  rules: readonly Rule[],
  ctx: MatchCtx,
  trace: Step[],
  wellShaped: (e: Expr) => boolean = () => true,
): Expr {
  return A.mapExpr(e, (x) => {
    if (!A.isOp(x, "mul")) return x;
    const fs = factorsOf(x);
    if (fs.length < 3) return x;
    let changed = false;
    for (let i = 0; i + 1 < fs.length; i++) {
      const pairExpr = A.op("mul", [fs[i], fs[i + 1]]);
      for (const r of rules) {
        const b = match(r.lhs, pairExpr, ctx);
        if (!b) continue;
        const after = substitute(r.rhs, b);
        if (!wellShaped(after) && wellShaped(pairExpr)) continue;
        trace.push({ rule: r.name, before: pairExpr, after });
        fs.splice(i, 2, ...factorsOf(after));
        changed = true;
        i = -1;
        break;
      }
    }
    return changed ? product(fs) : x;
  });
}

interface KronTerm {
  readonly coef: Expr[];
  readonly sign: number;
  readonly l: Expr;
  readonly r: Expr;
}

/** c · (A ⊗ B) as its parts, when the term is one. */
function kronTerm(t: Expr, ctx: MatchCtx): KronTerm | null {
  let sign = 1;
  while (A.isOp(t, "neg")) {
    sign = -sign;
    t = t.args[0];
  }
  const fs = factorsOf(t);
  const mats = fs.filter((f) => !(f.k === "num" || ctx.isScalar(f)));
  if (mats.length !== 1 || !A.isOp(mats[0], "kron")) return null;
  return { coef: fs.filter((f) => f !== mats[0]), sign, l: mats[0].args[0], r: mats[0].args[1] };
}

/** s (T₁ + T₂) as s T₁, s T₂ (and −(T₁ + T₂) as −T₁, −T₂), so that Kronecker terms inside can meet. */
function scaledTerms(t: Expr, ctx: MatchCtx): Expr[] {
  let sign = 1;
  while (A.isOp(t, "neg")) {
    sign = -sign;
    t = t.args[0];
  }
  const fs = factorsOf(t);
  const sums = fs.filter((f) => !(f.k === "num" || ctx.isScalar(f)));
  const signed = (e: Expr) => (sign < 0 ? A.op("neg", [e]) : e);
  if (sums.length !== 1 || !A.isOp(sums[0], "add")) return [signed(t)];
  const coef = fs.filter((f) => f !== sums[0]);
  return termsOf(sums[0]).map((u) => signed(product([...coef, u])));
}

/** A ⊗ B + s (A ⊗ C) = A ⊗ (B + s C), and (B ⊗ A) + s (C ⊗ A) = (B + s C) ⊗ A. */
export function kronFactor(e: Expr, ctx: MatchCtx): Expr {
  return A.mapExpr(e, (x) => {
    if (!A.isOp(x, "add")) return x;
    const ts = termsOf(x).flatMap((t) => scaledTerms(t, ctx));
    for (const side of ["l", "r"] as const) {
      const ks = ts.map((t) => kronTerm(t, ctx));
      const groups = new Map<Expr, number[]>();
      ks.forEach((k, i) => {
        if (k) groups.set(k[side], [...(groups.get(k[side]) ?? []), i]);
      });
      const [shared, idx] = [...groups].find(([, is]) => is.length > 1) ?? [null, []];
      if (!shared) continue;
      const inner = A.op(
        "add",
        idx.map((i) => {
          const k = ks[i]!;
          const body = product([...k.coef, side === "l" ? k.r : k.l]);
          return k.sign < 0 ? A.op("neg", [body]) : body;
        }),
      );
      const gathered = A.op("kron", side === "l" ? [shared, inner] : [inner, shared]);
      const rest = ts.filter((_, i) => !idx.includes(i));
      return rest.length ? A.op("add", [gathered, ...rest]) : gathered;
    }
    return x;
  });
}

/** M I N = M N: identities (eyeof) leave a product that has another matrix factor (s I stays: it is not s, nor
 *  does (1ᵀ1) I). */
export function dropIdentities(e: Expr, ctx: MatchCtx): Expr {
  return A.mapExpr(e, (x) => {
    if (!A.isOp(x, "mul")) return x;
    const fs = factorsOf(x);
    const isMat = (f: Expr) => !(f.k === "num" || ctx.isScalar(f));
    const eyes = fs.filter((f) => A.isOp(f, "eyeof"));
    if (!eyes.length || (eyes.length === 1 && fs.filter(isMat).length === 1)) return x;
    const rest = fs.filter((f) => !A.isOp(f, "eyeof"));
    // 1_mᵀ 1_m I_n = m I_n: matrix factors whose product is 1×1 are a scalar, and the identity stays
    const drop = rest.some(isMat) && !(ctx.isScalar(product(rest)) && !ctx.isScalar(x));
    return product(drop ? rest : [...rest, eyes[0]]);
  });
}

/** s A + s B = s (A + B) for a symbolic scalar s shared by every term (1/√d_k, the layer-norm scale r). */
export function factorScalars(e: Expr, ctx: MatchCtx): Expr {
  return A.mapExpr(e, (x) => {
    if (!A.isOp(x, "add")) return x;
    const ts = termsOf(x).map((t) => {
      let sign = 1;
      while (A.isOp(t, "neg")) {
        sign = -sign;
        t = t.args[0];
      }
      return { sign, fs: factorsOf(t) };
    });
    const scalar = (f: Expr) => f.k !== "num" && ctx.isScalar(f);
    const common = ts[0].fs.filter((f) => scalar(f) && ts.every((t) => t.fs.includes(f)));
    if (!common.length || ts.length < 2) return x;
    const rest = ts.map((t) => {
      const fs = [...t.fs];
      for (const c of common) fs.splice(fs.indexOf(c), 1);
      const body = product(fs);
      return t.sign < 0 ? A.op("neg", [body]) : body;
    });
    return product([...common, A.op("add", rest)]);
  });
}

/** A fixpoint of rules, canonical forms, neighbours, Kronecker gathering and size carriers. */
export function jacobianSimplifier(
  ctx: MatchCtx,
  sizes: Sizes,
  extra: readonly Rule[] = [],
): (e: Expr, trace: Step[]) => Expr {
  const rules = [...rulesOf("simplify"), ...jacobianRules("jsimp-"), ...extra];
  const productRules = rules.filter((r) => A.isOp(r.lhs, "mul"));
  // a rule applies only where its instance conforms: (1_n ⊗ I_d)(I_d ⊗ 1_nᵀ) is not (1_n I_d) ⊗ (I_d 1_nᵀ)
  const wellShaped = (x: Expr) => sizes.shapeOf(x) !== null;
  return (e, trace) => {
    let cur = e;
    for (let i = 0; i < 30; i++) {
      const rw = new Rewriter(rules, ctx, { wellShaped });
      let next = canon(rw.run(canon(cur, ctx), trace), ctx);
      next = canon(chainRewrite(next, productRules, ctx, trace, wellShaped), ctx);
      next = sizes.resolve(canon(factorScalars(canon(kronFactor(dropIdentities(next, ctx), ctx), ctx), ctx), ctx));
      if (next === cur) break;
      cur = next;
    }
    return cur;
  };
}

/** Subexpressions equal to a forward definition's right side become its name (A for softmax(S)). */
export function namer(
  forward: readonly Definition[],
  simplify: (e: Expr, t: Step[]) => Expr,
  sizes: Sizes,
): (e: Expr) => Expr {
  const names = new Map<Expr, Sym>();
  for (const d of forward) {
    const c = simplify(sizes.sizeConstants(d.rhs), []);
    if (c.k !== "sym" && c.k !== "num" && !names.has(c)) names.set(c, d.lhs);
  }
  const name = (e: Expr): Expr => {
    const hit = names.get(e);
    if (hit) return hit;
    const kids = A.children(e);
    return kids.length ? A.withChildren(e, kids.map(name)) : e;
  };
  return name;
}
