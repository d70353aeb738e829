// Neural-network style operations, written to be numerically stable.
import { elementwise, shapeStr, wrap, type Mat, type Unary, type Value } from "./mat.js";

/** Logistic function 1/(1+e^−x), evaluated without overflow for large |x|. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function reluScalar(x: number): number {
  return x > 0 ? x : 0;
}

/** Heaviside step, the derivative of relu: 1 for x > 0, else 0 (so step(0) = 0). */
export function stepScalar(x: number): number {
  return x > 0 ? 1 : 0;
}

/** log(1 + e^x) without overflow or loss for large |x|. */
export function softplusScalar(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function tanhScalar(x: number): number {
  return Math.tanh(x);
}

export const sigmoid: Unary = elementwise(sigmoidScalar);
export const relu: Unary = elementwise(reluScalar);
/** Elementwise Heaviside step (relu'), step(0) = 0. */
export const step: Unary = elementwise(stepScalar);
export const softplus: Unary = elementwise(softplusScalar);
export const tanh: Unary = elementwise(Math.tanh);
export const exp: Unary = elementwise(Math.exp);
export const log: Unary = elementwise(Math.log);
export const sqrt: Unary = elementwise(Math.sqrt);
export const abs: Unary = elementwise(Math.abs);

/** log Σ exp(d[lo..hi)), shifted by the maximum. */
function lse(d: Float64Array, lo: number, hi: number): number {
  let m = -Infinity;
  for (let k = lo; k < hi; k++) if (d[k] > m) m = d[k];
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let k = lo; k < hi; k++) s += Math.exp(d[k] - m);
  return m + Math.log(s);
}

function softmaxRange(d: Float64Array, out: Float64Array, lo: number, hi: number): void {
  let m = -Infinity;
  for (let k = lo; k < hi; k++) if (d[k] > m) m = d[k];
  let s = 0;
  for (let k = lo; k < hi; k++) s += out[k] = Math.exp(d[k] - m);
  for (let k = lo; k < hi; k++) out[k] /= s;
}

/** Softmax of each row (rows sum to 1); the row maximum is subtracted first, so large inputs are safe. */
export function softmaxRows(m: Mat): Mat {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) softmaxRange(m.data, out, i * m.cols, (i + 1) * m.cols);
  return wrap(m.rows, m.cols, out);
}

/** log softmax of each row: x − logsumexp(row). */
export function logSoftmaxRows(m: Mat): Mat {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const lo = i * m.cols,
      hi = lo + m.cols;
    const l = lse(m.data, lo, hi);
    for (let k = lo; k < hi; k++) out[k] = m.data[k] - l;
  }
  return wrap(m.rows, m.cols, out);
}

function requireVector(op: string, v: Mat): void {
  if (v.cols !== 1 && v.rows !== 1) throw new Error(`${op}: expected a vector, got ${shapeStr(v)}`);
}

/** Softmax over all entries of a vector (n×1, or 1×n); keeps the shape. */
export function softmaxVec(v: Mat): Mat {
  requireVector("softmaxVec", v);
  const out = new Float64Array(v.data.length);
  softmaxRange(v.data, out, 0, v.data.length);
  return wrap(v.rows, v.cols, out);
}

/** log softmax over all entries of a vector; keeps the shape. */
export function logSoftmaxVec(v: Mat): Mat {
  requireVector("logSoftmaxVec", v);
  const l = lse(v.data, 0, v.data.length);
  return wrap(
    v.rows,
    v.cols,
    v.data.map((x) => x - l),
  );
}

/** log Σ exp(x) over all entries, stable for large inputs (−∞ for no entries). */
export function logSumExp(v: Value): number {
  if (typeof v === "number") return v;
  return lse(v.data, 0, v.data.length);
}

/** Each row normalised to (x − mean) / sqrt(var + eps), var the biased (1/n) variance; no affine part. */
export function layerNormRows(m: Mat, eps = 1e-5): Mat {
  const n = m.cols;
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const lo = i * n,
      hi = lo + n;
    let mean = 0;
    for (let k = lo; k < hi; k++) mean += m.data[k];
    mean /= n;
    let v = 0;
    for (let k = lo; k < hi; k++) v += (m.data[k] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / n + eps);
    for (let k = lo; k < hi; k++) out[k] = (m.data[k] - mean) * inv;
  }
  return wrap(m.rows, n, out);
}
