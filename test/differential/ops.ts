// The operations the differential test generates, read from the registry (allOps()): an operation added later
// is picked up automatically. For each operation its signatures are found by asking its own shape rule about
// argument shapes built from two distinct frozen dimensions n, m (scalar, n×1, 1×n, n×m, m×n, n×n, …), and the
// domain of each argument by evaluating it (its own eval) on ordinary random values, then on positive ones,
// then on positive matrices with a dominant diagonal: the least demanding class on which every draw is finite.
import "../../src/ops/index.js";
import { allOps, type OpDef } from "../../src/ops/registry.js";
import { ShapeCtx, ShapeError, type Shape as TShape } from "../../src/shape/shape.js";
import { constDim } from "../../src/shape/dims.js";
import type { Value } from "../../src/numeric/index.js";

/**
 * Operations that are not generated, each with its reason. Internal helpers that a user does not write (the
 * Jacobian and code-generation machinery), and operations sized by their context.
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  eyeof: "internal: an identity sized by another matrix (Jacobians); users write \\mathbf{I}",
  onesof: "internal: a ones column sized by another matrix (Jacobians); users write \\mathbf{1}",
  commutation: "internal: the commutation matrix of Jacobians",
  ncols: "internal: a size carrier of Jacobians",
  rvec: "internal: row-major vec of Jacobians",
  kronleft: "internal: adjoint of a Kronecker factor (Jacobian read-off)",
  kronright: "internal: adjoint of a Kronecker factor (Jacobian read-off)",
  unvec: "internal: adjoint of vec (gradient read-off)",
  blockdiag: "internal: row-block structure of Jacobians",
  quadform: "internal: Mᵀ diag(v) M made by code generation (structured.ts)",
  select: "internal: a block of a concatenation, made by derivation",
  lnscale: "internal: the scale factor inside layer norm's derivative",
  unit: "sized by context (e_j): its size is not determined by its arguments",
};

/** Argument counts of variadic operations (default 2); layernorm's optional second argument is ε, a scalar. */
const NARY: Readonly<Record<string, readonly number[]>> = { layernorm: [1, 2] };

/** Operations whose scalar arguments are ordinary (a scalar times, plus, over, to a power). */
const ALGEBRA = new Set(["add", "neg", "mul", "hadamard", "ediv", "pow", "epow", "inv"]);

/** Exponents tried for operations that take a numeric parameter. */
export const ATTRS: Readonly<Record<string, readonly number[]>> = { pow: [2, 3, -1, 0.5, -0.5], epow: [2, 3, 0.5, -1] };

/** Domains, least demanding first. posdef: a square matrix with positive entries and a dominant diagonal. */
export type Domain = "any" | "positive" | "posdef";

/** A shape pattern over the probe's dimensions: "1", "n" or "m" for each side; [] is a scalar. */
export type Pattern = readonly [] | readonly [string, string];

export interface Signature {
  readonly op: OpDef;
  readonly args: readonly Pattern[];
  /** The result's pattern, or null when a side is compound (n·m, n + m, a fresh size): usable only under a reduction. */
  readonly out: Pattern | null;
  readonly attr?: number;
  readonly domains: readonly Domain[];
  /** Broadcast features (./gen.ts KNOWN_BROKEN): a scalar against a non-scalar, a column against a matrix. */
  readonly features: readonly string[];
}

const PATTERNS: readonly Pattern[] = [[], ["n", "1"], ["1", "n"], ["n", "m"], ["m", "n"], ["n", "n"]];

function probeShape(op: OpDef, args: readonly Pattern[], attr?: number): Pattern | null | undefined {
  const ctx = new ShapeCtx();
  const n = ctx.dims.named("n"),
    m = ctx.dims.named("m");
  ctx.dims.freeze();
  const dim = (s: string) => (s === "n" ? n : s === "m" ? m : constDim(1));
  const shapes: TShape[] = args.map((p) => (p.length === 0 ? [] : [dim(p[0]), dim(p[1])]));
  let out: TShape;
  try {
    out = op.shape(shapes, ctx, attr);
  } catch (e) {
    if (e instanceof ShapeError) return undefined;
    return undefined;
  }
  if (out.length === 0) return [];
  const side = (d: (typeof out)[0]): string | null => {
    const s = ctx.dims.show(d);
    return s === "n" || s === "m" || s === "1" ? s : null;
  };
  const r = side(out[0]),
    c = side(out[1]);
  return r === null || c === null ? null : r === "1" && c === "1" ? [] : [r, c];
}

/**
 * A concrete value of a pattern (n = 3, m = 2) in a domain; trial 0 is all zeros (any) or all ones (positive), the
 * singular points random draws rarely hit (1/0, log 0, the inverse of a rank-one matrix).
 */
