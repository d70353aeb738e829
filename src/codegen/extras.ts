// Jacobian and Hessian kernels (`emit --jacobian X`, `--hessian X`). The closed forms of src/derive/jacobian.ts
// (J = ∂ rvec Y/∂ rvec X, numel Y × numel X, rows stacked) and src/derive/hessian.ts (H = ∂²f/∂ rvec X ∂ rvec Xᵀ)
// are lowered into the same IR as `forward` and `gradients`, after them, with the same Lowerer: they share its
// common subexpressions (σ(Xw) is one instruction) and its backends. Not finite differences, not one VJP a column.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Derivation } from "../derive/reverse.js";
import { Graph, type Definition } from "../derive/graph.js";
import { jacobian, matches } from "../derive/jacobian.js";
import { hessian } from "../derive/hessian.js";
import { LocatedError } from "../errors.js";
import type { Loc } from "../macro/lexer.js";
import { printExpr } from "../render/latex.js";
import { printJ } from "../derive/jprint.js";
import type { ShapeEnv } from "../shape/infer.js";
import type { Arg, Instr, Port } from "./ir.js";
import type { Lowerer } from "./lower.js";
import { annotate, unifyWith, type Ann } from "./shapes.js";

export type ExtraKind = "jacobian" | "hessian";
export interface ExtraRequest {
  readonly kind: ExtraKind;
  readonly wrt: string;
}

/** A closed form to lower: the matrix, and the definitions whose values it reads. */
export interface ClosedForm {
  readonly kind: ExtraKind;
  readonly input: Sym;
  readonly expr: Expr;
  readonly forward: readonly Definition[];
  /** `∂ rvec(O)/∂ rvec(X) = …` in LaTeX, for comments. */
  readonly formula: string;
}

/** A function of the kernel module beside forward and gradients: jacobian_X or hessian_w. */
export interface ExtraKernel {
  readonly kind: ExtraKind;
  /** The function's name: `jacobian_` or `hessian_` and the input's identifier. */
  readonly fn: string;
  /** The input it differentiates by (its key in INPUTS) and that input's identifier. */
  readonly input: string;
  readonly ident: string;
  /** Its own instructions (it also reads forward and backward values, recomputed by the function). */
  readonly instrs: readonly Instr[];
  readonly value: Arg;
  readonly formula: string;
}

const vecName = (s: Sym, matrix: boolean) => (matrix ? `\\operatorname{rvec}(${s.latex})` : s.latex);

