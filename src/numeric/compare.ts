// Comparing and printing values.
import { frob } from "./linalg.js";
import { shapeStr, type Value } from "./mat.js";

/** Denominator floor for relErr, so that comparing zeros gives 0 rather than NaN. */
export const TINY = 1e-300;

/** Exactly the same shape (a scalar and a 1×1 matrix are different shapes here). */
export function sameShape(a: Value, b: Value): boolean {
  if (typeof a === "number" || typeof b === "number") return typeof a === typeof b;
  return a.rows === b.rows && a.cols === b.cols;
}

/** Same shape, except that a scalar and a 1×1 matrix are compatible. */
function compatible(a: Value, b: Value): boolean {
  const n = (v: Value): string => (typeof v === "number" ? "1×1" : shapeStr(v));
  return n(a) === n(b);
}

function entries(v: Value): ArrayLike<number> {
  return typeof v === "number" ? [v] : v.data;
}

/**
 * ‖a − b‖_F / max(‖a‖_F, ‖b‖_F, TINY). A scalar may be compared with a 1×1 matrix; other shape
 * mismatches throw. NaN anywhere gives NaN (so `relErr(a, b) < tol` is false).
 */
export function relErr(a: Value, b: Value): number {
  if (!compatible(a, b)) throw new Error(`relErr: ${shapeStr(a)} and ${shapeStr(b)} differ in shape`);
  const x = entries(a),
    y = entries(b);
  const d = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    if (x[k] === y[k]) continue; // equal infinities count as equal
    d[k] = x[k] - y[k];
  }
  const num = frob({ rows: 1, cols: d.length, data: d });
  if (num === 0) return 0;
  return num / Math.max(frob(a), frob(b), TINY);
}

/**
 * Entrywise |a − b| ≤ atol + rtol·max(|a|, |b|) (symmetric in a and b). False for incompatible shapes
 * (a scalar matches a 1×1 matrix) and for NaN; equal infinities are close.
 */
export function allClose(a: Value, b: Value, rtol = 1e-6, atol = 1e-9): boolean {
  if (!compatible(a, b)) return false;
  const x = entries(a),
    y = entries(b);
  for (let k = 0; k < x.length; k++) {
    if (x[k] === y[k]) continue;
    if (!(Math.abs(x[k] - y[k]) <= atol + rtol * Math.max(Math.abs(x[k]), Math.abs(y[k])))) return false;
  }
  return true;
}

/** Largest entrywise |a − b| (shapes compatible as in relErr). */
export function maxAbsDiff(a: Value, b: Value): number {
  if (!compatible(a, b)) throw new Error(`maxAbsDiff: ${shapeStr(a)} and ${shapeStr(b)} differ in shape`);
  const x = entries(a),
    y = entries(b);
  let m = 0;
  for (let k = 0; k < x.length; k++) {
    if (x[k] === y[k]) continue;
    const d = Math.abs(x[k] - y[k]);
    if (!(d <= m)) m = d;
  }
  return m;
}

function num(x: number, digits: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const s = x.toPrecision(digits);
  // drop trailing zeros of the mantissa: 1.50000 → 1.5, 1.20000e-7 → 1.2e-7
  return s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
}

/**
 * Short printing for messages: `1.5`, or `2×3 [[1, 2, 3], [4, 5, 6]]`; rows and columns beyond
 * `maxItems` are elided with "…".
 */
export function formatValue(v: Value, opts: { digits?: number; maxItems?: number } = {}): string {
  const digits = opts.digits ?? 6;
  const maxItems = opts.maxItems ?? 6;
  if (typeof v === "number") return num(v, digits);
  const pick = (n: number): number[] => {
    if (n <= maxItems) return Array.from({ length: n }, (_, i) => i);
    const head = Math.ceil(maxItems / 2),
      tail = Math.floor(maxItems / 2);
    return [...Array.from({ length: head }, (_, i) => i), -1, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
  };
  const rows = pick(v.rows).map((i) =>
    i < 0
      ? "…"
      : `[${pick(v.cols)
          .map((j) => (j < 0 ? "…" : num(v.data[i * v.cols + j], digits)))
          .join(", ")}]`,
  );
  return `${shapeStr(v)} [${rows.join(", ")}]`;
}
