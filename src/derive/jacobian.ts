// Explicit Jacobians in closed form (`texgrad jacobian`). Convention: J = ∂ rvec Y / ∂ rvec X, where rvec stacks
// the rows (row-major, as kernels flatten; rvec A = vec Aᵀ), so that rvec(A X B) = (A ⊗ Bᵀ) rvec X and a row-wise
// operation is block diagonal, one block per row. For vectors rvec x = x and J is the usual m×n Jacobian.
// Each definition V = f(U, …) on the way from X to Y gives local factors ∂ rvec V/∂ rvec U (./linearize.ts); the
// chain rule (forward accumulation) composes them: ∂Y/∂X = Σ_U ∂Y/∂U ∂U/∂X, summed over every path from X.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import type { Step } from "../rewrite/engine.js";
import type { MatchCtx } from "../rewrite/pattern.js";
import { LocatedError } from "../errors.js";
import { Graph, type Definition } from "./graph.js";
import { matchCtx } from "./context.js";
import type { DerivStep } from "./reverse.js";
import { Sizes } from "./sizes.js";
import { fuseStable } from "./fuse.js";
import { Linearizer } from "./linearize.js";
import { jacobianSimplifier, namer } from "./jsimplify.js";

export interface JacobianOptions {
  readonly of: string;
  readonly wrt: string;
  /** For kernels: definitions fused where a stable form spans them (./fuse.ts), when wrt is an input. */
  readonly fuse?: boolean;
}

export interface JacobianFactor {
  /** V and U of ∂ rvec V / ∂ rvec U. */
  readonly of: Sym;
  readonly wrt: Sym;
  /** The definition V = f(U, …) the factor comes from. */
  readonly definition: Definition;
  /** How the chain names it: \frac{\partial \operatorname{rvec}(V)}{\partial \operatorname{rvec}(U)} (plain for vectors). */
  readonly name: A.Deriv;
  /** The closed form, in the document's symbols (evaluate it with the forward values). */
  readonly expr: Expr;
}

export interface JacobianResult {
  readonly doc: Document;
  readonly output: Sym;
  readonly input: Sym;
  /** Definitions the output depends on, in order (inputs first). */
  readonly forward: readonly Definition[];
  /** Local factors, one per (definition, dependency) on a path from the input to the output, in forward order. */
  readonly factors: readonly JacobianFactor[];
  /** ∂Y/∂X as sums of products of the factors' names (the chain of Jacobians). */
  readonly chain: Expr;
  /** The name ∂ rvec Y / ∂ rvec X. */
  readonly name: A.Deriv;
  /** The product, simplified: ∂ rvec Y / ∂ rvec X in closed form (numel Y × numel X; row-major vec). */
  readonly expr: Expr;
  readonly steps: readonly DerivStep[];
  /** Size carriers; `sizes.display(e)` gives the printable form (\mathbf{I}_{n}, \mathbf{1}_{n}, \mathbf{K}_{(n,d)}). */
  readonly sizes: Sizes;
  readonly ctx: MatchCtx;
}

const clean = (n: string) => n.replace(/^\\/, "");
export const matches = (s: Sym, name: string) =>
  s.name === clean(name) || s.latex === name || s.latex === `\\${clean(name)}`;

/** The Jacobian of the definition `of` with respect to `wrt` (an input or an intermediate definition). */
export function jacobian(doc: Document, opts: JacobianOptions): JacobianResult {
  const graph = Graph.of(doc);
  const out = graph.find(opts.of);
  const where = { file: doc.file, line: 1, col: 1 };
  if (!out) throw new LocatedError(where, `no definition of ${opts.of}`);
  const forward = graph.order(out.lhs.name);
  const leaves = graph.leaves(out.lhs.name);
  const leaf = leaves.find((s) => matches(s, opts.wrt));
  const x = leaf ?? forward.find((d) => matches(d.lhs, opts.wrt) && d !== out)?.lhs;
  if (!x) throw new LocatedError(out.loc, `${opts.wrt} is not an input of ${out.lhs.latex}`);
  if (opts.fuse && leaf) {
    const fused = fuseStable(forward, matchCtx(doc.env));
    return jacobianThrough(doc, fused, fused[fused.length - 1], x, leaves);
  }
  return jacobianThrough(doc, forward, out, x, leaves);
}

/** rvec for a matrix, the quantity itself for a vector or scalar. */
function asVec(s: Sym, ctx: MatchCtx): Expr {
  return ctx.isScalar(s) || ctx.isVector(s) ? s : A.op("rvec", [s]);
}
export const jacobianName = (y: Sym, x: Sym, ctx: MatchCtx): A.Deriv => A.deriv(asVec(y, ctx), [asVec(x, ctx)]);

