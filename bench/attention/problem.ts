// The attention problem of the kernel table: examples/attention.tex, its emitted kernels, float64 inputs and
// seed, and the FLOP count that every row's GFLOP/s uses.
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { buildProgram, type Program } from "../../src/codegen/ir.js";
import { emitProgram, type Target } from "../../src/codegen/emit.js";
import { randn, rng } from "../../src/numeric/index.js";
import { repoRoot } from "../common.js";

export interface Sizes {
  readonly n: number;
  readonly d: number;
  readonly d_k: number;
  readonly d_v: number;
}
export interface Array2 {
  readonly shape: number[];
  readonly data: Float64Array;
}
export interface Case {
  readonly sizes: Sizes;
  /** Inputs by INPUTS key, in the program's input order. */
  readonly inputs: Record<string, Array2>;
  /** ∂L/∂O, the upstream gradient. */
  readonly seed: Array2;
}

export const FLOP_RULE =
  "2mnk per matrix product the gradients need: forward Q, K, V, S (O = AV is not needed by the backward), " +
  "backward ∂V, ∂A, ∂K, ∂Q, three products for ∂X and one each for ∂W_q, ∂W_k, ∂W_v; softmax and elementwise " +
  "work not counted; the same count for every row, whatever the row computes";

/** FLOPs of the attention gradients by FLOP_RULE (205.5 M at n = 512, d = 64). */
export function attentionFlops({ n, d, d_k, d_v }: Sizes): number {
  const mm = (m: number, k: number, p: number) => 2 * m * k * p;
  const forward = 2 * mm(n, d, d_k) + mm(n, d, d_v) + mm(n, d_k, n);
  const backward =
    mm(n, n, d_v) + // ∂V = Aᵀ ∂O
    mm(n, d_v, n) + // ∂A = ∂O Vᵀ
    2 * mm(n, n, d_k) + // ∂K = ∂Sᵀ Q / √d_k, ∂Q = ∂S K / √d_k
    2 * mm(n, d_k, d) +
    mm(n, d_v, d) + // ∂X = ∂Q W_qᵀ + ∂K W_kᵀ + ∂V W_vᵀ
    2 * mm(d, n, d_k) +
    mm(d, n, d_v); // ∂W = Xᵀ ∂(Q, K, V)
  return forward + backward;
}

let program: Program | undefined;
/** The program texgrad builds for examples/attention.tex (derived once). */
export function attentionProgram(): Program {
  program ??= buildProgram(derive(loadDocument(join(repoRoot(), "examples/attention.tex"))));
  return program;
}
export const emitAttention = (target: Target): string => emitProgram(attentionProgram(), target);

const DIMS: Record<string, keyof Sizes> = { n: "n", d: "d", d_k: "d_k", d_v: "d_v" };
const dimValue = (s: Sizes, name: string): number => {
  const key = DIMS[name];
  if (key === undefined) throw new Error(`bench: unknown dimension ${name} in the attention kernel`);
  return s[key];
};

/** Inputs X ~ N(0, 1), W ~ N(0, 1/d) (so S stays O(1) and the softmax is not saturated), seed ~ N(0, 1). */
export function attentionCase(sizes: Sizes, seedWord = "bench-attention"): Case {
  const p = attentionProgram();
  const g = rng(`${seedWord}-${sizes.n}`);
  const inputs: Record<string, Array2> = {};
  for (const x of p.inputs) {
    const shape = x.dims.map((dim) => dimValue(sizes, dim));
    const m = randn(shape[0], shape[1] ?? 1, g);
    const scale = x.key === "X" ? 1 : 1 / Math.sqrt(sizes.d);
    inputs[x.key] = { shape, data: Float64Array.from(m.data, (v) => scale * v) };
  }
  const outShape = p.output.dims.map((dim) => dimValue(sizes, dim));
  const seed = { shape: outShape, data: Float64Array.from(randn(outShape[0], outShape[1], g).data) };
  return { sizes, inputs, seed };
}

/** The size arguments of the C kernel, in the program's order. */
export function sizeArgs(c: Case): number[] {
  const p = attentionProgram();
  return p.sizes.map((s) => {
    const port = p.inputs.find((x) => x.ident === s.input);
    if (s.axis === "value" || s.axis === "product" || port === undefined)
      throw new Error(`bench: size ${s.ident} is not read off a shape`);
    return (c.inputs[port.key].shape[s.axis] - s.offset) / s.coef;
  });
}

/** Relative error ‖a − b‖ / ‖b‖ over all gradients (keys of b). */
export function relError(a: Record<string, ArrayLike<number>>, b: Record<string, ArrayLike<number>>): number {
  let num = 0,
    den = 0;
  for (const k of Object.keys(b)) {
    const x = a[k],
      y = b[k];
    if (x === undefined || x.length !== y.length) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < y.length; i++) {
      num += (x[i] - y[i]) ** 2;
      den += y[i] ** 2;
    }
  }
  return Math.sqrt(num / den);
}
