// Dense float64 matrices (row-major), construction, shape helpers and elementwise arithmetic with broadcasting.
// Vectors are n×1 matrices (columns). Functions never mutate their inputs.

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  /** Row-major entries: entry (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;
}

/** A scalar (`number`) or a matrix. */
export type Value = number | Mat;

/** `[rows, cols]` for a matrix, `[]` for a scalar. */
export type Shape = [number, number] | [];

/** Wraps `data` without copying (internal: callers must own `data`). */
export function wrap(rows: number, cols: number, data: Float64Array): Mat {
  return { rows, cols, data };
}

function checkDim(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`mat: ${what} must be a non-negative integer, got ${n}`);
}

/**
 * A rows×cols matrix. `data` is row-major (copied) or a function `(i, j) => entry`; omitted means zeros.
 */
export function mat(rows: number, cols: number, data?: ArrayLike<number> | ((i: number, j: number) => number)): Mat {
  checkDim(rows, "rows");
  checkDim(cols, "cols");
  const out = new Float64Array(rows * cols);
  if (typeof data === "function") {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = data(i, j);
  } else if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new Error(`mat: ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`);
    }
    out.set(data);
  }
  return wrap(rows, cols, out);
}

/** Matrix from a list of rows; all rows must have the same length. `fromRows([])` is 0×0. */
export function fromRows(rows: readonly (readonly number[])[]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new Error(`fromRows: row ${i} has ${rows[i].length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out[i * c + j] = rows[i][j];
  }
  return wrap(r, c, out);
}

/** Nested arrays of rows (a scalar becomes `[[x]]`). */
export function toRows(m: Value): number[][] {
  const a = asMat(m);
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

/** n×1 column vector. */
export function colVec(xs: ArrayLike<number>): Mat {
  return mat(xs.length, 1, xs);
}

/** 1×n row vector. */
export function rowVec(xs: ArrayLike<number>): Mat {
  return mat(1, xs.length, xs);
}

export function zeros(rows: number, cols: number): Mat {
  return mat(rows, cols);
}

export function ones(rows: number, cols: number): Mat {
  return full(rows, cols, 1);
}

export function full(rows: number, cols: number, v: number): Mat {
  const m = mat(rows, cols);
  m.data.fill(v);
  return m;
}

/** n×n identity. */
export function eye(n: number): Mat {
  const m = mat(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function isMat(v: unknown): v is Mat {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as Mat).data instanceof Float64Array &&
    typeof (v as Mat).rows === "number" &&
    typeof (v as Mat).cols === "number"
  );
}

export function shapeOf(v: Value): Shape {
  return typeof v === "number" ? [] : [v.rows, v.cols];
}

/** "3×4" for a matrix, "scalar" for a number (used in error messages). */
export function shapeStr(v: Value): string {
  return typeof v === "number" ? "scalar" : `${v.rows}×${v.cols}`;
}

/** Number of entries (1 for a scalar). */
export function numel(v: Value): number {
  return typeof v === "number" ? 1 : v.rows * v.cols;
}

/** A scalar becomes a 1×1 matrix; matrices are returned as is (not copied). */
export function asMat(v: Value): Mat {
  return typeof v === "number" ? wrap(1, 1, Float64Array.of(v)) : v;
}

/** A scalar, or the entry of a 1×1 matrix; throws for anything else. */
export function toScalar(v: Value): number {
  if (typeof v === "number") return v;
  if (v.rows === 1 && v.cols === 1) return v.data[0];
  throw new Error(`toScalar: expected a scalar or 1×1 matrix, got ${shapeStr(v)}`);
}

/** A copy of a value (numbers are returned as is). */
export function clone(v: Value): Value {
  return typeof v === "number" ? v : wrap(v.rows, v.cols, v.data.slice());
}

/** Same entries in row-major order, new shape. */
export function reshape(v: Value, rows: number, cols: number): Mat {
  const a = asMat(v);
  if (rows * cols !== a.rows * a.cols) throw new Error(`reshape: cannot reshape ${shapeStr(v)} to ${rows}×${cols}`);
  return mat(rows, cols, a.data);
}

/** Unary elementwise operation: scalars map to scalars, matrices to matrices of the same shape. */
export type Unary = { (v: number): number; (v: Mat): Mat; (v: Value): Value };
/** Binary broadcasting operation: a scalar result only when both operands are scalars. */
export type Binary = {
  (a: number, b: number): number;
  (a: Mat, b: Value): Mat;
  (a: Value, b: Mat): Mat;
  (a: Value, b: Value): Value;
};

/** Applies `f` to every entry (a scalar stays a scalar). */
export function map(v: number, f: (x: number) => number): number;
export function map(v: Mat, f: (x: number) => number): Mat;
export function map(v: Value, f: (x: number) => number): Value;
export function map(v: Value, f: (x: number) => number): Value {
  if (typeof v === "number") return f(v);
  const out = new Float64Array(v.data.length);
  const d = v.data;
  for (let k = 0; k < d.length; k++) out[k] = f(d[k]);
  return wrap(v.rows, v.cols, out);
}

/** Lifts a number function to an elementwise `Unary`. */
export function elementwise(f: (x: number) => number): Unary {
  return ((v: Value) => map(v, f)) as Unary;
}

/**
 * Broadcast result shape of two matrices, or throws. Allowed: equal shapes; a 1×1 against anything;
 * an n×1 column against n×m; a 1×m row against n×m (either side). Expanding both operands
 * (n×1 against 1×m) is rejected: write `outer` or an explicit ones-product instead.
 */
export function broadcastShape(a: Mat, b: Mat, op = "broadcast"): [number, number] {
  const fail = (): never => {
    throw new Error(`${op}: ${shapeStr(a)} and ${shapeStr(b)} do not broadcast`);
  };
  const dim = (x: number, y: number): number => (x === y ? x : x === 1 ? y : y === 1 ? x : fail());
  const r = dim(a.rows, b.rows);
  const c = dim(a.cols, b.cols);
  if (!(a.rows === r && a.cols === c) && !(b.rows === r && b.cols === c)) fail();
  return [r, c];
}

function broadcast(op: string, a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a === "number") {
    if (typeof b === "number") return f(a, b);
    const out = new Float64Array(b.data.length);
    const bd = b.data;
    for (let k = 0; k < bd.length; k++) out[k] = f(a, bd[k]);
    return wrap(b.rows, b.cols, out);
  }
  if (typeof b === "number") {
    const out = new Float64Array(a.data.length);
    const ad = a.data;
    for (let k = 0; k < ad.length; k++) out[k] = f(ad[k], b);
    return wrap(a.rows, a.cols, out);
  }
  const ad = a.data;
  const bd = b.data;
  if (a.rows === b.rows && a.cols === b.cols) {
    const out = new Float64Array(ad.length);
    for (let k = 0; k < ad.length; k++) out[k] = f(ad[k], bd[k]);
    return wrap(a.rows, a.cols, out);
  }
  const [r, c] = broadcastShape(a, b, op);
  const ars = a.rows === 1 ? 0 : a.cols,
    acs = a.cols === 1 ? 0 : 1;
  const brs = b.rows === 1 ? 0 : b.cols,
    bcs = b.cols === 1 ? 0 : 1;
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) out[i * c + j] = f(ad[i * ars + j * acs], bd[i * brs + j * bcs]);
  }
  return wrap(r, c, out);
}

/** Elementwise `f(a, b)` with broadcasting (see `broadcastShape`); scalar with scalar gives a scalar. */
export function map2(a: number, b: number, f: (x: number, y: number) => number): number;
export function map2(a: Mat, b: Value, f: (x: number, y: number) => number): Mat;
export function map2(a: Value, b: Mat, f: (x: number, y: number) => number): Mat;
export function map2(a: Value, b: Value, f: (x: number, y: number) => number): Value;
export function map2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  return broadcast("map2", a, b, f);
}

function binary(op: string, f: (x: number, y: number) => number): Binary {
  return ((a: Value, b: Value) => broadcast(op, a, b, f)) as Binary;
}

export const add: Binary = binary("add", (x, y) => x + y);
export const sub: Binary = binary("sub", (x, y) => x - y);
/** Elementwise (Hadamard) product. */
export const mul: Binary = binary("mul", (x, y) => x * y);
/** Elementwise division. */
export const div: Binary = binary("div", (x, y) => x / y);
/** Elementwise power `v^p` (`p` may be a scalar or broadcast against `v`). */
export const pow: Binary = binary("pow", (x, y) => x ** y);

export const neg: Unary = elementwise((x) => -x);

/** `s · m`. */
export function scale(s: number, m: number): number;
export function scale(s: number, m: Mat): Mat;
export function scale(s: number, m: Value): Value;
export function scale(s: number, m: Value): Value {
  return map(m, (x) => s * x);
}
