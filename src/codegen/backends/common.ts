// What every backend needs: dead-code elimination, use counts, inlining of single-use temporaries into
// expressions (for the expression languages), literals and comments.
import { isRef, type Arg, type Instr, type IRShape, type Program } from "../ir.js";
import { atomSize, type Size } from "../shapes.js";
import type { ExtraKernel } from "../extras.js";
import { commentText } from "../names.js";

/** The instructions that `roots` depend on, in program order. */
export function live(instrs: readonly Instr[], roots: readonly Arg[]): Instr[] {
  const need = new Set(roots.filter(isRef).map((a) => a.ref));
  const out: Instr[] = [];
  for (let i = instrs.length - 1; i >= 0; i--) {
    const ins = instrs[i];
    if (!need.has(ins.out)) continue;
    out.push(ins);
    for (const a of ins.args) if (isRef(a)) need.add(a.ref);
  }
  return out.reverse();
}

/** Values (by name) that `instrs` read but do not compute. */
export function freeValues(instrs: readonly Instr[], roots: readonly Arg[] = []): Set<string> {
  const defined = new Set<string>(),
    free = new Set<string>();
  for (const ins of instrs) {
    for (const a of ins.args) if (isRef(a) && !defined.has(a.ref)) free.add(a.ref);
    defined.add(ins.out);
  }
  for (const a of roots) if (isRef(a) && !defined.has(a.ref)) free.add(a.ref);
  return free;
}

export interface Statement {
  readonly instr: Instr;
  readonly expr: string;
}
export interface Body {
  readonly statements: readonly Statement[];
  readonly arg: (a: Arg) => string;
}

/**
 * Statements for `instrs`, inlining every anonymous temporary that is used exactly once (in this body and
 * by the roots) and is not in `keep`. `render` turns an instruction and its argument expressions into one.
 */
export function body(
  instrs: readonly Instr[],
  roots: readonly Arg[],
  render: (i: Instr, args: string[]) => string,
  literal: (n: number) => string,
  keep: ReadonlySet<string> = new Set(),
): Body {
  const inlined = inlinable(instrs, roots, keep);
  const inline = new Map<string, string>();
  const statements: Statement[] = [];
  const arg = (a: Arg): string => (isRef(a) ? (inline.get(a.ref) ?? a.ref) : literal(a.num));
  for (const ins of instrs) {
    const expr = render(ins, ins.args.map(arg));
    if (inlined.has(ins.out)) inline.set(ins.out, expr);
    else statements.push({ instr: ins, expr });
  }
  return { statements, arg };
}

/** Anonymous temporaries used exactly once (by `instrs` and the roots) and not kept. */
export function inlinable(
  instrs: readonly Instr[],
  roots: readonly Arg[],
  keep: ReadonlySet<string> = new Set(),
): Set<string> {
  const uses = new Map<string, number>();
  const count = (a: Arg) => {
    if (isRef(a)) uses.set(a.ref, (uses.get(a.ref) ?? 0) + 1);
  };
  instrs.forEach((i) => i.args.forEach(count));
  roots.forEach(count);
  return new Set(instrs.filter((i) => !i.named && uses.get(i.out) === 1 && !keep.has(i.out)).map((i) => i.out));
}

/** The program with the temporaries that survive inlining in `bodies` renumbered t1, t2, … in program order. */
export function compactTemps(
  p: Program,
  bodies: readonly { instrs: readonly Instr[]; roots: readonly Arg[]; keep?: ReadonlySet<string> }[],
): Program {
  const all = [...p.forward, ...p.backward, ...p.extras.flatMap((x) => x.instrs)];
  const gone = bodies.map((b) => inlinable(b.instrs, b.roots, b.keep));
  const shown = new Set(
    bodies.flatMap((b, k) => b.instrs.filter((i) => !i.named && !gone[k].has(i.out)).map((i) => i.out)),
  );
  const taken = new Set([
    ...all.filter((i) => i.named).map((i) => i.out),
    ...p.inputs.map((x) => x.ident),
    ...p.sizes.map((s) => s.ident),
  ]);
  const map = new Map<string, string>();
  let k = 0;
  for (const i of all) {
    if (i.named) continue;
    if (shown.has(i.out)) {
      let s: string;
      do s = `t${++k}`;
      while (taken.has(s));
      map.set(i.out, s);
    } else map.set(i.out, `_inline_${i.out}`);
  }
  const r = (s: string) => map.get(s) ?? s;
  const arg = (a: Arg): Arg => (isRef(a) ? { ref: r(a.ref) } : a);
  const instr = (i: Instr): Instr => ({ ...i, out: r(i.out), args: i.args.map(arg) });
  return {
    ...p,
    forward: p.forward.map(instr),
    backward: p.backward.map(instr),
    shapes: new Map([...p.shapes].map(([key, v]) => [r(key), v])),
    output: { ...p.output, value: arg(p.output.value) },
    inputs: p.inputs.map((x) => ({ ...x, grad: x.grad && arg(x.grad) })),
    extras: p.extras.map((x) => ({ ...x, instrs: x.instrs.map(instr), value: arg(x.value) })),
  };
}

