// Hessians (`texgrad hessian`): differentiate the gradient with the same rules. Reverse mode (./reverse.ts) gives
// g = ∂f/∂x; its backward definitions are inlined so that g is a formula in the forward quantities, tidied
// (cancel (A ⊙ B) ⊙ C/A, multiply out, collect like terms: the logistic loss's gradient becomes Xᵀσ(Xw) − Xᵀy),
// and appended as one more definition ∇f = g. Then
//   H = ∂ rvec(∇f) / ∂ rvec x      (the Jacobian of the gradient, ./jacobian.ts; n×n for x ∈ ℝⁿ), and
//   d(∇f)[V]                       (forward mode along a direction V: the Hessian–vector product, a formula in V
//                                   of x's shape; for a matrix x this is the practical form, rvec(H[V]) = H rvec V).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { Rewriter, type Step } from "../rewrite/engine.js";
import { rulesOf } from "../rewrite/rules.js";
import { canon } from "../rewrite/canon.js";
import type { MatchCtx } from "../rewrite/pattern.js";
import { LocatedError } from "../errors.js";
import { derive } from "./reverse.js";
import { Graph, type Definition } from "./graph.js";
import { jacobianRules, jacobianSimplifier, namer } from "./jsimplify.js";
import { jacobianThrough, type JacobianResult } from "./jacobian.js";
import { Linearizer } from "./linearize.js";

export interface HessianOptions {
  readonly of: string;
  readonly wrt: string;
  /** For kernels: definitions fused where a stable form spans them (./fuse.ts). */
  readonly fuse?: boolean;
}

export interface HessianResult {
  readonly doc: Document;
  readonly output: Sym;
  readonly input: Sym;
  /** True when x is a matrix (the Hessian–vector product is the primary form). */
  readonly matrix: boolean;
  /** ∂f/∂x as a formula in the forward quantities. */
  readonly gradient: Expr;
  /** The symbol ∇f the gradient is defined as. */
  readonly gradientSym: Sym;
  /** The Jacobian of the gradient: `hessian.expr` = ∂²f/∂ rvec x ∂ rvec xᵀ in closed form (symmetric). */
  readonly hessian: JacobianResult;
  /** The direction V of the Hessian–vector product (x's shape). */
  readonly direction: Sym;
  /** d(∇f) along V: H[V], a formula in V of x's shape. */
  readonly hvp: Expr;
  readonly ctx: MatchCtx;
}

/** Rewrite to a fixpoint with `rules`, canonical forms in between. */
function fix(e: Expr, rules: ReturnType<typeof rulesOf>, ctx: MatchCtx, trace: Step[]): Expr {
  let cur = e;
  for (let i = 0; i < 30; i++) {
    const next = canon(new Rewriter(rules, ctx).run(canon(cur, ctx), trace), ctx);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

export function hessian(doc: Document, opts: HessianOptions): HessianResult {
  const d = derive(doc, { of: opts.of, wrt: [opts.wrt], ...(opts.fuse ? { fuse: true } : {}) });
  const out = d.forward[d.forward.length - 1];
  if (d.upstream)
    throw new LocatedError(
      out.loc,
      `${d.output.latex} is not a scalar: a Hessian needs a scalar function (use texgrad jacobian for ${d.output.latex})`,
    );
  const ctx = d.ctx,
    env = doc.env;
  const x = d.inputs[0];

  // the gradient as one formula: backward definitions inlined (each refers to earlier ones only)
  const inlined = new Map<Expr, Expr>();
  const subst = (e: Expr) => A.mapExpr(e, (y) => (y.k === "deriv" ? (inlined.get(y) ?? y) : y));
  for (const b of d.backward) inlined.set(b.name, subst(b.expr));
  const trace: Step[] = [];
  let g = inlined.get(d.backward.find((b) => b.input)!.name)!;
  g = fix(g, jacobianRules("hcancel-"), ctx, trace);
  g = fix(g, [...jacobianRules("hexp-"), ...rulesOf("simplify")], ctx, trace);

  const grad = A.sym(`\u2207${out.lhs.name}`, x.hint, `\\nabla_{${x.latex}} ${out.lhs.latex}`);
  env.shapes.set(grad.name, env.shapeOf(x));
  const gdef: Definition = { lhs: grad, rhs: g, loc: out.loc };
  const forward = [...d.forward, gdef];
  const leaves = [...d.inputs, ...d.constants];
  const H = jacobianThrough(doc, forward, gdef, x, leaves, d.forward);

  // Hessian–vector product: forward-mode tangents dV along d(x) = V, definition by definition
  const used = new Set([...Graph.of(doc).defs.keys(), ...env.shapes.keys()]);
  const direction = A.sym(
    used.has("V") ? "Delta" : "V",
    x.hint === "vector" ? "vector" : "matrix",
    used.has("V") ? "\\Delta" : x.hint === "vector" ? "\\mathbf{v}" : "V",
  );
  env.shapes.set(direction.name, env.shapeOf(x));
  env.dims.freeze();
  try {
    const tangents = new Map<string, Expr>([[x.name, direction]]);
    const lin = new Linearizer(ctx, H.sizes, []);
    const simplify = jacobianSimplifier(ctx, H.sizes);
    const name = namer(d.forward, simplify, H.sizes);
    for (const def of forward) {
      const uses = Graph.uses(def.rhs).filter((u) => tangents.has(u.name));
      if (!uses.length || def.lhs.name === x.name) continue;
      const dv = lin.differential(def.rhs, new Set(uses.map((u) => u.name)), def.lhs.latex);
      const t = A.mapExpr(dv, (y) => (y.k === "diff" && y.x.k === "sym" ? (tangents.get(y.x.name) ?? y) : y));
      tangents.set(def.lhs.name, simplify(name(simplify(t, [])), []));
    }
    return {
      doc,
      output: out.lhs,
      input: x,
      matrix: !(ctx.isVector(x) || ctx.isScalar(x)),
      gradient: g,
      gradientSym: grad,
      hessian: H,
      direction,
      hvp: tangents.get(grad.name)!,
      ctx,
    };
  } finally {
    env.dims.thaw();
  }
}
