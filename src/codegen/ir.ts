// The kernel IR: a straight-line SSA program built from a Derivation. Inputs first (the derivation's inputs
// and every non-dimension constant; dimension names used as values become sizes read off input shapes), then
// the forward definitions, then the backward ones. Every operation is one instruction (three-address form);
// a node that occurs more than once (nodes are hash-consed) is computed once. Temporaries are named after the
// source (`Q`, `A`, `dS` for ∂L/∂S, `dW_q`), `seed` is the upstream gradient ∂L/∂Y; other temporaries are
// t1, t2, … in order of creation. Deterministic: the same derivation gives the same program.
import type { Sym } from "../ast/index.js";
import type { Derivation } from "../derive/reverse.js";
import { LocatedError } from "../errors.js";
import { printExpr } from "../render/latex.js";
import { printDisplay } from "../render/display.js";
import type { Loc } from "../macro/lexer.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { Namer, safeKey } from "./names.js";
import { annotate, unifyWith, SizeNames, UnsupportedError, type Ann, type IRShape, type Size } from "./shapes.js";
import { Lowerer } from "./lower.js";
import { lowerExtras, type ClosedForm, type ExtraKernel } from "./extras.js";
import { stableForm } from "./stable.js";
import { getOp, hasOp } from "../ops/registry.js";
import { forKernels } from "../derive/reverse.js";

export type { IRShape, Size } from "./shapes.js";
export type Arg = { readonly ref: string } | { readonly num: number };
/** Operations the IR adds to those of src/ops: constants and conversions. */
export type IROp = "ones" | "eye" | "zeros" | "fill" | "item" | "size" | "sub";

export interface Instr {
  readonly out: string;
  /** An operation of src/ops (with `mul` only for conforming matrices), or an IROp. */
  readonly op: string;
  readonly args: readonly Arg[];
  readonly attr?: number;
  readonly shape: IRShape;
  /** For `size`: the dimension whose value this is. */
  readonly dim?: Size;
  /** A quantity of the source (a definition or a gradient): kept as its own statement. */
  readonly named: boolean;
  /** The LaTeX of what it computes, for a comment. */
  readonly comment?: string;
}

export type Layout = "scalar" | "vector" | "matrix";
export interface Port {
  readonly source: string;
  readonly latex: string;
  /** Key in INPUTS / the gradients dictionary: the source name when it is a safe literal, else `ident`. */
  readonly key: string;
  readonly ident: string;
  readonly shape: IRShape;
  readonly layout: Layout;
  /** Dimension names as the contract prints them: ["n", "d"], ["n"], []. */
  readonly dims: readonly string[];
  /** A dimension passed as a value (its size is not read off any input's shape). */
  readonly sizeInput?: boolean;
}
export interface ProgramInput extends Port {
  /** The value holding the gradient, or null for a constant (no gradient asked for). */
  readonly grad: Arg | null;
}
/**
 * A size variable, read off an input's shape: size = (input.shape[axis] − offset) / coef, or an input's value, or
 * (axis "product") the product of two sizes read before it: the rows of A ⊗ B, the length of vec A.
 */
export interface SizeVar {
  readonly ident: string;
  readonly input: string;
  readonly axis: 0 | 1 | "value" | "product";
  readonly coef: number;
  readonly offset: number;
  readonly factors?: readonly [Size, Size];
}

export interface Program {
  readonly file: string;
  /** Where the output is defined (for errors about the kernel). */
  readonly loc: Loc;
  readonly inputs: readonly ProgramInput[];
  readonly sizes: readonly SizeVar[];
  readonly output: Port & { readonly value: Arg };
  /** Shape of `seed` (the output's): the VJP's upstream gradient; a scalar output's seed defaults to 1. */
  readonly scalarOutput: boolean;
  readonly forward: readonly Instr[];
  readonly backward: readonly Instr[];
  /** Shapes of inputs, `seed` and every instruction's result. */
  readonly shapes: ReadonlyMap<string, IRShape>;
  /** The derivation in LaTeX, for the header comment. */
  readonly formulas: readonly string[];
  /** jacobian_X / hessian_X functions (closed forms, ./extras.ts); empty unless asked for. */
  readonly extras: readonly ExtraKernel[];
}

export const SEED = "seed";
export const isRef = (a: Arg): a is { readonly ref: string } => "ref" in a;