function draw(p: Pattern, dom: Domain, rnd: () => number, trial: number): Value {
  const size = (s: string) => (s === "n" ? 3 : s === "m" ? 2 : 1);
  const entry = () =>
    trial === 0 && dom !== "posdef" ? (dom === "any" ? 0 : 1) : dom === "any" ? 2 * rnd() - 1 : 0.5 + rnd();
  if (p.length === 0) return entry();
  const r = size(p[0]),
    c = size(p[1]);
  const data = Float64Array.from({ length: r * c }, entry);
  if (dom === "posdef" && r === c) for (let i = 0; i < r; i++) data[i * c + i] += r;
  return { rows: r, cols: c, data };
}
const finite = (v: Value) => (typeof v === "number" ? Number.isFinite(v) : v.data.every(Number.isFinite));

/** Domains the probe cannot see, with reasons: an argument whose derivative needs more than the value does. */
const DOMAIN_OVERRIDES: Readonly<Record<string, Domain>> = {
  det: "posdef", // d det A = det A · tr(A⁻¹ dA): A must be invertible (det of LayerNorm rows is 0)
};

function domains(op: OpDef, args: readonly Pattern[], attr: number | undefined): Domain[] | null {
  const o = DOMAIN_OVERRIDES[op.name];
  if (o) return args.map((a) => (a.length === 2 && a[0] === a[1] ? o : "any"));
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const order: Domain[] = ["any", "positive", "posdef"];
  for (const dom of order) {
    let ok = true;
    for (let t = 0; t < 8 && ok; t++) {
      try {
        ok = finite(
          op.eval(
            args.map((p) => draw(p, dom, rnd, t)),
            attr,
          ),
        );
      } catch {
        ok = false;
      }
    }
    if (ok) return args.map(() => dom);
  }
  return null;
}

/** Every signature of every generated operation. */
export function signatures(): Signature[] {
  const out: Signature[] = [];
  for (const op of allOps()) {
    if (EXCLUDED[op.name] !== undefined || op.sized) continue;
    const arities = op.arity === "n" ? (NARY[op.name] ?? [2]) : [op.arity];
    for (const attr of ATTRS[op.name] ?? [undefined]) {
      for (const k of arities) {
        const tuples: Pattern[][] =
          k === 1 ? PATTERNS.map((p) => [p]) : PATTERNS.flatMap((a) => PATTERNS.map((b) => [a, b]));
        const ew =
          k === 2
            ? probeShape(
                op,
                [
                  ["n", "m"],
                  ["n", "m"],
                ],
                attr,
              )
            : undefined;
        const elementwise = ew !== undefined && ew !== null && ew.length === 2 && ew[0] === "n" && ew[1] === "m";
        for (const args of tuples) {
          if (op.name === "layernorm" && args.length === 2 && args[1].length !== 0) continue;
          const o = probeShape(op, args, attr);
          if (o === undefined) continue;
          const doms = domains(op, args, attr);
          if (!doms) continue;
          const features: string[] = [];
          const scalarArg = args.some((a) => a.length === 0),
            big = o === null || o.length === 2;
          if (scalarArg && big && args.some((a) => a.length === 2)) features.push("scalar-broadcast");
          // tr(s), vec(s), s ⊗ A, rowsum(s): a matrix operation of a scalar (the algebra and entrywise functions excepted)
          if (
            scalarArg &&
            !op.elementwise &&
            !ALGEBRA.has(op.name) &&
            !(op.name === "layernorm" && args[0].length === 2)
          )
            features.push("scalar-as-matrix");
          if (
            elementwise &&
            args.some((a) => a.length === 2 && a[1] === "1") &&
            args.some((a) => a.length === 2 && a[0] !== "1" && a[1] !== "1")
          )
            features.push("column-broadcast");
          if (
            elementwise &&
            args.some((a) => a.length === 2 && a[0] === "1") &&
            args.some((a) => a.length === 2 && a[0] !== "1" && a[1] !== "1")
          )
            features.push("row-broadcast");
          // x^{-1} of a scalar expression: emit refuses ("a (m, m) value where a scalar is needed")
          if (op.name === "pow" && (attr ?? 1) < 0 && args[0].length === 0) features.push("scalar-inverse");
          // rowsum of a row vector (a scalar): emit refuses ("the size … is not determined")
          if (op.name === "rowsum" && args[0].length === 2 && args[0][0] === "1") features.push("rowsum-of-row");
          // logsoftmax of a vector summed: 1ᵀ logsoftmax(LayerNorm(x)) is derived wrong (ones sized by ones, see gen.ts)
          if (op.name === "logsoftmax" && args[0].length === 2 && (args[0][0] === "1" || args[0][1] === "1"))
            features.push("logsoftmax-vector");
          out.push({ op, args, out: o, ...(attr === undefined ? {} : { attr }), domains: doms, features });
        }
      }
    }
  }
  return out;
}
