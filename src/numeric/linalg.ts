// Matrix products, structure (transpose, kron, diag, concatenation, slicing) and reductions.
import { asMat, isMat, mat, scale, shapeStr, wrap, type Mat, type Value } from "./mat.js";

/**
 * Matrix product. A scalar on either side scales the other operand (scalar·scalar is a scalar);
 * matrix·matrix always gives a matrix, so a 1×n times n×1 product is a 1×1 matrix.
 */
export function matmul(a: number, b: number): number;
export function matmul(a: Mat, b: Value): Mat;
export function matmul(a: Value, b: Mat): Mat;
export function matmul(a: Value, b: Value): Value;
export function matmul(a: Value, b: Value): Value {
  if (typeof a === "number") return scale(a, b);
  if (typeof b === "number") return scale(b, a);
  if (a.cols !== b.rows) throw new Error(`matmul: ${shapeStr(a)} and ${shapeStr(b)} do not conform`);
  const n = a.rows,
    p = a.cols,
    m = b.cols;
  const ad = a.data,
    bd = b.data;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ai = i * p,
      ci = i * m;
    for (let k = 0; k < p; k++) {
      const aik = ad[ai + k];
      const bk = k * m;
      for (let j = 0; j < m; j++) out[ci + j] += aik * bd[bk + j];
    }
  }
  return wrap(n, m, out);
}

export function transpose(v: number): number;
export function transpose(v: Mat): Mat;
export function transpose(v: Value): Value;
export function transpose(v: Value): Value {
  if (typeof v === "number") return v;
  const { rows: r, cols: c, data: d } = v;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
  return wrap(c, r, out);
}

/** Kronecker product: block (i, j) of the result is a_ij · B; shape (ra·rb)×(ca·cb). */
export function kron(a: number, b: number): number;
export function kron(a: Mat, b: Value): Mat;
export function kron(a: Value, b: Mat): Mat;
export function kron(a: Value, b: Value): Value;
export function kron(a: Value, b: Value): Value {
  if (typeof a === "number") return scale(a, b);
  if (typeof b === "number") return scale(b, a);
  const r = a.rows * b.rows,
    c = a.cols * b.cols;
  const out = new Float64Array(r * c);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const aij = a.data[i * a.cols + j];
      for (let k = 0; k < b.rows; k++) {
        const row = (i * b.rows + k) * c + j * b.cols;
        for (let l = 0; l < b.cols; l++) out[row + l] = aij * b.data[k * b.cols + l];
      }
    }
  }
  return wrap(r, c, out);
}

function requireSquare(op: string, m: Mat): void {
  if (m.rows !== m.cols) throw new Error(`${op}: expected a square matrix, got ${shapeStr(m)}`);
}

/** Sum of the diagonal of a square matrix (a scalar is its own trace). */
export function trace(v: Value): number {
  if (typeof v === "number") return v;
  requireSquare("trace", v);
  let s = 0;
  for (let i = 0; i < v.rows; i++) s += v.data[i * v.cols + i];
  return s;
}

/** A vector (n×1 or 1×n) becomes the n×n diagonal matrix; a square matrix gives its diagonal as n×1. */
export function diag(v: Value): Mat {
  const m = asMat(v);
  if (m.cols === 1 || m.rows === 1) {
    const n = m.rows * m.cols;
    const out = mat(n, n);
    for (let i = 0; i < n; i++) out.data[i * n + i] = m.data[i];
    return out;
  }
  if (m.rows !== m.cols) throw new Error(`diag: expected a vector or a square matrix, got ${shapeStr(m)}`);
  return mat(m.rows, 1, (i) => m.data[i * m.cols + i]);
}

/** Horizontal concatenation [A B …] (side by side; row counts must agree). Scalars count as 1×1. */
export function concatCols(...ms: Value[]): Mat {
  const parts = ms.map(asMat);
  if (parts.length === 0) return mat(0, 0);
  const r = parts[0].rows;
  let c = 0;
  for (const p of parts) {
    if (p.rows !== r) throw new Error(`concatCols: ${parts.map(shapeStr).join(", ")} have different row counts`);
    c += p.cols;
  }
  const out = new Float64Array(r * c);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < r; i++) out.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * c + off);
    off += p.cols;
  }
  return wrap(r, c, out);
}