/** The instructions a jacobian_X / hessian_X function runs: those its value needs (forward, backward, its own, and
 * any it shares with an earlier jacobian / hessian function). */
export const extraInstrs = (p: Program, x: ExtraKernel): Instr[] =>
  live([...p.forward, ...p.backward, ...p.extras.flatMap((e) => e.instrs)], [x.value]);

/** The number of entries of a shape as an expression over the size variables (`n`, `n * d`), null if unknown. */
function numelOf(p: Program, s: IRShape): string | null {
  if (!knownShape(p, s)) return null;
  if (s.length === 0) return "1";
  const one = (z: Size) => z.terms.length === 0 && z.c === 1;
  return one(s[1]) ? atomSize(s[0]) : one(s[0]) ? atomSize(s[1]) : `${atomSize(s[0])} * ${atomSize(s[1])}`;
}

/**
 * The shape of what jacobian_X returns (numel Y × numel X) or hessian_X (numel X × numel X), over the size
 * variables: also a closed form that is the number 0 (or a constant) is returned as an array of this shape.
 */
export function extraShape(p: Program, x: ExtraKernel): { rows: string; cols: string } | null {
  const input = p.inputs.find((i) => i.key === x.input)!;
  const rows = numelOf(p, x.kind === "jacobian" ? p.output.shape : input.shape),
    cols = numelOf(p, input.shape);
  return rows === null || cols === null ? null : { rows, cols };
}

/** What a jacobian_X / hessian_X function returns, for its doc comment. */
export function extraDoc(p: Program, x: ExtraKernel): string {
  const vec = (layout: string, s: string) => (layout === "matrix" ? `rvec(${s})` : s);
  const input = p.inputs.find((i) => i.key === x.input)!,
    y = p.output.ident;
  return x.kind === "jacobian"
    ? `d ${vec(p.output.layout, y)} / d ${vec(input.layout, x.ident)}: the Jacobian in closed form, numel(${y}) x numel(${x.ident}), rvec = rows stacked (row-major)`
    : `d2 ${y} / d ${vec(input.layout, x.ident)}^2: the Hessian in closed form, numel(${x.ident}) x numel(${x.ident}), rvec = rows stacked (row-major)`;
}

