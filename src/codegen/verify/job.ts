// Numeric verification of an emitted kernel, independent of its language: draw sizes and inputs (respecting
// positivity, src/derive/sample.ts), ask the kernel for its output at the base point and at every point of a
// central-difference stencil, and for its gradients at the base point; then compare each gradient with
//   ∂⟨seed, Y⟩/∂x_j ≈ (⟨seed, Y(x + h e_j)⟩ − ⟨seed, Y(x − h e_j)⟩) / 2h,   h = 6·10⁻⁶·max(1, |x_j|)
// in float64, and the output with the reference evaluator (src/numeric/eval.ts).
import type { Derivation } from "../../derive/reverse.js";
import { sampleSymbols, drawValue } from "../../derive/sample.js";
import { evaluate } from "../../numeric/eval.js";
import { stableForm } from "../stable.js";
import type { Mat, Value } from "../../numeric/index.js";
import type { Layout, Program, Size } from "../ir.js";

/** A value at the module boundary: a number, or {shape, data} (row-major; a vector has shape [n]). */
export type Boundary = number | { readonly shape: readonly number[]; readonly data: ArrayLike<number> };
export type Point = Record<string, Boundary>;
/** `extras`: the jacobian_X / hessian_X functions to call at the base point. */
export interface Job {
  readonly points: readonly Point[];
  readonly seed: Boundary;
  readonly base: Point;
  readonly wrt: readonly string[];
  readonly extras: readonly string[];
}
export interface Result {
  readonly outputs: readonly Boundary[];
  readonly gradients: Readonly<Record<string, Boundary>>;
  readonly notes?: readonly string[];
  /** What each jacobian_X / hessian_X returned at the base point ({shape: [rows, cols], data}). */
  readonly extras?: Readonly<Record<string, Boundary>>;
}

export interface Sample {
  readonly base: Point;
  readonly seed: Boundary;
  /** Size variables by identifier (for C, where sizes are arguments). */
  readonly sizes: ReadonlyMap<string, number>;
  /** The output by the reference evaluator. */
  readonly reference: Value;
  /** Inputs and forward values at the base point (the reference evaluator's). */
  readonly values: ReadonlyMap<string, Value>;
}

export function toBoundary(v: Value, layout: Layout): Boundary {
  if (typeof v === "number") return v;
  if (layout === "scalar") return v.data[0];
  return { shape: layout === "vector" ? [v.rows] : [v.rows, v.cols], data: Array.from(v.data) };
}
export function fromBoundary(b: Boundary): Value {
  if (typeof b === "number") return b;
  const [r, c] = b.shape.length === 0 ? [1, 1] : b.shape.length === 1 ? [b.shape[0], 1] : [b.shape[0], b.shape[1]];
  return { rows: r, cols: c, data: Float64Array.from(b.data) };
}

/** Every forward definition's value, in order, into `values`: the reference, in the stable forms too
 * (log σ(z) as −softplus(−z), ../stable.ts), so that it is finite and accurate for logits of any size. */
export function evaluateForward(d: Derivation, values: Map<string, Value>): void {
  for (const f of d.forward) values.set(f.lhs.name, evaluate(stableForm(f.rhs, d.ctx), { values }));
}

export function makeSample(d: Derivation, p: Program, seed: number): Sample {
  const s = sampleSymbols(
    d.doc,
    [...d.inputs, ...d.constants],
    d.forward.map((f) => f.rhs),
    seed,
    d.forward,
  );
  const values = new Map(s.values);
  if (values.has("pi")) values.set("pi", Math.PI);
  evaluateForward(d, values);
  const y = values.get(d.output.name)!;
  const reference: Value = p.scalarOutput && typeof y !== "number" ? y.data[0] : y;
  // (built with fromEntries: a key "__proto__" must stay an own property)
  const base: Point = Object.fromEntries(p.inputs.map((x) => [x.key, toBoundary(values.get(x.source)!, x.layout)]));
  const oshape: [number, number] | [] = typeof reference === "number" ? [] : [reference.rows, reference.cols];
  const seedValue = p.scalarOutput ? 0.5 + s.rng.uniform() : drawValue(oshape, false, s.rng);
  const sizes = new Map<string, number>();
  for (const v of p.sizes) {
    if (v.axis === "product") {
      const at = (z: Size) => z.terms.reduce((n, [w, k]) => n + k * (sizes.get(w) ?? NaN), z.c);
      sizes.set(v.ident, at(v.factors![0]) * at(v.factors![1]));
      continue;
    }
    const x = p.inputs.find((i) => i.ident === v.input)!;
    const b = base[x.key];
    const n = typeof b === "number" ? (v.axis === "value" ? b : 1) : (b.shape[v.axis === "value" ? 0 : v.axis] ?? 1);
    sizes.set(v.ident, (n - v.offset) / v.coef);
  }
  return { base, seed: toBoundary(seedValue, p.output.layout), sizes, reference, values };
}

