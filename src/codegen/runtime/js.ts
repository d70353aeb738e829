// The JavaScript kernel runtime: methods of the object `R` that generated modules embed (only those used,
// with their dependencies). Inside a kernel a matrix is {rows, cols, data} (row-major Float64Array, a vector
// is n×1) and a scalar is a number; modules convert to {shape, data} at the boundary.

interface Helper {
  readonly deps: readonly string[];
  readonly code: string;
}

const H: Record<string, Helper> = {
  mat: {
    deps: [],
    code: `mat(rows, cols, data) { return { rows, cols, data: data ?? new Float64Array(rows * cols) }; }`,
  },
  input: {
    deps: ["mat"],
    code: `input(inputs, key, layout) {
    if (inputs === null || typeof inputs !== "object" || !Object.prototype.hasOwnProperty.call(inputs, key)) throw new Error("missing input " + JSON.stringify(key));
    const v = inputs[key];
    if (layout === "scalar") {
      if (typeof v === "number") return v;
      if (v && v.data && v.data.length === 1) return Number(v.data[0]);
      throw new Error("input " + JSON.stringify(key) + " must be a number");
    }
    if (!v || !Array.isArray(v.shape) || !v.data || v.data.length === undefined) throw new Error("input " + JSON.stringify(key) + " must be {shape, data}");
    const s = v.shape, ok = layout === "vector" ? s.length === 1 || (s.length === 2 && s[1] === 1) : s.length === 2;
    const rows = s[0], cols = layout === "vector" ? 1 : s[1];
    if (!ok || v.data.length !== rows * cols) throw new Error("input " + JSON.stringify(key) + " has shape [" + s.join(", ") + "], expected a " + layout);
    return R.mat(rows, cols, Float64Array.from(v.data));
  }`,
  },
  output: {
    deps: [],
    code: `output(v, layout) {
    if (layout === "scalar") return typeof v === "number" ? v : v.data[0];
    return { shape: layout === "vector" ? [v.rows] : [v.rows, v.cols], data: Float64Array.from(v.data) };
  }`,
  },
  // a Jacobian or Hessian at the boundary: numel(x) columns (a scalar is 1×1)
  asmatrix: {
    deps: [],
    code: `asmatrix(v, rows, x) {
    const cols = typeof x === "number" ? 1 : x.rows * x.cols, data = typeof v === "number" ? Float64Array.of(v) : Float64Array.from(v.data);
    if (rows < 0) rows = data.length / cols;
    if (data.length !== rows * cols) throw new Error("a Jacobian or Hessian of " + data.length + " entries where " + rows + "x" + cols + " is needed");
    return { shape: [rows, cols], data };
  }`,
  },
  check: {
    deps: [],
    code: `check(x, rows, cols, key) {
    if (x.rows !== rows || x.cols !== cols) throw new Error("input " + JSON.stringify(key) + " is " + x.rows + "x" + x.cols + ", expected " + rows + "x" + cols);
  }`,
  },
  // o (n×m) = op(A) op(B) over the inner size k, with op(A)_ip = ad[i·ai + p·ap] and op(B)_pj = bd[p·bp + j·bj]: the
  // strides read a factor as stored or transposed, in place. Each 4×4 block of o is summed in 16 locals while p runs
  // (8 loads for 16 multiply-adds), the edges entry by entry; every entry sums over p in order from 0, as the plain
  // loop does
  gemm: {
    deps: ["mat"],
    code: `// op(A) op(B) (n x m, inner size k), op(A)_ip = ad[i*ai + p*ap], op(B)_pj = bd[p*bp + j*bj]: 4 x 4 blocks in locals, sums over p in order
  gemm(ad, ai, ap, bd, bp, bj, n, k, m) {
    const o = R.mat(n, m), od = o.data, n4 = n - (n % 4), m4 = m - (m % 4), a1 = ai, a2 = 2 * ai, a3 = 3 * ai, b1 = bj, b2 = 2 * bj, b3 = 3 * bj;
    for (let i = 0; i < n4; i += 4) {
      for (let j = 0; j < m4; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0, c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, x = i * ai, y = j * bj; p < k; p++, x += ap, y += bp) {
          const x0 = ad[x], x1 = ad[x + a1], x2 = ad[x + a2], x3 = ad[x + a3], y0 = bd[y], y1 = bd[y + b1], y2 = bd[y + b2], y3 = bd[y + b3];
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
          c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        }
        const o0 = i * m + j, o1 = o0 + m, o2 = o1 + m, o3 = o2 + m;
        od[o0] = c00; od[o0 + 1] = c01; od[o0 + 2] = c02; od[o0 + 3] = c03;
        od[o1] = c10; od[o1 + 1] = c11; od[o1 + 2] = c12; od[o1 + 3] = c13;
        od[o2] = c20; od[o2 + 1] = c21; od[o2 + 2] = c22; od[o2 + 3] = c23;
        od[o3] = c30; od[o3 + 1] = c31; od[o3 + 2] = c32; od[o3 + 3] = c33;
      }
    }
    for (let i = 0; i < n; i++) for (let j = i < n4 ? m4 : 0; j < m; j++) {
      let s = 0;
      for (let p = 0, x = i * ai, y = j * bj; p < k; p++, x += ap, y += bp) s += ad[x] * bd[y];
      od[i * m + j] = s;
    }
    return o;
  }`,
  },
  // A B (A n×k, B k×m)
  matmul: {
    deps: ["gemm"],
    code: `// A B (A n x k, B k x m)
  matmul(a, b) { return R.gemm(a.data, a.cols, 1, b.data, b.cols, 1, a.rows, a.cols, b.cols); }`,
  },
  // Aᵀ B (A k×n, B k×m as stored), A Bᵀ (A n×k, B m×k) and Aᵀ Bᵀ (A k×n, B m×k): no transpose is formed
  matmulTN: {
    deps: ["gemm"],
    code: `// A^T B (A k x n, B k x m as stored)
  matmulTN(a, b) { return R.gemm(a.data, 1, a.cols, b.data, b.cols, 1, a.cols, a.rows, b.cols); }`,
  },
  matmulNT: {
    deps: ["gemm"],
    code: `// A B^T (A n x k, B m x k as stored)
  matmulNT(a, b) { return R.gemm(a.data, a.cols, 1, b.data, 1, b.cols, a.rows, a.cols, b.rows); }`,
  },
  matmulTT: {
    deps: ["gemm"],
    code: `// A^T B^T (A k x n, B m x k as stored)
  matmulTT(a, b) { return R.gemm(a.data, 1, a.cols, b.data, 1, b.cols, a.cols, a.rows, b.rows); }`,
  },
  T: {
    deps: ["mat"],
    code: `T(a) {
    if (typeof a === "number") return a;
    const o = R.mat(a.cols, a.rows);
    for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) o.data[j * a.rows + i] = a.data[i * a.cols + j];
    return o;
  }`,
  },
  bin: {
    deps: ["mat"],
    code: `bin(a, b, f) {
    if (typeof a === "number" && typeof b === "number") return f(a, b);
    const A = typeof a === "number" ? { rows: 1, cols: 1, data: [a] } : a, B = typeof b === "number" ? { rows: 1, cols: 1, data: [b] } : b;
    const r = Math.max(A.rows, B.rows), c = Math.max(A.cols, B.cols), o = R.mat(r, c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++)
      o.data[i * c + j] = f(A.data[(A.rows === 1 ? 0 : i) * A.cols + (A.cols === 1 ? 0 : j)], B.data[(B.rows === 1 ? 0 : i) * B.cols + (B.cols === 1 ? 0 : j)]);
    return o;
  }`,
  },
  // the flat form of a ∘ b when each side is a scalar (or 1×1) or has the result's shape: [a's entries, a's stride
  // (0 or 1), b's entries, b's stride, the result]; null when a row or column broadcasts
  flat: {
    deps: ["mat"],
    code: `// [a's entries, stride, b's entries, stride, result] when each of a, b is a scalar or the result's shape, else null
  flat(a, b) {
    const A = typeof a === "number" ? Float64Array.of(a) : a.data, B = typeof b === "number" ? Float64Array.of(b) : b.data;
    const big = typeof a === "number" ? b : typeof b === "number" || A.length >= B.length ? a : b;
    if ((A.length !== 1 && A.length !== big.data.length) || (B.length !== 1 && B.length !== big.data.length)) return null;
    if (A.length !== 1 && B.length !== 1 && (a.rows !== b.rows || a.cols !== b.cols)) return null;
    return [A, A.length === 1 ? 0 : 1, B, B.length === 1 ? 0 : 1, R.mat(big.rows, big.cols)];
  }`,
  },
  // a + b, a − b, a ⊙ b, a ⊘ b: numbers, flat loops over typed arrays, or broadcasting through bin
  add: {
    deps: ["bin", "flat"],
    code: `add(a, b) {
    if (typeof a === "number" && typeof b === "number") return a + b;
    const f = R.flat(a, b);
    if (f === null) return R.bin(a, b, (x, y) => x + y);
    const [x, sx, y, sy, o] = f, od = o.data;
    for (let i = 0; i < od.length; i++) od[i] = x[i * sx] + y[i * sy];
    return o;
  }`,
  },
  sub: {
    deps: ["bin", "flat"],
    code: `sub(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    const f = R.flat(a, b);
    if (f === null) return R.bin(a, b, (x, y) => x - y);
    const [x, sx, y, sy, o] = f, od = o.data;
    for (let i = 0; i < od.length; i++) od[i] = x[i * sx] - y[i * sy];
    return o;
  }`,
  },
  mul: {
    deps: ["bin", "flat"],
    code: `mul(a, b) {
    if (typeof a === "number" && typeof b === "number") return a * b;
    const f = R.flat(a, b);
    if (f === null) return R.bin(a, b, (x, y) => x * y);
    const [x, sx, y, sy, o] = f, od = o.data;
    for (let i = 0; i < od.length; i++) od[i] = x[i * sx] * y[i * sy];
    return o;
  }`,
  },
  div: {
    deps: ["bin", "flat"],
    code: `div(a, b) {
    if (typeof a === "number" && typeof b === "number") return a / b;
    const f = R.flat(a, b);
    if (f === null) return R.bin(a, b, (x, y) => x / y);
    const [x, sx, y, sy, o] = f, od = o.data;
    for (let i = 0; i < od.length; i++) od[i] = x[i * sx] / y[i * sy];
    return o;
  }`,
  },
  map: {
    deps: ["mat"],
    code: `map(a, f) { return typeof a === "number" ? f(a) : R.mat(a.rows, a.cols, a.data.map(f)); }`,
  },
  neg: { deps: ["map"], code: `neg(a) { return R.map(a, (x) => -x); }` },
  // stable: subtract the row maximum (a column vector: over its entries); exp(x − m) / Σ exp(x − m), row by row in
  // place of the result
  softmax: {
    deps: ["mat"],
    code: `// softmax of each row (a vector: of its entries), stable: exp(x - max) / sum exp(x - max)
  softmax(a) {
    const c = a.cols === 1 ? a.rows : a.cols, r = a.data.length / c, o = R.mat(a.rows, a.cols), x = a.data, y = o.data;
    for (let i = 0; i < r; i++) {
      const s0 = i * c, s1 = s0 + c;
      let m = -Infinity, s = 0;
      for (let j = s0; j < s1; j++) if (x[j] > m) m = x[j];
      for (let j = s0; j < s1; j++) { const e = Math.exp(x[j] - m); y[j] = e; s += e; }
      for (let j = s0; j < s1; j++) y[j] /= s;
    }
    return o;
  }`,
  },
  // log softmax = x − logsumexp(x), logsumexp(x) = m + log Σ exp(x − m)
  logsoftmax: {
    deps: ["rows"],
    code: `logsoftmax(a) {
    return R.rows(a, (v) => { let m = -Infinity; for (const x of v) m = Math.max(m, x); let s = 0; for (const x of v) s += Math.exp(x - m); const l = m + Math.log(s); return v.map((x) => x - l); });
  }`,
  },
  // (x − mean) / √(biased variance + ε), per row
  layernorm: {
    deps: ["rows"],
    code: `layernorm(a, eps) {
    return R.rows(a, (v) => { let m = 0; for (const x of v) m += x; m /= v.length; let s = 0; for (const x of v) s += (x - m) ** 2; const r = 1 / Math.sqrt(s / v.length + eps); return v.map((x) => (x - m) * r); });
  }`,
  },
  rows: {
    deps: ["mat"],
    code: `rows(a, f) {
    if (a.cols === 1) return R.mat(a.rows, 1, f(a.data.slice()));
    const o = R.mat(a.rows, a.cols);
    for (let i = 0; i < a.rows; i++) o.data.set(f(a.data.slice(i * a.cols, (i + 1) * a.cols)), i * a.cols);
    return o;
  }`,
  },
  lnscale: {
    deps: ["mat"],
    code: `lnscale(a, eps) {
    const o = R.mat(a.rows, 1);
    for (let i = 0; i < a.rows; i++) {
      let m = 0; for (let j = 0; j < a.cols; j++) m += a.data[i * a.cols + j]; m /= a.cols;
      let s = 0; for (let j = 0; j < a.cols; j++) s += (a.data[i * a.cols + j] - m) ** 2;
      o.data[i] = 1 / Math.sqrt(s / a.cols + eps);
    }
    return o;
  }`,
  },
  rowsum: {
    deps: ["mat"],
    code: `rowsum(a) {
    if (typeof a === "number") return a;
    const o = R.mat(a.rows, 1);
    for (let i = 0; i < a.rows; i++) { let s = 0; for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j]; o.data[i] = s; }
    return o;
  }`,
  },
  sum: {
    deps: [],
    code: `sum(a) { if (typeof a === "number") return a; let s = 0; for (const x of a.data) s += x; return s; }`,
  },
  tr: {
    deps: [],
    code: `tr(a) { if (typeof a === "number") return a; let s = 0; for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i]; return s; }`,
  },
  frob: {
    deps: [],
    code: `frob(a) { if (typeof a === "number") return Math.abs(a); let s = 0; for (const x of a.data) s += x * x; return Math.sqrt(s); }`,
  },
  // LU with partial pivoting: P A = L U packed in one matrix; sign = det P
  lu: {
    deps: [],
    code: `lu(a) {
    const n = a.rows, m = Float64Array.from(a.data), piv = new Int32Array(n);
    let sign = 1;
    for (let k = 0; k < n; k++) {
      let p = k;
      for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
      piv[k] = p;
      if (p !== k) { sign = -sign; for (let j = 0; j < n; j++) { const t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t; } }
      const d = m[k * n + k];
      if (d === 0) continue;
      for (let i = k + 1; i < n; i++) { const f = (m[i * n + k] /= d); for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j]; }
    }
    return { n, m, piv, sign };
  }`,
  },
  det: {
    deps: ["lu"],
    code: `det(a) { if (typeof a === "number") return a; const f = R.lu(a); let d = f.sign; for (let i = 0; i < f.n; i++) d *= f.m[i * f.n + i]; return d; }`,
  },
  // log det A = Σ log|u_ii| (for det A > 0)
  logdet: {
    deps: ["lu"],
    code: `logdet(a) { if (typeof a === "number") return Math.log(a); const f = R.lu(a); let s = 0; for (let i = 0; i < f.n; i++) s += Math.log(Math.abs(f.m[i * f.n + i])); return s; }`,
  },
  inv: {
    deps: ["lu", "mat"],
    code: `inv(a) {
    if (typeof a === "number") return 1 / a;
    const f = R.lu(a), n = f.n, o = R.mat(n, n);
    for (let c = 0; c < n; c++) {
      const x = new Float64Array(n); x[c] = 1;
      for (let k = 0; k < n; k++) { const p = f.piv[k]; const t = x[k]; x[k] = x[p]; x[p] = t; }
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) x[i] -= f.m[i * n + j] * x[j];
      for (let i = n - 1; i >= 0; i--) { for (let j = i + 1; j < n; j++) x[i] -= f.m[i * n + j] * x[j]; x[i] /= f.m[i * n + i]; }
      for (let i = 0; i < n; i++) o.data[i * n + c] = x[i];
    }
    return o;
  }`,
  },
  // x^p for a number; A^p = A A … A (A^{-1} … for p < 0) for a square matrix
  pow: {
    deps: ["matmul", "inv", "eye"],
    code: `pow(a, p) {
    if (typeof a === "number") return a ** p;
    let base = p < 0 ? R.inv(a) : a, acc = R.eye(a.rows);
    for (let e = Math.abs(p); e > 0; e = Math.floor(e / 2)) { if (e % 2 === 1) acc = R.matmul(acc, base); if (e > 1) base = R.matmul(base, base); }
    return acc;
  }`,
  },
  diag: {
    deps: ["mat"],
    code: `diag(a) {
    if (typeof a === "number") return a;
    if (a.cols === 1 || a.rows === 1) { const n = a.data.length, o = R.mat(n, n); for (let i = 0; i < n; i++) o.data[i * n + i] = a.data[i]; return o; }
    const o = R.mat(a.rows, 1); for (let i = 0; i < a.rows; i++) o.data[i] = a.data[i * a.cols + i]; return o;
  }`,
  },
  // vec A stacks the columns (column-major)
  vec: {
    deps: ["T", "mat"],
    code: `vec(a) { if (typeof a === "number") return a; return R.mat(a.rows * a.cols, 1, R.T(a).data); }`,
  },
  // unvec: r·c entries, column after column, back into the r×c matrix (the adjoint of vec)
  unvec: {
    deps: ["mat"],
    code: `unvec(g, r, c) {
    if (typeof g === "number") return g;
    const o = R.mat(r, c);
    for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) o.data[i * c + j] = g.data[j * r + i];
    return o;
  }`,
  },
  concat: {
    deps: ["mat"],
    code: `concat(xs) {
    const r = xs[0].rows, c = xs.reduce((s, x) => s + x.cols, 0), o = R.mat(r, c);
    let off = 0;
    for (const x of xs) { for (let i = 0; i < r; i++) for (let j = 0; j < x.cols; j++) o.data[i * c + off + j] = x.data[i * x.cols + j]; off += x.cols; }
    return o;
  }`,
  },
  kron: {
    deps: ["mat"],
    code: `kron(a, b) {
    const r = a.rows * b.rows, c = a.cols * b.cols, o = R.mat(r, c);
    for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) for (let k = 0; k < b.rows; k++) for (let l = 0; l < b.cols; l++)
      o.data[(i * b.rows + k) * c + j * b.cols + l] = a.data[i * a.cols + j] * b.data[k * b.cols + l];
    return o;
  }`,
  },
  // select_i(A_1, …): the 0/1 matrix placing A_i's columns in concat(A_1, …)
  select: {
    deps: ["mat"],
    code: `select(i, xs) {
    const total = xs.reduce((s, x) => s + x.cols, 0), off = xs.slice(0, i - 1).reduce((s, x) => s + x.cols, 0), c = xs[i - 1].cols, o = R.mat(c, total);
    for (let j = 0; j < c; j++) o.data[j * total + off + j] = 1;
    return o;
  }`,
  },
  // Σ_ij a_ij G_[ij] and [⟨G_[ij], B⟩]_ij over the blocks of G in the Kronecker pattern (adjoints of ⊗)
  kronleft: {
    deps: ["mat"],
    code: `kronleft(g, a) {
    const p = g.rows / a.rows, q = g.cols / a.cols, o = R.mat(p, q);
    for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) for (let k = 0; k < p; k++) for (let l = 0; l < q; l++)
      o.data[k * q + l] += a.data[i * a.cols + j] * g.data[(i * p + k) * g.cols + j * q + l];
    return o;
  }`,
  },
  kronright: {
    deps: ["mat"],
    code: `kronright(g, b) {
    const m = g.rows / b.rows, n = g.cols / b.cols, o = R.mat(m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < b.rows; k++) for (let l = 0; l < b.cols; l++)
      o.data[i * n + j] += b.data[k * b.cols + l] * g.data[(i * b.rows + k) * g.cols + j * b.cols + l];
    return o;
  }`,
  },
  // rvec A: the rows stacked (row-major)
  rvec: {
    deps: ["mat"],
    code: `rvec(a) { return typeof a === "number" ? a : R.mat(a.rows * a.cols, 1, a.data.slice()); }`,
  },
  eyeof: { deps: ["eye"], code: `eyeof(a) { return typeof a === "number" ? 1 : R.eye(a.rows); }` },
  onesof: { deps: ["ones"], code: `onesof(a) { return typeof a === "number" ? 1 : R.ones(a.rows, 1); }` },
  // K with rvec(Zᵀ) = K rvec(Z) for Z ∈ ℝ^{m×n}: K[j·m + i, i·n + j] = 1
  commutation: {
    deps: ["mat"],
    code: `commutation(a) {
    if (typeof a === "number") return 1;
    const m = a.rows, n = a.cols, N = m * n, o = R.mat(N, N);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) o.data[(j * m + i) * N + i * n + j] = 1;
    return o;
  }`,
  },
  // the blocks a_i b_iᵀ (rows of A and B) down the diagonal
  blockdiag: {
    deps: ["mat"],
    code: `blockdiag(a, b) {
    const n = a.rows, m = a.cols, N = n * m, o = R.mat(N, N);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) o.data[(i * m + j) * N + i * m + k] = a.data[i * m + j] * b.data[i * m + k];
    return o;
  }`,
  },
  // Mᵀ diag(v) M: h_ij = Σ_k v_k m_ki m_kj over the columns of M (transposed to rows), the upper triangle in 2×2
  // blocks of dot products (four accumulators), then mirrored
  quadform: {
    deps: ["mat"],
    code: `quadform(m, v) {
    const n = m.rows, d = m.cols, a = new Float64Array(d * n), b = new Float64Array(d * n), h = new Float64Array(d * d);
    for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) { const x = m.data[k * d + i]; a[i * n + k] = x; b[i * n + k] = x * v.data[k]; }
    for (let i = 0; i < d; i += 2) {
      const i1 = Math.min(i + 1, d - 1), p = i * n, p1 = i1 * n;
      for (let j = i; j < d; j += 2) {
        const j1 = Math.min(j + 1, d - 1), q = j * n, q1 = j1 * n;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (let k = 0; k < n; k++) {
          const b0 = b[p + k], b1 = b[p1 + k], x0 = a[q + k], x1 = a[q1 + k];
          s00 += b0 * x0; s01 += b0 * x1; s10 += b1 * x0; s11 += b1 * x1;
        }
        h[i * d + j] = s00; h[i * d + j1] = s01; h[i1 * d + j] = s10; h[i1 * d + j1] = s11;
      }
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) h[i * d + j] = h[j * d + i];
    return R.mat(d, d, h);
  }`,
  },
  ones: { deps: ["mat"], code: `ones(r, c) { return R.mat(r, c, new Float64Array(r * c).fill(1)); }` },
  zeros: { deps: ["mat"], code: `zeros(r, c) { return R.mat(r, c); }` },
  eye: {
    deps: ["mat"],
    code: `eye(n) { const o = R.mat(n, n); for (let i = 0; i < n; i++) o.data[i * n + i] = 1; return o; }`,
  },
  fill: { deps: ["mat"], code: `fill(v, r, c) { return R.mat(r, c, new Float64Array(r * c).fill(v)); }` },
  item: { deps: [], code: `item(a) { return typeof a === "number" ? a : a.data[0]; }` },
  sigmoid: {
    deps: [],
    code: `sigmoid(x) { if (x >= 0) return 1 / (1 + Math.exp(-x)); const e = Math.exp(x); return e / (1 + e); }`,
  },
  relu: { deps: [], code: `relu(x) { return x > 0 ? x : 0; }` },
  softplus: { deps: [], code: `softplus(x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }` },
  step: { deps: [], code: `step(x) { return x > 0 ? 1 : 0; }` },
  cot: { deps: [], code: `cot(x) { return 1 / Math.tan(x); }` },
  sec: { deps: [], code: `sec(x) { return 1 / Math.cos(x); }` },
  csc: { deps: [], code: `csc(x) { return 1 / Math.sin(x); }` },
  coth: { deps: [], code: `coth(x) { return 1 / Math.tanh(x); }` },
  // ‖x‖₁, ‖x‖_∞, max and min over the entries; e_{arg max x}: 1 at the first largest entry
  norm1: {
    deps: [],
    code: `norm1(a) { if (typeof a === "number") return Math.abs(a); let s = 0; for (const x of a.data) s += Math.abs(x); return s; }`,
  },
  norminf: {
    deps: [],
    code: `norminf(a) { if (typeof a === "number") return Math.abs(a); let s = 0; for (const x of a.data) s = Math.max(s, Math.abs(x)); return s; }`,
  },
  max: {
    deps: [],
    code: `max(a) { if (typeof a === "number") return a; let s = a.data[0]; for (const x of a.data) if (x > s) s = x; return s; }`,
  },
  min: {
    deps: [],
    code: `min(a) { if (typeof a === "number") return a; let s = a.data[0]; for (const x of a.data) if (x < s) s = x; return s; }`,
  },
  argmaxind: {
    deps: ["mat"],
    code: `argmaxind(a) {
    if (typeof a === "number") return 1;
    let k = 0;
    for (let i = 1; i < a.data.length; i++) if (a.data[i] > a.data[k]) k = i;
    const o = R.mat(a.rows, a.cols);
    o.data[k] = 1;
    return o;
  }`,
  },
};

/** The `const R = {…}` object with the helpers `code` calls (as `R.name`) and their dependencies. */
export function jsRuntime(code: string): string {
  const want = new Set<string>();
  const add = (n: string) => {
    if (want.has(n) || !H[n]) return;
    want.add(n);
    H[n].deps.forEach(add);
  };
  for (const m of code.matchAll(/\bR\.([A-Za-z_]\w*)/g)) add(m[1]);
  const names = Object.keys(H).filter((n) => want.has(n));
  return `const R = {\n${names.map((n) => `  ${H[n].code},`).join("\n")}\n};`;
}