/** A number as a JS/Python literal: shortest round-trip form, negative ones in parentheses. */
export function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} as a literal`);
  const s = Object.is(n, -0) ? "0" : String(n);
  return n < 0 ? `(${s})` : s;
}

/** Header lines: where the kernel comes from and the formulas it computes (comment text only). */
export function headerLines(p: Program, target: string): string[] {
  const base = p.file.split(/[\\/]/).pop() ?? p.file;
  return [
    `Generated by texgrad (--target ${target}) from ${commentText(base)}; do not edit.`,
    `Output ${commentText(p.output.source)}${p.output.dims.length ? ` (${p.output.dims.join(" x ")})` : " (scalar)"}; inputs ${p.inputs.map((i) => `${commentText(i.source)}${i.dims.length ? ` (${i.dims.join(" x ")})` : ""}`).join(", ")}.`,
    p.scalarOutput
      ? "gradients(seed) returns seed times the gradient of the scalar output."
      : "gradients(seed) returns the vector-Jacobian product with seed = dL/d(output).",
    "",
    ...p.formulas.map((f) => `  ${commentText(f)}`),
    ...(p.extras.length
      ? [
          "",
          "Jacobians and Hessians in closed form (rvec stacks the rows, as row-major arrays flatten):",
          ...p.extras.map((x) => `  ${x.fn}: ${commentText(x.formula)}`),
        ]
      : []),
  ];
}

/** Whether every dimension of `shape` can be computed from the size variables. */
export function knownShape(p: Program, shape: IRShape): boolean {
  const known = new Set(p.sizes.map((s) => s.ident));
  return shape.every((d) => d.terms.every(([v]) => known.has(v)));
}

/**
 * Products with a transposed factor as one matmul variant (for the js and c targets, whose transposes copy):
 * `mul(T(A), B)` becomes `mul(A, B)` with attr 1 (AᵀB), `mul(A, T(B))` attr 2 (ABᵀ), both attr 3 (AᵀBᵀ); a
 * scaled transpose used only there, (s Aᵀ) B, becomes s (Aᵀ B). A transpose left without users is then dead
 * code, so an n×n transpose is never materialised for a product.
 */
export function fuseTransposes(p: Program): Program {
  const all = [...p.forward, ...p.backward, ...p.extras.flatMap((x) => x.instrs)];
  const byName = new Map(all.map((i) => [i.out, i]));
  const uses = new Map<string, number>();
  const use = (a: Arg) => {
    if (isRef(a)) uses.set(a.ref, (uses.get(a.ref) ?? 0) + 1);
  };
  all.forEach((i) => i.args.forEach(use));
  [p.output.value, ...p.inputs.flatMap((x) => (x.grad ? [x.grad] : [])), ...p.extras.map((x) => x.value)].forEach(use);
  const def = (a: Arg) => (isRef(a) ? byName.get(a.ref) : undefined);
  /** A's source when `a` is an unnamed transpose of a matrix A. */
  const transposed = (a: Arg): Arg | undefined => {
    const i = def(a),
      x = i?.args[0];
    return i &&
      i.op === "transpose" &&
      !i.named &&
      i.shape.length === 2 &&
      x &&
      isRef(x) &&
      p.shapes.get(x.ref)?.length === 2
      ? x
      : undefined;
  };
  /** [s, A] when `a` is s ⊙ Aᵀ (s a scalar) computed only for this product. */
  const scaledT = (a: Arg): [Arg, Arg] | undefined => {
    const i = def(a);
    if (!i || i.op !== "hadamard" || i.named || uses.get(i.out) !== 1 || i.args.length !== 2) return undefined;
    const scalar = (x: Arg) => !isRef(x) || p.shapes.get(x.ref)?.length === 0;
    for (const k of [0, 1]) {
      const t = transposed(i.args[1 - k]);
      if (scalar(i.args[k]) && t) return [i.args[k], t];
    }
    return undefined;
  };
  const shapes = new Map(p.shapes);
  const taken = new Set([...p.shapes.keys(), ...p.inputs.map((x) => x.ident), ...p.sizes.map((x) => x.ident)]);
  let fresh = 0;
  const fuse = (i: Instr): Instr[] => {
    if (i.op !== "mul" || i.attr !== undefined || i.args.length !== 2) return [i];
    let [l, r] = i.args,
      t = 0,
      scale: Arg | undefined;
    const sl = scaledT(l),
      sr = sl ? undefined : scaledT(r);
    if (sl) [scale, l, t] = [sl[0], sl[1], 1];
    else if (transposed(l)) [l, t] = [transposed(l)!, 1];
    if (sr) [scale, r, t] = [sr[0], sr[1], t | 2];
    else if (transposed(r)) [r, t] = [transposed(r)!, t | 2];
    if (t === 0) return [i];
    if (!scale) return [{ ...i, args: [l, r], attr: t }];
    let name: string;
    do name = `t${++fresh}`;
    while (byName.has(name) || taken.has(name));
    shapes.set(name, i.shape);
    return [
      { out: name, op: "mul", args: [l, r], attr: t, shape: i.shape, named: false },
      { ...i, op: "hadamard", args: [scale, { ref: name }] },
    ];
  };
  const forward = p.forward.flatMap(fuse),
    backward = p.backward.flatMap(fuse);
  const extras = p.extras.map((x) => ({ ...x, instrs: x.instrs.flatMap(fuse) }));
  return { ...p, forward, backward, extras, shapes };
}