/** Vertical concatenation [A; B; …] (stacked; column counts must agree). Scalars count as 1×1. */
export function concatRows(...ms: Value[]): Mat {
  const parts = ms.map(asMat);
  if (parts.length === 0) return mat(0, 0);
  const c = parts[0].cols;
  let r = 0;
  for (const p of parts) {
    if (p.cols !== c) throw new Error(`concatRows: ${parts.map(shapeStr).join(", ")} have different column counts`);
    r += p.rows;
  }
  const out = new Float64Array(r * c);
  let off = 0;
  for (const p of parts) {
    out.set(p.data, off);
    off += p.data.length;
  }
  return wrap(r, c, out);
}

function checkIndex(op: string, m: Mat, i: number, n: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new Error(`${op}: ${what} index ${i} out of range for ${shapeStr(m)} (0-based)`);
  }
}

/** Column j (0-based) as n×1. */
export function sliceCol(m: Mat, j: number): Mat {
  checkIndex("sliceCol", m, j, m.cols, "column");
  return mat(m.rows, 1, (i) => m.data[i * m.cols + j]);
}

/** Row i (0-based) as 1×m. */
export function sliceRow(m: Mat, i: number): Mat {
  checkIndex("sliceRow", m, i, m.rows, "row");
  return wrap(1, m.cols, m.data.slice(i * m.cols, (i + 1) * m.cols));
}

/** Entry (i, j), 0-based. */
export function entry(m: Mat, i: number, j: number): number {
  checkIndex("entry", m, i, m.rows, "row");
  checkIndex("entry", m, j, m.cols, "column");
  return m.data[i * m.cols + j];
}

/** Sums along each row: n×m → n×1. */
export function rowSum(v: Value): Mat {
  const m = asMat(v);
  return mat(m.rows, 1, (i) => sumRange(m.data, i * m.cols, (i + 1) * m.cols));
}

/** Sums down each column: n×m → 1×m. */
export function colSum(v: Value): Mat {
  const m = asMat(v);
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j] += m.data[i * m.cols + j];
  return wrap(1, m.cols, out);
}

/** Neumaier-compensated sum of d[lo..hi) (keeps finite-difference noise low for long sums). */
function sumRange(d: Float64Array, lo: number, hi: number): number {
  let s = 0,
    comp = 0;
  for (let k = lo; k < hi; k++) {
    const x = d[k];
    const t = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + comp;
}

/** Sum of all entries (compensated). */
export function sum(v: Value): number {
  return typeof v === "number" ? v : sumRange(v.data, 0, v.data.length);
}

/** Frobenius norm sqrt(Σ x²), scaled to avoid overflow/underflow (|x| for a scalar). */
export function frob(v: Value): number {
  if (typeof v === "number") return Math.abs(v);
  let big = 0;
  for (const x of v.data) {
    const a = Math.abs(x);
    if (a > big || Number.isNaN(a)) big = a;
  }
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const x of v.data) {
    const y = x / big;
    s += y * y;
  }
  return big * Math.sqrt(s);
}

function isVector(m: Mat): boolean {
  return m.rows === 1 || m.cols === 1;
}

/** Euclidean norm of a vector (n×1 or 1×n) or |x| of a scalar; throws for other matrices (use `frob`). */
export function norm2(v: Value): number {
  if (isMat(v) && !isVector(v)) throw new Error(`norm2: expected a vector, got ${shapeStr(v)} (use frob for matrices)`);
  return frob(v);
}

/** Inner product Σ a_ij b_ij of two values of the same shape. */
export function dot(a: Value, b: Value): number {
  const A = asMat(a),
    B = asMat(b);
  if (A.rows !== B.rows || A.cols !== B.cols) throw new Error(`dot: ${shapeStr(a)} and ${shapeStr(b)} differ in shape`);
  let s = 0;
  for (let k = 0; k < A.data.length; k++) s += A.data[k] * B.data[k];
  return s;
}

/** Outer product a bᵀ of two vectors (either orientation; scalars count as length 1): n×m. */
export function outer(a: Value, b: Value): Mat {
  const A = asMat(a),
    B = asMat(b);
  if (!isVector(A) || !isVector(B)) throw new Error(`outer: expected vectors, got ${shapeStr(a)} and ${shapeStr(b)}`);
  const n = A.data.length,
    m = B.data.length;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = A.data[i] * B.data[j];
  return wrap(n, m, out);
}