interface Probe {
  readonly key: string;
  readonly entry: number;
  readonly den: number;
}

/** The base point and a ±h pair for every entry of every differentiated input. */
export function makeJob(p: Program, s: Sample): { job: Job; probes: Probe[] } {
  const wrt = p.inputs.filter((x) => x.grad !== null).map((x) => x.key);
  const points: Point[] = [s.base];
  const probes: Probe[] = [];
  for (const key of wrt) {
    const b = s.base[key];
    const n = typeof b === "number" ? 1 : b.data.length;
    for (let j = 0; j < n; j++) {
      const x = typeof b === "number" ? b : b.data[j];
      const h = 6e-6 * Math.max(1, Math.abs(x));
      const xp = x + h,
        xm = x - h;
      const at = (v: number): Point => ({
        ...s.base,
        [key]: typeof b === "number" ? v : { shape: b.shape, data: Array.from(b.data, (y, k) => (k === j ? v : y)) },
      });
      points.push(at(xp), at(xm));
      probes.push({ key, entry: j, den: xp - xm });
    }
  }
  return { job: { points, seed: s.seed, base: s.base, wrt, extras: p.extras.map((x) => x.fn) }, probes };
}

export interface Report {
  /** Relative error of the kernel's output against the reference evaluator. */
  readonly forward: number;
  readonly inputs: readonly { readonly key: string; readonly relErr: number }[];
  readonly notes: readonly string[];
  /** jacobian_X / hessian_X against finite differences of the reference evaluator (./extras.ts). */
  readonly extras?: readonly { readonly name: string; readonly relErr: number; readonly tolerance: number }[];
}

/** ⟨seed, y⟩. */
function pairing(seed: Boundary, y: Boundary): number {
  const a = fromBoundary(seed),
    b = fromBoundary(y);
  if (typeof a === "number") return a * (typeof b === "number" ? b : b.data[0]);
  let s = 0;
  for (let k = 0; k < a.data.length; k++) s += a.data[k] * (b as Mat).data[k];
  return s;
}

/**
 * ‖g − fd‖ / max(‖g‖, ‖fd‖, floor): relative, except that a gradient that is zero (or nearly, below
 * floor = 10⁻³·(1 + |⟨seed, Y⟩|)) is compared absolutely, since finite differences there are rounding noise
 * of size ε·|⟨seed, Y⟩|/h ≈ 4·10⁻¹¹·|⟨seed, Y⟩|.
 */
export function gradientError(g: Value, fd: Value, floor: number): number {
  const a = typeof g === "number" ? [g] : g.data,
    b = typeof fd === "number" ? [fd] : fd.data;
  let d = 0,
    na = 0,
    nb = 0;
  for (let k = 0; k < a.length; k++) {
    d += (a[k] - b[k]) ** 2;
    na += a[k] ** 2;
    nb += b[k] ** 2;
  }
  if (d === 0) return 0;
  return Math.sqrt(d) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor);
}

export function compare(s: Sample, job: Job, probes: readonly Probe[], r: Result): Report {
  if (r.outputs.length !== job.points.length)
    throw new Error(`the kernel returned ${r.outputs.length} outputs for ${job.points.length} points`);
  const out = fromBoundary(r.outputs[0]);
  if (
    (typeof out === "number") !== (typeof s.reference === "number") &&
    !(typeof out !== "number" && out.data.length === 1)
  )
    throw new Error("the kernel's output has the wrong shape");
  // relative, with entries below 10⁻³ compared absolutely (an output that is exactly zero)
  const forward = gradientError(out, s.reference, 1e-3);
  const floor = 1e-3 * (1 + Math.abs(pairing(s.seed, r.outputs[0])));
  const fd = new Map<string, Float64Array>();
  probes.forEach((pr, i) => {
    if (!fd.has(pr.key)) {
      const b = s.base[pr.key];
      fd.set(pr.key, new Float64Array(typeof b === "number" ? 1 : b.data.length));
    }
    fd.get(pr.key)![pr.entry] =
      (pairing(s.seed, r.outputs[1 + 2 * i]) - pairing(s.seed, r.outputs[2 + 2 * i])) / pr.den;
  });
  const inputs = job.wrt.map((key) => {
    const got = r.gradients[key];
    if (got === undefined) return { key, relErr: Number.NaN };
    const want = fd.get(key)!;
    const g = fromBoundary(got);
    const w: Value = typeof g === "number" ? want[0] : { rows: g.rows, cols: g.cols, data: want };
    // a gradient of another size than its input (a scalar 0 for a vector) is wrong, however small
    if ((typeof g === "number" ? 1 : g.data.length) !== want.length) return { key, relErr: Number.NaN };
    return { key, relErr: gradientError(g, w, floor) };
  });
  return { forward, inputs, notes: r.notes ?? [] };
}