export function buildProgram(d0: Derivation, closedForms: readonly ClosedForm[] = []): Program {
  // stable forms that span definitions (log p with p = σ(z)) are fused first
  const d = forKernels(d0);
  const env = d.doc.env;
  const namer = new Namer();
  const where = d.forward.find((f) => f.lhs === d.output)?.loc ?? { file: d.doc.file, line: 1, col: 1 };
  const fail = (err: unknown, loc = where): never => {
    if (err instanceof LocatedError) throw err;
    if (err instanceof UnsupportedError || err instanceof ShapeError)
      throw new LocatedError(loc, `cannot emit a kernel: ${err.message}`);
    throw err;
  };
  // kernel inputs: differentiated inputs, then constants that are values rather than sizes
  const isSize = (s: Sym) => env.dims.hasName(s.name);
  const leaves = [...d.inputs, ...d.constants.filter((s) => !isSize(s) && s.name !== "pi")];
  const inputIdents = leaves.map((s) => namer.name(s.name));
  const sizes = new SizeNames(env, (raw) => namer.name(raw));

  // phase 1: per-occurrence shapes for every formula, then gradients unified with their variables
  // (the document's dimensions are frozen: only the constants' fresh dimensions may be bound)
  let fwdAnn: Ann[] = [],
    bwdAnn: Ann[] = [];
  // what the kernel computes: the formulas in their stable forms (./stable.ts)
  const fwdRhs = d.forward.map((f) => stableForm(f.rhs, d.ctx)),
    bwdExpr = d.backward.map((b) => stableForm(b.expr, d.ctx));
  env.dims.freeze();
  try {
    fwdAnn = fwdRhs.map((rhs) => annotate(rhs, env));
    d.forward.forEach((f, i) => unifyWith(fwdAnn[i], env.shapeOf(f.lhs), env));
    bwdAnn = bwdExpr.map((e) => annotate(e, env));
    d.backward.forEach((b, i) => unifyWith(bwdAnn[i], env.shapeOf(b.target), env));
    env.dims.mergeProducts();
  } catch (err) {
    fail(err);
  } finally {
    env.dims.thaw();
  }

  const ports = leaves.map(
    (s, i): Port => port(s, inputIdents[i], env.shapeOf(s), sizes, env.ctx.isVector.bind(env.ctx)),
  );
  const sizeVars = readSizes(leaves, ports, env, sizes);
  // a dimension used as a value that no input's shape determines (\sqrt{n} with no n×… input) is an input
  for (const s of d.constants) {
    const z = isSize(s) ? sizes.size(env.dims.named(s.name)) : undefined;
    if (
      !z ||
      z.c !== 0 ||
      z.terms.length !== 1 ||
      z.terms[0][1] !== 1 ||
      sizeVars.some((v) => v.ident === z.terms[0][0])
    )
      continue;
    const v = z.terms[0][0];
    ports.push({
      source: s.name,
      latex: s.latex,
      key: safeKey(s.name) ? s.name : v,
      ident: v,
      shape: [],
      layout: "scalar",
      dims: [],
      sizeInput: true,
    });
    sizeVars.push({ ident: v, input: v, axis: "value", coef: 1, offset: 0 });
  }
  const lw = new Lowerer(sizes, namer);
  // a size input is read as an integer size (k = int(k)); its uses as a value go through a size instruction
  // (torch: _scalar(k), a tensor), not through the integer
  ports.forEach((p) => {
    if (!p.sizeInput) lw.input(p.source, p.ident, p.shape);
  });
  for (const s of d.constants) if (isSize(s)) lw.sizeSymbol(s.name, sizes.size(env.dims.named(s.name)));
  if (d.constants.some((s) => s.name === "pi")) lw.literal("pi", Math.PI);

  // phase 2: forward definitions, in order
  d.forward.forEach((f, i) => {
    try {
      lw.define(f.lhs.name, fwdRhs[i], fwdAnn[i], f.lhs.name, `${printExpr(f.lhs)} = ${printExpr(f.rhs)}`);
    } catch (err) {
      fail(err, f.loc);
    }
  });
  const scalarOutput = d.upstream === null;
  const outShape = env.shapeOf(d.output);
  const outPort = port(
    d.output,
    lw.valueName(d.output.name) ?? namer.name(d.output.name),
    scalarOutput ? [] : outShape,
    sizes,
    env.ctx.isVector.bind(env.ctx),
  );
  const forward = lw.take();
  let outValue: Arg = { num: 0 };
  try {
    outValue = lw.toShape(lw.symbol(d.output.name), outPort.shape);
  } catch (err) {
    fail(err);
  }
  forward.push(...lw.take());

  // phase 3: backward definitions; a scalar output's gradients are scaled by its seed at the end
  lw.input(SEED, SEED, outPort.shape);
  if (d.upstream) lw.deriv(d.upstream, { ref: SEED });
  const grads = new Map<string, Arg>();
  try {
    d.backward.forEach((b, i) => {
      const tshape = sizes.shape(env.shapeOf(b.target));
      const g = lw.gradient(
        b.name,
        bwdExpr[i],
        bwdAnn[i],
        tshape,
        `d${b.target.name}`,
        `${printExpr(b.name)} = ${printDisplay(b.expr, d.doc.env)}`,
      );
      if (b.input) grads.set(b.target.name, scalarOutput ? lw.scaleBySeed(g, tshape) : g);
    });
  } catch (err) {
    fail(err);
  }
  const backwardRaw = lw.take();
  // phase 4: Jacobians and Hessians in closed form, after everything they may share
  const extrasRaw = lowerExtras(
    lw,
    env,
    closedForms.map((f) => ({
      ...f,
      expr: stableForm(f.expr, d.ctx),
      forward: f.forward.map((g) => ({ ...g, rhs: stableForm(g.rhs, d.ctx) })),
    })),
    ports,
    fail,
    where,
  );
  const rn = lw.renames();
  const backward = backwardRaw.map(rn.instr);
  forward.splice(0, forward.length, ...forward.map(rn.instr));
  for (const [k, v] of grads) grads.set(k, rn.arg(v));
  const extras = extrasRaw.map((x) => ({ ...x, instrs: x.instrs.map(rn.instr), value: rn.arg(x.value) }));
  const all = [...forward, ...backward, ...extras.flatMap((x) => x.instrs)];
  productSizes(all, [outPort.shape], sizeVars, sizes, env);
  const known = new Set(sizeVars.map((v) => v.ident));
  for (const ins of all) {
    if (!["ones", "zeros", "eye", "fill", "size"].includes(ins.op) && !(hasOp(ins.op) && getOp(ins.op).shapedCode))
      continue;
    for (const s of [...ins.shape, ...(ins.dim ? [ins.dim] : [])])
      for (const [v] of s.terms)
        if (!known.has(v)) {
          // a size the document never names (a fresh one of an identity or a ones column, or a product with one) is
          // described, not named
          const name = sizes.shown(v),
            internal = /(^|[^A-Za-z_])m[0-9]+'?($|[^0-9'])/.test(name) && !env.dims.hasName(name);
          const what = {
            ones: "a column of ones",
            zeros: "a zero matrix",
            eye: "an identity",
            fill: "a constant matrix",
            size: "a size",
          }[ins.op as "ones"];
          throw new LocatedError(
            where,
            `cannot emit a kernel: ${internal ? `the size of ${what} in the formulas` : `the size ${name}`} is not determined by the shape of any input`,
          );
        }
  }
  const inputs = ports.map(
    (p, i): ProgramInput => ({ ...p, grad: d.inputs.includes(leaves[i]) ? (grads.get(p.source) ?? null) : null }),
  );
  const formulas = [
    ...d.forward.map((f) => `${printExpr(f.lhs)} = ${printExpr(f.rhs)}`),
    ...d.backward.map((b) => `${printExpr(b.name)} = ${printDisplay(b.expr, d.doc.env)}`),
  ];
  return {
    file: d.doc.file,
    loc: where,
    inputs,
    sizes: sizeVars,
    output: { ...outPort, value: rn.arg(outValue) },
    scalarOutput,
    forward,
    backward,
    shapes: rn.shapes,
    formulas,
    extras,
  };
}