/** The chain of local Jacobians from x to out through `forward` (in order), and its product in closed form. */
export function jacobianThrough(
  doc: Document,
  forward: readonly Definition[],
  out: Definition,
  x: Sym,
  leaves: readonly Sym[],
  nameable: readonly Definition[] = forward,
): JacobianResult {
  // the document's dimensions stay as declared: a shape question about a candidate rewrite must not bind n = 1
  doc.env.dims.freeze();
  try {
    return through(doc, forward, out, x, leaves, nameable);
  } finally {
    doc.env.dims.thaw();
  }
}

function through(
  doc: Document,
  forward: readonly Definition[],
  out: Definition,
  x: Sym,
  leaves: readonly Sym[],
  nameable: readonly Definition[],
): JacobianResult {
  const ctx = matchCtx(doc.env);
  const sizes = new Sizes(doc.env, [...leaves, ...forward.map((d) => d.lhs)]);
  const steps: DerivStep[] = [];
  const dependent = new Set([x.name]);
  for (const d of forward)
    if (d.lhs.name !== x.name && Graph.uses(d.rhs).some((u) => dependent.has(u.name))) dependent.add(d.lhs.name);
  if (!dependent.has(out.lhs.name)) throw new LocatedError(out.loc, `${out.lhs.latex} does not depend on ${x.latex}`);
  // definitions on a path from x to out: they depend on x, and out depends on them
  const needed = new Set([out.lhs.name]);
  for (const d of [...forward].reverse())
    if (needed.has(d.lhs.name)) Graph.uses(d.rhs).forEach((u) => needed.add(u.name));
  const path = forward.filter((d) => dependent.has(d.lhs.name) && needed.has(d.lhs.name) && d.lhs.name !== x.name);

  const lin = new Linearizer(ctx, sizes, steps);
  const simplify = jacobianSimplifier(ctx, sizes);
  const name = namer(nameable, simplify, sizes);
  const tidy = (e: Expr, label: string) => {
    const t: Step[] = [];
    const r = simplify(name(simplify(e, t)), t);
    t.forEach((step) => steps.push({ definition: label, phase: "simplify", step }));
    return r;
  };

  const factors: JacobianFactor[] = [];
  for (const d of path) {
    const uses = Graph.uses(d.rhs).filter((u) => dependent.has(u.name));
    const dv = lin.differential(d.rhs, new Set(uses.map((u) => u.name)), d.lhs.latex);
    for (const u of uses) {
      const label = `∂${d.lhs.latex}/∂${u.latex}`;
      const expr = tidy(lin.jacobian(dv, u, d.lhs.latex, d.loc), label);
      factors.push({ of: d.lhs, wrt: u, definition: d, name: jacobianName(d.lhs, u, ctx), expr });
    }
  }

  // forward accumulation: T(V) = Σ_U J_{V,U} T(U), T(x) = I (left out of products)
  const chains = new Map<string, Expr | null>([[x.name, null]]);
  const closed = new Map<string, Expr | null>([[x.name, null]]);
  for (const d of path) {
    const mine = factors.filter((f) => f.of === d.lhs);
    const chain = mine.map((f) => {
      const t = chains.get(f.wrt.name)!;
      return t ? A.op("mul", [f.name, t]) : f.name;
    });
    chains.set(d.lhs.name, chain.length === 1 ? chain[0] : A.op("add", chain));
    const prod = mine.map((f) => {
      const t = closed.get(f.wrt.name)!;
      return t ? A.op("mul", [f.expr, t]) : f.expr;
    });
    closed.set(
      d.lhs.name,
      mine.some((f) => closed.get(f.wrt.name))
        ? tidy(A.op("add", prod), `∂${d.lhs.latex}/∂${x.latex}`)
        : canonSum(prod, tidy, d),
    );
  }
  return {
    doc,
    output: out.lhs,
    input: x,
    forward,
    factors,
    chain: chains.get(out.lhs.name)!,
    name: jacobianName(out.lhs, x, ctx),
    expr: closed.get(out.lhs.name)!,
    steps,
    sizes,
    ctx,
  };
}

function canonSum(prod: Expr[], tidy: (e: Expr, l: string) => Expr, d: Definition): Expr {
  return prod.length === 1 ? prod[0] : tidy(A.op("add", prod), d.lhs.latex);
}

export type { Step };
