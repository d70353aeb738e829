// LU factorisation with partial pivoting and what is built on it: det, logdet, solve, inv, matpow.
import { matmul } from "./linalg.js";
import { eye, mat, shapeStr, wrap, type Mat, type Value } from "./mat.js";

/** PA = LU packed in one array: L (unit diagonal) strictly below the diagonal, U on and above it. */
export interface LU {
  readonly n: number;
  readonly lu: Float64Array;
  /** Row i of PA is row perm[i] of A. */
  readonly perm: Int32Array;
  /** Sign of the permutation (±1). */
  readonly sign: number;
  /** Largest |a_ij| of the input (the scale for the singularity test). */
  readonly scale: number;
}

/** Factorises a square matrix; never throws on singular input (zero pivots are skipped). */
export function luDecompose(a: Mat, op = "lu"): LU {
  if (a.rows !== a.cols) throw new Error(`${op}: expected a square matrix, got ${shapeStr(a)}`);
  const n = a.rows;
  const lu = a.data.slice();
  const perm = new Int32Array(n);
  let sign = 1,
    scale = 0;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (const x of lu) scale = Math.max(scale, Math.abs(x));
  for (let k = 0; k < n; k++) {
    let p = k,
      best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const pivot = lu[k * n + k];
    if (pivot === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const l = (lu[i * n + k] /= pivot);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= l * lu[k * n + j];
    }
  }
  return { n, lu, perm, sign, scale };
}

/** True when some pivot is ≤ n·ε·max|a_ij| (singular to working precision), or not finite. */
export function luIsSingular(f: LU): boolean {
  const tol = f.n * Number.EPSILON * f.scale;
  for (let i = 0; i < f.n; i++) {
    const p = Math.abs(f.lu[i * f.n + i]);
    if (!(p > tol) || !Number.isFinite(p)) return true;
  }
  return false;
}

/** Determinant (0 for exactly singular input; a scalar is its own determinant). */
export function det(v: Value): number {
  if (typeof v === "number") return v;
  const f = luDecompose(v, "det");
  let d = f.sign;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i];
  return d === 0 ? 0 : d; // no −0
}

/** sign(det A) and log|det A|, computed without overflow. sign is 0 (and logAbs −∞) when a pivot is 0. */
export function slogdet(v: Value): { sign: number; logAbs: number } {
  if (typeof v === "number") return { sign: Math.sign(v), logAbs: Math.log(Math.abs(v)) };
  const f = luDecompose(v, "slogdet");
  let sign = f.sign,
    logAbs = 0;
  for (let i = 0; i < f.n; i++) {
    const u = f.lu[i * f.n + i];
    if (u === 0) return { sign: 0, logAbs: -Infinity };
    if (u < 0) sign = -sign;
    logAbs += Math.log(Math.abs(u));
  }
  return { sign, logAbs };
}

/** log det A; throws when det A ≤ 0 (the real log is undefined). */
export function logdet(v: Value): number {
  const { sign, logAbs } = slogdet(v);
  if (!(sign > 0)) {
    const what = typeof v === "number" ? `${v}` : `${shapeStr(v)} matrix`;
    throw new Error(`logdet: determinant of ${what} is not positive (sign ${sign})`);
  }
  return logAbs;
}

function luSolveInPlace(f: LU, b: Float64Array, k: number): void {
  const { n, lu } = f;
  for (let i = 0; i < n; i++) {
    const bi = i * k;
    for (let p = 0; p < i; p++) {
      const l = lu[i * n + p];
      if (l === 0) continue;
      const bp = p * k;
      for (let j = 0; j < k; j++) b[bi + j] -= l * b[bp + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const bi = i * k;
    for (let p = i + 1; p < n; p++) {
      const u = lu[i * n + p];
      if (u === 0) continue;
      const bp = p * k;
      for (let j = 0; j < k; j++) b[bi + j] -= u * b[bp + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < k; j++) b[bi + j] /= d;
  }
}

function factorOrThrow(op: string, a: Mat): LU {
  const f = luDecompose(a, op);
  if (luIsSingular(f)) throw new Error(`${op}: ${shapeStr(a)} matrix is singular to working precision`);
  return f;
}

/** Solves A X = B for square A and B with A.rows rows; throws on singular A. */
export function solve(a: Mat, b: Mat): Mat {
  if (a.rows !== b.rows || a.rows !== a.cols) {
    throw new Error(`solve: ${shapeStr(a)} and ${shapeStr(b)} do not conform (need square A and B with as many rows)`);
  }
  const f = factorOrThrow("solve", a);
  const k = b.cols;
  const x = new Float64Array(b.data.length);
  for (let i = 0; i < f.n; i++) x.set(b.data.subarray(f.perm[i] * k, (f.perm[i] + 1) * k), i * k);
  luSolveInPlace(f, x, k);
  return wrap(b.rows, k, x);
}

/** Inverse of a square matrix (1/x for a scalar); throws on singular input. */
export function inv(v: number): number;
export function inv(v: Mat): Mat;
export function inv(v: Value): Value;
export function inv(v: Value): Value {
  if (typeof v === "number") {
    if (v === 0) throw new Error("inv: scalar 0 is not invertible");
    return 1 / v;
  }
  const f = factorOrThrow("inv", v);
  const n = f.n;
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + f.perm[i]] = 1;
  luSolveInPlace(f, x, n);
  return wrap(n, n, x);
}

/** A^k for integer k (k = 0 gives I, negative k uses the inverse); binary exponentiation. */
export function matpow(a: number, k: number): number;
export function matpow(a: Mat, k: number): Mat;
export function matpow(a: Value, k: number): Value;
export function matpow(a: Value, k: number): Value {
  if (!Number.isInteger(k)) throw new Error(`matpow: exponent must be an integer, got ${k}`);
  if (typeof a === "number") return a ** k;
  if (a.rows !== a.cols) throw new Error(`matpow: expected a square matrix, got ${shapeStr(a)}`);
  let base: Mat = k < 0 ? inv(a) : a;
  let e = Math.abs(k);
  let acc: Mat | undefined;
  while (e > 0) {
    if (e % 2 === 1) acc = acc === undefined ? base : matmul(acc, base);
    e = Math.floor(e / 2);
    if (e > 0) base = matmul(base, base);
  }
  return acc === undefined ? eye(a.rows) : acc === a ? mat(a.rows, a.cols, a.data) : acc;
}