function port(s: Sym, ident: string, shape: Shape, sizes: SizeNames, isVector: (s: Shape) => boolean): Port {
  const irs = sizes.shape(shape);
  const layout: Layout =
    shape.length === 0
      ? "scalar"
      : isVector(shape) && !(irs.length === 2 && irs[0].terms.length === 0 && irs[0].c === 1)
        ? "vector"
        : "matrix";
  const dims =
    shape.length === 0
      ? []
      : layout === "vector"
        ? [sizes.show(shape[0])]
        : [sizes.show(shape[0]), sizes.show(shape[1])];
  return { source: s.name, latex: s.latex, key: safeKey(s.name) ? s.name : ident, ident, shape: irs, layout, dims };
}

/**
 * Sizes that are products of others (n·m, the rows of A ⊗ B) which the instructions use and no input axis gives:
 * each becomes a size computed from its factors, after them, when the factors are known.
 */
function productSizes(
  instrs: readonly Instr[],
  more: readonly IRShape[],
  vars: SizeVar[],
  sizes: SizeNames,
  env: Derivation["doc"]["env"],
): void {
  const known = new Set(vars.map((v) => v.ident));
  const want = (s: Size): boolean => s.terms.every(([v]) => known.has(v) || derive(v));
  const derive = (ident: string): boolean => {
    const v = sizes.varOf(ident);
    const f = v === undefined ? undefined : env.dims.productOf(v);
    if (!f) return false;
    const factors = [sizes.size(f[0]), sizes.size(f[1])] as const;
    if (!factors.every(want)) return false;
    known.add(ident);
    vars.push({ ident, input: "", axis: "product", coef: 1, offset: 0, factors });
    return true;
  };
  const shapes = [...instrs.flatMap((i) => [...i.shape, ...(i.dim ? [i.dim] : [])]), ...more.flat()];
  for (const s of shapes) for (const [v] of s.terms) if (!known.has(v)) derive(v);
}

/** Each size variable from the first input axis that determines it (an axis of size k·v + c). */
function readSizes(
  leaves: readonly Sym[],
  ports: readonly Port[],
  env: Derivation["doc"]["env"],
  sizes: SizeNames,
): SizeVar[] {
  const out = new Map<string, SizeVar>();
  leaves.forEach((s, i) => {
    const sh = env.shapeOf(s);
    if (sh.length === 0) return;
    sh.forEach((dim, axis) => {
      const r = sizes.size(dim);
      if (r.terms.length !== 1) return;
      const [v, k] = r.terms[0];
      if (!out.has(v)) out.set(v, { ident: v, input: ports[i].ident, axis: axis as 0 | 1, coef: k, offset: r.c });
    });
  });
  return [...out.values()];
}
