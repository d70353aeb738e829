// Reverse accumulation over the definition graph (the chain rule, written once): for each definition
// V = f(…), taken from the output back, push d(·) through f with the differentiation rules, pair the result
// with V's gradient and read off ⟨G, d(X)⟩ for every X that f uses; paths through shared inputs add up.
import * as A from "../ast/index.js";
import type { Deriv, Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { Graph, isDimensionLike, type Definition } from "./graph.js";
import { matchCtx } from "./context.js";
import { familyMembers } from "./family.js";
import { refuseEntriesOnly } from "./entries.js";
import { abstractRules } from "./abstract.js";
import { RewriteLimit, Rewriter, type Step } from "../rewrite/engine.js";
import { expandRules, rulesOf } from "../rewrite/rules.js";
import { canon } from "../rewrite/canon.js";
import { Sizes } from "./sizes.js";
import { fuseStable } from "./fuse.js";
import { printExpr } from "../render/latex.js";
import { LocatedError } from "../errors.js";
import { kindOfName } from "../parse/symbols.js";
import { hasDiff, type MatchCtx } from "../rewrite/pattern.js";
import type { Loc } from "../macro/lexer.js";

export interface BackwardDef {
  /** The forward symbol whose gradient this is. */
  readonly target: Sym;
  /** Its name in formulas: ∂L/∂V. */
  readonly name: Deriv;
  readonly expr: Expr;
  readonly input: boolean;
}
export interface DerivStep {
  readonly definition: string;
  readonly phase: string;
  readonly step: Step;
}
export interface Derivation {
  readonly doc: Document;
  readonly output: Sym;
  /** The scalar whose gradients these are: the output itself, or an abstract loss L with upstream ∂L/∂Y. */
  readonly loss: Expr;
  readonly upstream: Deriv | null;
  readonly forward: readonly Definition[];
  readonly backward: readonly BackwardDef[];
  readonly inputs: readonly Sym[];
  readonly constants: readonly Sym[];
  readonly steps: readonly DerivStep[];
  readonly ctx: MatchCtx;
  /** Derived for kernels, with definitions fused (forKernels). */
  readonly fused?: boolean;
}

export interface DeriveOptions {
  readonly of?: string;
  readonly wrt?: readonly string[];
  readonly loss?: Expr;
  /** For kernels: definitions are inlined where a stable form spans them (./fuse.ts). */
  readonly fuse?: boolean;
}

/**
 * The loss named in the document's claims (∂L/∂X), else L. A claim's numerator that the document defines is a
 * quantity, not the abstract scalar loss: ∂a_2/∂z_1 with a_2 = W_2 z_1 made a_2 a scalar, and the read-off on the
 * shapes that contradicted it ran without end.
 */
function lossSymbol(doc: Document, graph: Graph, scalar: (e: Sym) => boolean): Sym {
  for (const r of doc.statements) {
    const s = r.statement;
    const of = s.kind === "claim" ? s.deriv.of : null;
    // a vector or matrix numerator (\mathbf{h}_\ell of ∂h_ℓ/∂f_ℓ, declared or by its typography) is not a loss either
    if (of?.k === "sym" && !graph.find(of.name) && of.hint !== "vector" && of.hint !== "matrix" && scalar(of))
      return of;
  }
  return A.sym("L", kindOfName("L", false), "L");
}

/** The most definitions one derivation goes through (a chain of 100,000 is refused, not derived for minutes). */
export const MAX_DEFINITIONS = 2_000;

/** Derive with the document's dimensions frozen: the rules' shape questions must not bind them. */
export function derive(doc: Document, opts: DeriveOptions = {}): Derivation {
  doc.env.dims.freeze();
  try {
    return deriveFrozen(doc, opts);
  } finally {
    doc.env.dims.thaw();
  }
}

function deriveFrozen(doc: Document, opts: DeriveOptions): Derivation {
  const graph = Graph.of(doc);
  const found = opts.of ? graph.find(opts.of) : graph.last();
  const where: Loc = found?.loc ?? { file: doc.file, line: 1, col: 1 };
  if (!found) throw new LocatedError(where, opts.of ? `no definition of ${opts.of}` : "no definition to differentiate");
  const env = doc.env;
  const ctx = matchCtx(env);
  const order = graph.order(found.lhs.name);
  if (order.length > MAX_DEFINITIONS)
    throw new LocatedError(
      where,
      `${found.lhs.latex} depends on ${order.length} definitions: one derivation follows at most ${MAX_DEFINITIONS} (bounded work)`,
    );
  const forward = opts.fuse ? fuseStable(order, ctx) : order;
  const out = forward[forward.length - 1];
  const leaves = graph.leaves(out.lhs.name);
  const wrtNames = opts.wrt?.map((w) => w.replace(/^\\/, ""));
  const members = familyMembers(forward.map((f) => f.rhs));
  const inputs = leaves.filter((s) =>
    wrtNames
      ? wrtNames.some((w) => w === s.name || s.latex === `\\${w}`)
      : !isDimensionLike(s, doc) && !members.has(s.name),
  );
  refuseEntriesOnly(doc, forward, inputs, wrtNames);
  if (wrtNames && inputs.length === 0)
    throw new LocatedError(where, `${opts.wrt!.join(", ")} is not an input of ${out.lhs.latex}`);
  const constants = leaves.filter((s) => !inputs.includes(s));
  const active = new Set([...inputs.map((s) => s.name), ...forward.map((d) => d.lhs.name)]);

  const scalarOut = ctx.isScalar(out.lhs);
  const loss: Expr =
    opts.loss ??
    (scalarOut
      ? out.lhs
      : lossSymbol(doc, graph, (e) => {
          const known = env.shapes.get(e.name);
          return !known || env.ctx.scalarLike(known);
        }));
  if (loss.k === "sym" && !scalarOut) env.abstractScalars.add(loss.name);
  const nameOf = (v: Sym): Deriv => A.deriv(loss, [v]);
  const upstream = scalarOut ? null : nameOf(out.lhs);

  const steps: DerivStep[] = [];
  const expand = new Rewriter(expandRules(), ctx);
  const differentiate = new Rewriter(
    [
      ...rulesOf("differentiate"),
      ...abstractRules(
        env,
        forward.map((f) => f.rhs),
      ),
    ],
    ctx,
    { active },
  );
  // a read-off rule that brings a constant into the pairing (⟨g, sum(E)⟩ => ⟨g 1 1ᵀ, E⟩) gets it sized by E there,
  // so that the next rules see its shape (1 1ᵀ of a vector is a column, not a matrix to broadcast across)
  const sizes = new Sizes(env, [...leaves, ...forward.map((d) => d.lhs)]);
  // and where only a shape matters (unvec(g, E)), a matrix of the document with that shape stands for E
  const shapeOnly = (e: Expr) =>
    A.mapExpr(e, (x) =>
      A.isOp(x, "unvec") && hasDiff(x.args[1]) ? A.op("unvec", [x.args[0], sizes.shapeCarrier(x.args[1])]) : x,
    );
  const readoff = new Rewriter(rulesOf("readoff"), ctx, {
    finish: (e) => {
      const f = shapeOnly(e);
      // (only columns of ones: an identity stays bare for the simplification rules, sum(I ⊙ A) => tr(A))
      return f.k === "pair" && A.some(f.g, (x) => x.k === "const" && x.which === "ones")
        ? sizes.sizeConstants(f, "ones")
        : f;
    },
  });
  // contributions to each symbol's gradient, tagged with the position of the definition they come from
  const contributions = new Map<string, [number, Expr][]>();
  const parts = (x: string) =>
    contributions
      .get(x)
      ?.sort((a, b) => a[0] - b[0])
      .map((p) => p[1]);
  const backward: BackwardDef[] = [];
  const simplifier = makeSimplifier(ctx, forward);
  // the constants of each differential are sized (1 of X's rows is onesof(X)) before the read-off moves them, and
  // printed bare again only where the context still sizes them (Sizes.conventional)

  for (const d of [...forward].reverse()) {
    const label = d.lhs.latex;
    const trace = (phase: string) => {
      const t: Step[] = [];
      return { t, done: () => t.forEach((step) => steps.push({ definition: label, phase, step })) };
    };
    let g: Expr;
    if (d === out) g = scalarOut ? A.num(1) : upstream!;
    else {
      const ps = parts(d.lhs.name);
      if (!ps) continue; // does not influence the output
      const tr = trace("simplify");
      const expr = simplifier(sizes.conventional(A.op("add", ps)), tr.t);
      tr.done();
      backward.push({ target: d.lhs, name: nameOf(d.lhs), expr, input: false });
      g = nameOf(d.lhs);
    }
    const te = trace("expand"),
      td = trace("differentiate"),
      tr = trace("read-off");
    let paired: Expr;
    try {
      const rhs = expand.run(d.rhs, te.t);
      const dv = zeroDifferentials(differentiate, differentiate.run(A.diff(rhs), td.t), ctx, td.t);
      stuck(dv, d);
      paired = readoff.run(A.pair(g, sizes.sizeConstants(dv)), tr.t);
    } catch (e) {
      if (e instanceof RewriteLimit) throw new LocatedError(d.loc, `cannot differentiate ${label}: ${e.message}`);
      throw e;
    }
    te.done();
    td.done();
    tr.done();
    for (const [x, gx] of readOff(paired, d)) {
      if (!contributions.has(x)) contributions.set(x, []);
      contributions.get(x)!.push([forward.indexOf(d), sizes.sizeConstants(gx)]);
    }
  }
  for (const x of inputs) {
    const ps = parts(x.name);
    const t: Step[] = [];
    const expr = ps ? simplifier(sizes.conventional(A.op("add", ps)), t) : A.num(0);
    t.forEach((step) => steps.push({ definition: x.latex, phase: "simplify", step }));
    backward.push({ target: x, name: nameOf(x), expr, input: true });
  }
  return {
    doc,
    output: out.lhs,
    loss,
    upstream,
    forward,
    backward,
    inputs,
    constants,
    steps,
    ctx,
    ...(opts.fuse ? { fused: true } : {}),
  };
}

/** The derivation kernels compute: the same, with definitions fused where a stable form spans them (./fuse.ts). */
export function forKernels(d: Derivation): Derivation {
  if (d.fused || d.inputs.length === 0 || fuseStable(d.forward, d.ctx) === d.forward) return d;
  return derive(d.doc, { of: d.output.name, wrt: d.inputs.map((x) => x.name), loss: d.loss, fuse: true });
}

/**
 * The canonical form of a differential, with the differentiation rules run again on it: canon writes a zero
 * differential as 0, and the rules' zero lines (d-zero-vec: vec(0) => 0, d-zero-kron-left: 0 ⊗ A => 0 A, …) then
 * take it through the linear maps around it, until nothing changes.
 */
function zeroDifferentials(rw: Rewriter, dv: Expr, ctx: MatchCtx, trace: Step[]): Expr {
  let cur = canon(dv, ctx);
  for (let i = 0; i < 8; i++) {
    const next = canon(rw.run(cur, trace), ctx);
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

/** A differential the rules could not push through names what is missing. */
function stuck(dv: Expr, d: Definition): void {
  let bad: Expr | undefined;
  A.some(dv, (x) => {
    if (x.k === "diff" && x.x.k !== "sym") {
      bad = x.x;
      return true;
    }
    return false;
  });
  if (!bad) return;
  const what =
    bad.k === "apply"
      ? bad.args.length > 1
        ? `${bad.fn.latex} is a function of several arguments that is not a scalar loss, whose derivative has no matrix form`
        : `${bad.fn.latex} is a function the document does not define`
      : bad.k === "op"
        ? `no differentiation rule for ${bad.op}`
        : bad.k === "deriv"
          ? "a derivative inside a definition cannot be differentiated again here"
          : `no differentiation rule for ${printExpr(bad)}`;
  throw new LocatedError(d.loc, `cannot differentiate ${d.lhs.latex}: ${what}`);
}

/** The terms ⟨G, d(X)⟩ of a read-off result, as (X, G). */
function readOff(e: Expr, d: Definition): [string, Expr][] {
  if (e.k === "num" && e.value === 0) return [];
  if (A.isOp(e, "add")) return e.args.flatMap((a) => readOff(a, d));
  // Σ_i ⟨G_i, d(X)⟩ contributes Σ_i G_i
  if (e.k === "sumidx") return readOff(e.body, d).map(([x, g]) => [x, A.sumIdx(e.index, g, e.lo, e.hi)]);
  if (e.k === "pair" && e.e.k === "diff" && e.e.x.k === "sym") return [[e.e.x.name, e.g]];
  if (e.k === "pair" && e.e.k === "num") return [];
  throw new LocatedError(
    d.loc,
    `cannot read off a gradient from ${printExpr(e)} (an operation without a read-off rule)`,
  );
}

/** Simplify to the conventional form; subexpressions equal to a forward definition become its name. */
export function makeSimplifier(ctx: MatchCtx, forward: readonly Definition[]): (e: Expr, trace: Step[]) => Expr {
  const simplify = new Rewriter(rulesOf("simplify"), ctx);
  const norm = (e: Expr, trace: Step[]) => {
    let cur = e;
    for (let i = 0; i < 20; i++) {
      const next = canon(simplify.run(canon(cur, ctx), trace), ctx);
      if (next === cur) break;
      cur = next;
    }
    return cur;
  };
  const names = new Map<Expr, Sym>();
  for (const d of forward) {
    const c = norm(d.rhs, []);
    if (c.k !== "sym" && c.k !== "num") names.set(c, d.lhs);
  }
  const name = (e: Expr): Expr => {
    const hit = names.get(e);
    if (hit) return hit;
    const kids = A.children(e);
    return kids.length ? A.withChildren(e, kids.map(name)) : e;
  };
  return (e, trace) => norm(name(norm(e, trace)), trace);
}
