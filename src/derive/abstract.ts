// The chain rule for the document's abstract functions, as differentiation rules made for each document (the
// same data as rules/differentiate.rules, one named rule per function):
//   d-\phi:  d(φ(A)) => φ′(A) ⊙ d(A)                                  (elementwise, one argument)
//   d-l:     d(l(A_1, …, A_k)) => Σ_j tr(∂_j l(A_1, …, A_k)ᵀ d(A_j))   (a scalar of several arguments)
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Rule } from "../rewrite/rules.js";
import { documentFunctions, primeSym, partialSym } from "../parse/functions-abstract.js";
import { printExpr } from "../render/latex.js";
import type { ShapeEnv } from "../shape/infer.js";
import { isLossName } from "../shape/abstract.js";

const cache = new WeakMap<object, Map<string, Rule>>();

/** Rules for the abstract functions applied in `exprs` (with their derivatives φ′, φ″ as functions too). */
export function abstractRules(env: ShapeEnv, exprs: readonly Expr[]): Rule[] {
  const fns = documentFunctions(env);
  if (!fns || fns.abstract.size === 0) return [];
  let made = cache.get(env);
  if (!made) cache.set(env, (made = new Map()));
  const seen = new Map<string, A.Apply>();
  const collect = (e: Expr) =>
    A.some(e, (x) => {
      if (x.k === "apply" && !seen.has(`${x.fn.name}/${x.args.length}`)) seen.set(`${x.fn.name}/${x.args.length}`, x);
      return false;
    });
  exprs.forEach(collect);
  const out: Rule[] = [];
  // derivatives of derivatives (a Hessian through φ′ needs φ″): follow the primes a few levels
  const queue = [...seen.values()];
  for (let guard = 0; queue.length && guard < 50; guard++) {
    const x = queue.shift()!;
    const base = x.fn.name.replace(/(_prime)+$/, "");
    if (!fns.abstract.has(base)) continue;
    // a vector-valued function of several arguments has no derivative in matrix form: no rule (a located refusal)
    if (x.args.length > 1 && !isLossName(base)) continue;
    const key = `${x.fn.name}/${x.args.length}`;
    let r = made.get(key);
    if (!r) {
      r = ruleFor(x, env);
      made.set(key, r);
    }
    out.push(r);
    if (x.args.length === 1) {
      const next = A.apply(primeSym(x.fn), x.args);
      if (!seen.has(`${next.fn.name}/1`) && x.fn.name.split("_prime").length < 4) {
        seen.set(`${next.fn.name}/1`, next);
        queue.push(next);
      }
    }
  }
  return out;
}

function ruleFor(x: A.Apply, env: ShapeEnv): Rule {
  const fn = x.fn;
  const name = `d-${fn.name
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/-+$/, "")
    .toLowerCase()}`;
  if (x.args.length === 1) {
    const a = A.pvar("A");
    const lhs = A.diff(A.apply(fn, [a])),
      rhs = A.op("hadamard", [A.apply(primeSym(fn), [a]), A.diff(a)]);
    return {
      name,
      phase: "differentiate",
      lhs,
      rhs,
      source: `${name}: \\mathrm{d}(${fn.latex}(A)) => ${primeSym(fn).latex}(A) \\odot \\mathrm{d}(A)`,
      file: "(abstract function)",
      line: 0,
    };
  }
  const vs = x.args.map((_, j) => A.pvar(`A_${j + 1}`));
  // ⟨∂_j l, d(A_j)⟩ as the argument's shape writes it: ∂_j l · da, (∂_j l)ᵀ dx, tr((∂_j l)ᵀ dA)
  const kind = (a: Expr): "scalar" | "vector" | "matrix" => {
    try {
      const sh = env.shapeOf(a);
      return env.ctx.scalarLike(sh) ? "scalar" : env.ctx.isVector(sh) ? "vector" : "matrix";
    } catch {
      return "matrix";
    }
  };
  const terms = vs.map((v, j) => {
    const p = A.apply(partialSym(fn, j + 1, x.args[j], printExpr(x.args[j])), vs),
      k = kind(x.args[j]);
    if (k === "scalar") return A.op("mul", [p, A.diff(v)]);
    const inner = A.op("mul", [A.op("transpose", [p]), A.diff(v)]);
    return k === "vector" ? inner : A.op("tr", [inner]);
  });
  const lhs = A.diff(A.apply(fn, vs)),
    rhs = terms.length === 1 ? terms[0] : A.op("add", terms);
  const args = vs.map((_, j) => `A_${j + 1}`).join(", ");
  return {
    name,
    phase: "differentiate",
    lhs,
    rhs,
    source: `${name}: \\mathrm{d}(${fn.latex}(${args})) => \\sum_j \\langle \\partial_j ${fn.latex}(${args}), \\mathrm{d}(A_j) \\rangle`,
    file: "(abstract function)",
    line: 0,
  };
}