/** The closed forms for `requests`, in order, each (kind, input) once; errors are located at the output. */
export function closedForms(d: Derivation, requests: readonly ExtraRequest[]): ClosedForm[] {
  const where = d.forward.find((f) => f.lhs === d.output)?.loc ?? { file: d.doc.file, line: 1, col: 1 };
  const leaves = new Set([...d.inputs, ...d.constants].map((s) => s.name));
  const seen = new Set<string>();
  const out: ClosedForm[] = [];
  for (const r of requests) {
    const wrt = r.wrt.trim();
    if (!wrt) throw new LocatedError(where, `--${r.kind} needs an input name`);
    if (r.kind === "hessian" && d.upstream !== null)
      throw new LocatedError(
        where,
        `--hessian ${wrt}: a Hessian needs a scalar output, but ${d.output.latex} is ${d.doc.env.show(d.doc.env.shapeOf(d.output))} (use --jacobian ${wrt} for ∂ rvec(${d.output.name})/∂ rvec(${wrt}))`,
      );
    const form = r.kind === "jacobian" ? jacobianForm(d, wrt) : hessianForm(d, wrt);
    if (!leaves.has(form.input.name))
      throw new LocatedError(
        where,
        `--${r.kind} ${wrt}: ${form.input.latex} is not an input of the kernel (an intermediate definition has no argument to differentiate by)`,
      );
    const key = `${r.kind}:${form.input.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(form);
    }
  }
  return out;
}

function jacobianForm(d: Derivation, wrt: string): ClosedForm {
  const j = jacobian(d.doc, { of: d.output.name, wrt, fuse: true });
  const m = (s: Sym) => !(j.ctx.isScalar(s) || j.ctx.isVector(s));
  const name = `\\frac{\\partial ${vecName(j.output, m(j.output))}}{\\partial ${vecName(j.input, m(j.input))}}`;
  return {
    kind: "jacobian",
    input: j.input,
    expr: j.expr,
    forward: j.forward,
    formula: `${name} = ${printJ(j.expr, j.sizes)}`,
  };
}

/** ∂²f/∂ rvec x ∂ rvec xᵀ in LaTeX. */
const hessianName = (f: Sym, x: Sym, matrix: boolean) => {
  const v = vecName(x, matrix);
  return `\\frac{\\partial^2 ${f.latex}}{\\partial ${v} \\partial ${v}^\\top}`;
};

function hessianForm(d: Derivation, wrt: string): ClosedForm {
  let h: ReturnType<typeof hessian>;
  try {
    h = hessian(d.doc, { of: d.output.name, wrt, fuse: true });
  } catch (err) {
    const x = [...d.inputs, ...d.constants].find((s) => matches(s, wrt));
    if (!(err instanceof LocatedError) || !x || !/does not depend on/.test(err.message)) throw err;
    // f is linear in x: its gradient does not involve x, and the Hessian is 0 (the backends return the
    // numel(x) × numel(x) zero matrix for a closed form that is the number 0)
    const name = hessianName(d.output, x, !(d.ctx.isScalar(x) || d.ctx.isVector(x)));
    return {
      kind: "hessian",
      input: x,
      expr: A.num(0),
      forward: d.forward,
      formula: `${name} = 0 (${d.output.latex} is linear in ${x.latex})`,
    };
  }
  return {
    kind: "hessian",
    input: h.input,
    expr: h.hessian.expr,
    forward: h.hessian.forward,
    formula: `${hessianName(h.output, h.input, h.matrix)} = ${printJ(h.hessian.expr, h.hessian.sizes)}`,
  };
}

/**
 * Lower each closed form after the kernel's own instructions: first the definitions it reads that the kernel
 * does not compute (a Hessian's ∇f), then the matrix, named J_X or H_X.
 */
export function lowerExtras(
  lw: Lowerer,
  env: ShapeEnv,
  forms: readonly ClosedForm[],
  ports: readonly Port[],
  fail: (err: unknown, loc?: Loc) => never,
  where: Loc,
): ExtraKernel[] {
  return forms.map((f) => {
    const port = ports.find((p) => p.source === f.input.name && !p.sizeInput);
    if (!port)
      throw new LocatedError(
        where,
        `cannot emit ${f.kind}_${f.input.name}: ${f.input.latex} is not an input of the kernel`,
      );
    const needed = new Set(Graph.uses(f.expr).map((s) => s.name));
    for (const def of [...f.forward].reverse())
      if (needed.has(def.lhs.name)) Graph.uses(def.rhs).forEach((u) => needed.add(u.name));
    const missing = f.forward.filter((def) => needed.has(def.lhs.name) && !lw.hasSymbol(def.lhs.name));
    let anns: Ann[] = [],
      ann: Ann | undefined;
    env.dims.freeze();
    try {
      anns = missing.map((def) => {
        const a = annotate(def.rhs, env);
        unifyWith(a, env.shapeOf(def.lhs), env);
        return a;
      });
      ann = annotate(f.expr, env);
    } catch (err) {
      fail(err);
    } finally {
      env.dims.thaw();
    }
    missing.forEach((def, i) => {
      try {
        lw.define(def.lhs.name, def.rhs, anns[i], def.lhs.name, `${printExpr(def.lhs)} = ${printExpr(def.rhs)}`);
      } catch (err) {
        fail(err, def.loc);
      }
    });
    const raw = `${f.kind === "jacobian" ? "J" : "H"}_${port.ident}`;
    let value: Arg = { num: 0 };
    try {
      value = lw.lower(f.expr, ann!, { raw, comment: f.formula });
    } catch (err) {
      fail(err);
    }
    return {
      kind: f.kind,
      fn: `${f.kind}_${port.ident}`,
      input: port.key,
      ident: port.ident,
      instrs: lw.take(),
      value,
      formula: f.formula,
    };
  });
}
