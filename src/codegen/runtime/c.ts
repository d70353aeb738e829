// The C kernel runtime: `static inline` helpers (so that unused ones do not warn under -Wall) on row-major
// double buffers, embedded only when used. Sizes are ints; every result has its own buffer.

interface Helper {
  readonly deps: readonly string[];
  readonly code: string;
}

const H: Record<string, Helper> = {
  tg_alloc: {
    deps: [],
    code: `static inline double *tg_alloc(int n) {
    double *p = (double *)calloc((size_t)(n > 0 ? n : 1), sizeof(double));
    if (!p) abort();
    return p;
}`,
  },
  tg_copy: {
    deps: [],
    code: `static inline void tg_copy(double *o, const double *a, int n) { memcpy(o, a, (size_t)n * sizeof(double)); }`,
  },
  tg_fill: {
    deps: [],
    code: `static inline void tg_fill(double *o, double v, int n) { for (int i = 0; i < n; i++) o[i] = v; }`,
  },
  tg_eye: {
    deps: [],
    code: `static inline void tg_eye(double *o, int n) { for (int i = 0; i < n * n; i++) o[i] = (i % (n + 1) == 0) ? 1.0 : 0.0; }`,
  },
  tg_scale: {
    deps: [],
    code: `static inline void tg_scale(double *o, double s, const double *a, int n) { for (int i = 0; i < n; i++) o[i] = s * a[i]; }`,
  },
  tg_map: {
    deps: [],
    code: `static inline void tg_map(double *o, const double *a, int n, double (*f)(double)) { for (int i = 0; i < n; i++) o[i] = f(a[i]); }`,
  },
  tg_powmap: {
    deps: [],
    code: `static inline void tg_powmap(double *o, const double *a, int n, double p) { for (int i = 0; i < n; i++) o[i] = pow(a[i], p); }`,
  },
  // o = a ∘ b with broadcasting: a dimension of size 1 stretches (scalars, 1×1, n×1 columns); o may be a or b. Equal
  // shapes and scalars take flat loops, one per operator
  tg_bin: {
    deps: [],
    code: `/* o = a op b (op one of + - * /), a dimension of size 1 broadcasting; o may be a or b */
static inline void tg_bin(double *o, const double *a, int ar, int ac, const double *b, int br, int bc, int r, int c, char op) {
    int n = r * c, a1 = ar * ac == 1, b1 = br * bc == 1;
    if ((a1 || (ar == r && ac == c)) && (b1 || (br == r && bc == c))) {
        int sa = !a1, sb = !b1;
        switch (op) {
        case '+': for (int i = 0; i < n; i++) o[i] = a[i * sa] + b[i * sb]; return;
        case '-': for (int i = 0; i < n; i++) o[i] = a[i * sa] - b[i * sb]; return;
        case '*': for (int i = 0; i < n; i++) o[i] = a[i * sa] * b[i * sb]; return;
        default: for (int i = 0; i < n; i++) o[i] = a[i * sa] / b[i * sb]; return;
        }
    }
    for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) {
        double x = a[(ar == 1 ? 0 : i) * ac + (ac == 1 ? 0 : j)], y = b[(br == 1 ? 0 : i) * bc + (bc == 1 ? 0 : j)];
        o[i * c + j] = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
    }
}`,
  },
  // TG_RESTRICT: C99 `restrict` (`__restrict__` when the header is compiled as C++) on helpers whose output never
  // aliases an input
  tg_restrict: {
    deps: [],
    code: `#ifdef __cplusplus
#define TG_RESTRICT __restrict__
#else
#define TG_RESTRICT restrict
#endif`,
  },
  // o (n×m) = op(A) op(B) over the inner size k, with op(A)_ip = a[i·ai + p·ap] and op(B)_pj = b[p·bp + j·bj]: the
  // strides read a factor as stored or transposed, in place. Per block of 128 inner indices, B is copied into panels
  // of 4 columns and A into panels of 4 rows, and each 4×4 block of o is held in 16 accumulators while p runs (all
  // entries of the panels contiguous); every entry still sums over p in order from 0, as the plain loop does.
  tg_gemm: {
    deps: ["tg_restrict"],
    code: `/* o = op(A) op(B) (n x m, inner size k), op(A)_ip = a[i*ai + p*ap], op(B)_pj = b[p*bp + j*bj]: 4 x 4 blocks of o in
   registers over panels of A and B; each entry sums over p in order */
static inline void tg_gemm(double *TG_RESTRICT o, const double *TG_RESTRICT a, int ai, int ap, const double *TG_RESTRICT b, int bp, int bj, int n, int k, int m) {
    enum { KC = 128 };
    int mp = (m + 3) / 4 * 4;
    double *pb = (double *)malloc(((size_t)KC * (size_t)mp + 4 * KC) * sizeof(double)), *pa;
    if (!pb) abort();
    pa = pb + (size_t)KC * (size_t)mp;
    if (k <= 0) for (int i = 0; i < n * m; i++) o[i] = 0.0;
    for (int p0 = 0; p0 < k; p0 += KC) {
        int kc = k - p0 < KC ? k - p0 : KC;
        for (int j0 = 0; j0 < mp; j0 += 4)
            for (int p = 0; p < kc; p++)
                for (int s = 0; s < 4; s++) pb[(size_t)j0 * kc + 4 * p + s] = j0 + s < m ? b[(p0 + p) * bp + (j0 + s) * bj] : 0.0;
        for (int i0 = 0; i0 < n; i0 += 4) {
            int mr = n - i0 < 4 ? n - i0 : 4;
            for (int p = 0; p < kc; p++)
                for (int r = 0; r < 4; r++) pa[4 * p + r] = r < mr ? a[(i0 + r) * ai + (p0 + p) * ap] : 0.0;
            for (int j0 = 0; j0 < m; j0 += 4) {
                int nr = m - j0 < 4 ? m - j0 : 4;
                const double *y = pb + (size_t)j0 * kc;
                double c[4][4];
                for (int r = 0; r < 4; r++)
                    for (int s = 0; s < 4; s++) c[r][s] = p0 > 0 && r < mr && s < nr ? o[(i0 + r) * m + j0 + s] : 0.0;
                for (int p = 0; p < kc; p++)
                    for (int r = 0; r < 4; r++)
                        for (int s = 0; s < 4; s++) c[r][s] += pa[4 * p + r] * y[4 * p + s];
                for (int r = 0; r < mr; r++)
                    for (int s = 0; s < nr; s++) o[(i0 + r) * m + j0 + s] = c[r][s];
            }
        }
    }
    free(pb);
}`,
  },
  // A B (A n×k, B k×m), out n×m
  tg_matmul: {
    deps: ["tg_gemm"],
    code: `/* o = A B (A n x k, B k x m) */
static inline void tg_matmul(double *TG_RESTRICT o, const double *TG_RESTRICT a, const double *TG_RESTRICT b, int n, int k, int m) { tg_gemm(o, a, k, 1, b, m, 1, n, k, m); }`,
  },
  // Aᵀ B (A k×n, B k×m as stored, out n×m), A Bᵀ (A n×k, B m×k) and Aᵀ Bᵀ (A k×n, B m×k): no transpose is formed
  tg_matmul_tn: {
    deps: ["tg_gemm"],
    code: `/* o = A^T B (A k x n, B k x m as stored) */
static inline void tg_matmul_tn(double *TG_RESTRICT o, const double *TG_RESTRICT a, const double *TG_RESTRICT b, int n, int k, int m) { tg_gemm(o, a, 1, n, b, m, 1, n, k, m); }`,
  },
  tg_matmul_nt: {
    deps: ["tg_gemm"],
    code: `/* o = A B^T (A n x k, B m x k as stored) */
static inline void tg_matmul_nt(double *TG_RESTRICT o, const double *TG_RESTRICT a, const double *TG_RESTRICT b, int n, int k, int m) { tg_gemm(o, a, k, 1, b, 1, k, n, k, m); }`,
  },
  tg_matmul_tt: {
    deps: ["tg_gemm"],
    code: `/* o = A^T B^T (A k x n, B m x k as stored) */
static inline void tg_matmul_tt(double *TG_RESTRICT o, const double *TG_RESTRICT a, const double *TG_RESTRICT b, int n, int k, int m) { tg_gemm(o, a, 1, n, b, 1, k, n, k, m); }`,
  },
  tg_transpose: {
    deps: [],
    code: `static inline void tg_transpose(double *o, const double *a, int r, int c) {
    for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) o[j * r + i] = a[i * c + j];
}`,
  },
  // softmax of each row, stable: exp(x − max) / Σ exp(x − max)
  tg_softmax_rows: {
    deps: [],
    code: `static inline void tg_softmax_rows(double *o, const double *a, int r, int c) {
    for (int i = 0; i < r; i++) {
        const double *x = a + i * c; double *y = o + i * c, m = x[0], s = 0.0;
        for (int j = 1; j < c; j++) if (x[j] > m) m = x[j];
        for (int j = 0; j < c; j++) { y[j] = exp(x[j] - m); s += y[j]; }
        for (int j = 0; j < c; j++) y[j] /= s;
    }
}`,
  },
  // log softmax of each row: x − (m + log Σ exp(x − m))
  tg_logsoftmax_rows: {
    deps: [],
    code: `static inline void tg_logsoftmax_rows(double *o, const double *a, int r, int c) {
    for (int i = 0; i < r; i++) {
        const double *x = a + i * c; double m = x[0], s = 0.0;
        for (int j = 1; j < c; j++) if (x[j] > m) m = x[j];
        for (int j = 0; j < c; j++) s += exp(x[j] - m);
        for (int j = 0; j < c; j++) o[i * c + j] = x[j] - (m + log(s));
    }
}`,
  },
  tg_row_moments: {
    deps: [],
    code: `static inline double tg_row_moments(const double *x, int c, double eps, double *mean) {
    double m = 0.0, v = 0.0;
    for (int j = 0; j < c; j++) m += x[j];
    m /= c;
    for (int j = 0; j < c; j++) v += (x[j] - m) * (x[j] - m);
    *mean = m;
    return 1.0 / sqrt(v / c + eps);
}`,
  },
  // (x − mean) / √(biased variance + ε), per row
  tg_layernorm_rows: {
    deps: ["tg_row_moments"],
    code: `static inline void tg_layernorm_rows(double *o, const double *a, int r, int c, double eps) {
    for (int i = 0; i < r; i++) {
        double m, s = tg_row_moments(a + i * c, c, eps, &m);
        for (int j = 0; j < c; j++) o[i * c + j] = (a[i * c + j] - m) * s;
    }
}`,
  },
  tg_lnscale: {
    deps: ["tg_row_moments"],
    code: `static inline void tg_lnscale(double *o, const double *a, int r, int c, double eps) {
    for (int i = 0; i < r; i++) { double m; o[i] = tg_row_moments(a + i * c, c, eps, &m); }
}`,
  },
  tg_rowsum: {
    deps: [],
    code: `static inline void tg_rowsum(double *o, const double *a, int r, int c) {
    for (int i = 0; i < r; i++) { double s = 0.0; for (int j = 0; j < c; j++) s += a[i * c + j]; o[i] = s; }
}`,
  },
  tg_sum: {
    deps: [],
    code: `static inline double tg_sum(const double *a, int n) { double s = 0.0; for (int i = 0; i < n; i++) s += a[i]; return s; }`,
  },
  tg_trace: {
    deps: [],
    code: `static inline double tg_trace(const double *a, int n) { double s = 0.0; for (int i = 0; i < n; i++) s += a[i * n + i]; return s; }`,
  },
  tg_frob: {
    deps: [],
    code: `static inline double tg_frob(const double *a, int n) { double s = 0.0; for (int i = 0; i < n; i++) s += a[i] * a[i]; return sqrt(s); }`,
  },
  // LU with partial pivoting in place: P A = L U; returns det P (0 if singular)
  tg_lu: {
    deps: [],
    code: `static inline double tg_lu(double *m, int *piv, int n) {
    double sign = 1.0;
    for (int k = 0; k < n; k++) {
        int p = k;
        for (int i = k + 1; i < n; i++) if (fabs(m[i * n + k]) > fabs(m[p * n + k])) p = i;
        piv[k] = p;
        if (p != k) { sign = -sign; for (int j = 0; j < n; j++) { double t = m[k * n + j]; m[k * n + j] = m[p * n + j]; m[p * n + j] = t; } }
        if (m[k * n + k] == 0.0) return 0.0;
        for (int i = k + 1; i < n; i++) {
            double f = m[i * n + k] /= m[k * n + k];
            for (int j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
        }
    }
    return sign;
}`,
  },
  tg_det: {
    deps: ["tg_lu", "tg_alloc"],
    code: `static inline double tg_det(const double *a, int n) {
    double *m = tg_alloc(n * n); int *piv = (int *)calloc((size_t)n, sizeof(int));
    if (!piv) abort();
    memcpy(m, a, (size_t)(n * n) * sizeof(double));
    double d = tg_lu(m, piv, n);
    for (int i = 0; i < n; i++) d *= m[i * n + i];
    free(m); free(piv);
    return d;
}`,
  },
  // log det A = Σ log|u_ii| (A with det A > 0)
  tg_logdet: {
    deps: ["tg_lu", "tg_alloc"],
    code: `static inline double tg_logdet(const double *a, int n) {
    double *m = tg_alloc(n * n); int *piv = (int *)calloc((size_t)n, sizeof(int));
    if (!piv) abort();
    memcpy(m, a, (size_t)(n * n) * sizeof(double));
    tg_lu(m, piv, n);
    double s = 0.0;
    for (int i = 0; i < n; i++) s += log(fabs(m[i * n + i]));
    free(m); free(piv);
    return s;
}`,
  },
  tg_inv: {
    deps: ["tg_lu", "tg_alloc"],
    code: `static inline void tg_inv(double *o, const double *a, int n) {
    double *m = tg_alloc(n * n), *x = tg_alloc(n); int *piv = (int *)calloc((size_t)n, sizeof(int));
    if (!piv) abort();
    memcpy(m, a, (size_t)(n * n) * sizeof(double));
    tg_lu(m, piv, n);
    for (int c = 0; c < n; c++) {
        for (int i = 0; i < n; i++) x[i] = i == c ? 1.0 : 0.0;
        for (int k = 0; k < n; k++) { double t = x[k]; x[k] = x[piv[k]]; x[piv[k]] = t; }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) x[i] -= m[i * n + j] * x[j];
        for (int i = n - 1; i >= 0; i--) { for (int j = i + 1; j < n; j++) x[i] -= m[i * n + j] * x[j]; x[i] /= m[i * n + i]; }
        for (int i = 0; i < n; i++) o[i * n + c] = x[i];
    }
    free(m); free(x); free(piv);
}`,
  },
  // A^p = A A … A (of A^{-1} for p < 0)
  tg_matpow: {
    deps: ["tg_inv", "tg_matmul", "tg_eye", "tg_alloc"],
    code: `static inline void tg_matpow(double *o, const double *a, int n, int p) {
    double *base = tg_alloc(n * n), *t = tg_alloc(n * n);
    if (p < 0) tg_inv(base, a, n); else memcpy(base, a, (size_t)(n * n) * sizeof(double));
    tg_eye(o, n);
    for (int e = p < 0 ? -p : p; e > 0; e--) { tg_matmul(t, o, base, n, n, n); memcpy(o, t, (size_t)(n * n) * sizeof(double)); }
    free(base); free(t);
}`,
  },
  tg_diag_matrix: {
    deps: [],
    code: `static inline void tg_diag_matrix(double *o, const double *a, int n) { for (int i = 0; i < n * n; i++) o[i] = 0.0; for (int i = 0; i < n; i++) o[i * n + i] = a[i]; }`,
  },
  tg_diag_vector: {
    deps: [],
    code: `static inline void tg_diag_vector(double *o, const double *a, int n) { for (int i = 0; i < n; i++) o[i] = a[i * n + i]; }`,
  },
  // vec A: the columns stacked (column-major)
  tg_vec: {
    deps: [],
    code: `static inline void tg_vec(double *o, const double *a, int r, int c) { for (int j = 0; j < c; j++) for (int i = 0; i < r; i++) o[j * r + i] = a[i * c + j]; }`,
  },
  // unvec: r·c entries, column after column, back into the r×c matrix (the adjoint of vec)
  tg_unvec: {
    deps: [],
    code: `static inline void tg_unvec(double *o, const double *g, int r, int c) { for (int j = 0; j < c; j++) for (int i = 0; i < r; i++) o[i * c + j] = g[j * r + i]; }`,
  },
  tg_place: {
    deps: [],
    code: `static inline void tg_place(double *o, int oc, const double *a, int r, int c, int off) {
    for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) o[i * oc + off + j] = a[i * c + j];
}`,
  },
  tg_kron: {
    deps: [],
    code: `static inline void tg_kron(double *o, const double *a, int ar, int ac, const double *b, int br, int bc) {
    for (int i = 0; i < ar; i++) for (int j = 0; j < ac; j++) for (int k = 0; k < br; k++) for (int l = 0; l < bc; l++)
        o[(i * br + k) * (ac * bc) + j * bc + l] = a[i * ac + j] * b[k * bc + l];
}`,
  },
  // select_i: the 0/1 matrix (c × total) placing an argument's c columns at offset off of a concatenation
  tg_select: {
    deps: [],
    code: `static inline void tg_select(double *o, int c, int total, int off) {
    for (int i = 0; i < c * total; i++) o[i] = 0.0;
    for (int j = 0; j < c; j++) o[j * total + off + j] = 1.0;
}`,
  },
  // adjoints of ⊗: Σ_ij a_ij G_[ij], and [⟨G_[ij], B⟩]_ij, over the blocks of G
  tg_kronleft: {
    deps: [],
    code: `static inline void tg_kronleft(double *o, const double *g, int gr, int gc, const double *a, int ar, int ac) {
    int p = gr / ar, q = gc / ac;
    for (int i = 0; i < p * q; i++) o[i] = 0.0;
    for (int i = 0; i < ar; i++) for (int j = 0; j < ac; j++) for (int k = 0; k < p; k++) for (int l = 0; l < q; l++)
        o[k * q + l] += a[i * ac + j] * g[(i * p + k) * gc + j * q + l];
}`,
  },
  tg_kronright: {
    deps: [],
    code: `static inline void tg_kronright(double *o, const double *g, int gr, int gc, const double *b, int br, int bc) {
    int m = gr / br, n = gc / bc;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
        double s = 0.0;
        for (int k = 0; k < br; k++) for (int l = 0; l < bc; l++) s += b[k * bc + l] * g[(i * br + k) * gc + j * bc + l];
        o[i * n + j] = s;
    }
}`,
  },
  // K with rvec(Zᵀ) = K rvec(Z), Z ∈ ℝ^{m×n}
  tg_commutation: {
    deps: [],
    code: `static inline void tg_commutation(double *o, int m, int n) {
    int N = m * n;
    for (int i = 0; i < N * N; i++) o[i] = 0.0;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) o[(j * m + i) * N + i * n + j] = 1.0;
}`,
  },
  tg_blockdiag: {
    deps: [],
    code: `static inline void tg_blockdiag(double *o, const double *a, const double *b, int n, int m) {
    int N = n * m;
    for (int i = 0; i < N * N; i++) o[i] = 0.0;
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) for (int k = 0; k < m; k++) o[(i * m + j) * N + i * m + k] = a[i * m + j] * b[i * m + k];
}`,
  },
  // o = Mᵀ diag(v) M = Σ_k v_k m_k m_kᵀ (rows m_k): the upper triangle, then mirrored
  tg_quadform: {
    deps: [],
    code: `static inline void tg_quadform(double *o, const double *m, const double *v, int n, int d) {
    for (int i = 0; i < d * d; i++) o[i] = 0.0;
    for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) {
        double s = v[k] * m[k * d + i];
        for (int j = i; j < d; j++) o[i * d + j] += s * m[k * d + j];
    }
    for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) o[i * d + j] = o[j * d + i];
}`,
  },
  tg_sigmoid: {
    deps: [],
    code: `static inline double tg_sigmoid(double x) { if (x >= 0) return 1.0 / (1.0 + exp(-x)); double e = exp(x); return e / (1.0 + e); }`,
  },
  tg_relu: { deps: [], code: `static inline double tg_relu(double x) { return x > 0 ? x : 0.0; }` },
  tg_softplus: {
    deps: [],
    code: `static inline double tg_softplus(double x) { return fmax(x, 0.0) + log1p(exp(-fabs(x))); }`,
  },
  tg_step: { deps: [], code: `static inline double tg_step(double x) { return x > 0 ? 1.0 : 0.0; }` },
  tg_sign: { deps: [], code: `static inline double tg_sign(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0; }` },
  tg_cot: { deps: [], code: `static inline double tg_cot(double x) { return 1.0 / tan(x); }` },
  tg_sec: { deps: [], code: `static inline double tg_sec(double x) { return 1.0 / cos(x); }` },
  tg_csc: { deps: [], code: `static inline double tg_csc(double x) { return 1.0 / sin(x); }` },
  tg_coth: { deps: [], code: `static inline double tg_coth(double x) { return 1.0 / tanh(x); }` },
  // ‖x‖₁, ‖x‖_∞, max and min over n entries; e_{arg max x}: 1 at the first largest entry
  tg_abssum: {
    deps: [],
    code: `static inline double tg_abssum(const double *a, int n) { double s = 0.0; for (int i = 0; i < n; i++) s += fabs(a[i]); return s; }`,
  },
  tg_absmax: {
    deps: [],
    code: `static inline double tg_absmax(const double *a, int n) { double s = 0.0; for (int i = 0; i < n; i++) if (fabs(a[i]) > s) s = fabs(a[i]); return s; }`,
  },
  tg_max: {
    deps: [],
    code: `static inline double tg_max(const double *a, int n) { double s = a[0]; for (int i = 1; i < n; i++) if (a[i] > s) s = a[i]; return s; }`,
  },
  tg_min: {
    deps: [],
    code: `static inline double tg_min(const double *a, int n) { double s = a[0]; for (int i = 1; i < n; i++) if (a[i] < s) s = a[i]; return s; }`,
  },
  tg_argmaxind: {
    deps: [],
    code: `static inline void tg_argmaxind(double *o, const double *a, int n) {
    int k = 0;
    for (int i = 1; i < n; i++) if (a[i] > a[k]) k = i;
    for (int i = 0; i < n; i++) o[i] = i == k ? 1.0 : 0.0;
}`,
  },
};

/** The helpers `code` calls (`tg_name`), with their dependencies, in a fixed order. */
export function cRuntime(code: string): string {
  const want = new Set<string>();
  const add = (n: string) => {
    if (want.has(n) || !H[n]) return;
    want.add(n);
    H[n].deps.forEach(add);
  };
  for (const m of code.matchAll(/\b(tg_[a-z_]+)\b/g)) add(m[1]);
  return Object.keys(H)
    .filter((n) => want.has(n))
    .map((n) => H[n].code)
    .join("\n");
}
