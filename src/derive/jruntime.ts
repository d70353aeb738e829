// Kernel helpers for the operations that closed-form Jacobians and Hessians use (rvec, eyeof, onesof,
// commutation, blockdiag; their code templates in src/ops/ call these), in the formats of
// src/codegen/runtime/{python,js}.ts, for `emit --jacobian/--hessian` to add to its runtime tables.
// Semantics (src/ops/*.ts): rvec X stacks the rows (row-major); eyeof(Z) = I_{rows Z}; onesof(Z) = 1_{rows Z};
// commutation(Z) = K with rvec(Zᵀ) = K rvec Z; blockdiag(A, B) has block i = a_i b_iᵀ (rows of A and B).
// test/jacobian/runtime.test.ts runs them against the operations' own evaluation.

export const JACOBIAN_NUMPY: Record<string, string> = {
  _rvec: `def _rvec(x):
    """The rows stacked into one column (row-major); a scalar stays a scalar."""
    return x if np.ndim(x) == 0 else np.reshape(x, (-1, 1))`,
  _eyeof: `def _eyeof(x):
    """The identity with as many rows as x."""
    return 1.0 if np.ndim(x) == 0 else np.eye(x.shape[0])`,
  _onesof: `def _onesof(x):
    """The column of ones with as many rows as x."""
    return 1.0 if np.ndim(x) == 0 else np.ones((x.shape[0], 1))`,
  _commutation: `def _commutation(x):
    """K with rvec(x.T) = K @ rvec(x), for x of shape (m, n): K[j*m + i, i*n + j] = 1."""
    if np.ndim(x) == 0:
        return 1.0
    m, n = x.shape
    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    k = np.zeros((m * n, m * n))
    k[(j * m + i).ravel(), (i * n + j).ravel()] = 1.0
    return k`,
  _blockdiag: `def _blockdiag(a, b):
    """Block diagonal over the rows i of a and b (same shape n x m): block i is outer(a[i], b[i])."""
    n, m = a.shape
    out = np.zeros((n * m, n * m))
    for i in range(n):
        out[i * m:(i + 1) * m, i * m:(i + 1) * m] = np.outer(a[i], b[i])
    return out`,
};

export const JACOBIAN_TORCH: Record<string, string> = {
  _rvec: `def _rvec(x):
    """The rows stacked into one column (row-major); a scalar stays a scalar."""
    return x if not torch.is_tensor(x) or x.dim() == 0 else x.reshape(-1, 1)`,
  _eyeof: `def _eyeof(x):
    """The identity with as many rows as x."""
    return torch.tensor(1.0, dtype=torch.float64) if not torch.is_tensor(x) or x.dim() == 0 else torch.eye(x.shape[0], dtype=torch.float64)`,
  _onesof: `def _onesof(x):
    """The column of ones with as many rows as x."""
    return torch.tensor(1.0, dtype=torch.float64) if not torch.is_tensor(x) or x.dim() == 0 else torch.ones(x.shape[0], 1, dtype=torch.float64)`,
  _commutation: `def _commutation(x):
    """K with rvec(x.T) = K @ rvec(x), for x of shape (m, n): K[j*m + i, i*n + j] = 1."""
    if not torch.is_tensor(x) or x.dim() == 0:
        return torch.tensor(1.0, dtype=torch.float64)
    m, n = x.shape
    i, j = torch.meshgrid(torch.arange(m), torch.arange(n), indexing="ij")
    k = torch.zeros(m * n, m * n, dtype=torch.float64)
    k[(j * m + i).reshape(-1), (i * n + j).reshape(-1)] = 1.0
    return k`,
  _blockdiag: `def _blockdiag(a, b):
    """Block diagonal over the rows i of a and b (same shape n x m): block i is outer(a[i], b[i])."""
    return torch.block_diag(*[torch.outer(a[i], b[i]) for i in range(a.shape[0])])`,
};

export const JACOBIAN_JS: Record<string, { readonly deps: readonly string[]; readonly code: string }> = {
  rvec: { deps: ["mat"], code: `rvec(a) { return typeof a === "number" ? a : R.mat(a.rows * a.cols, 1, Float64Array.from(a.data)); }` },
  eyeof: { deps: ["mat"], code: `eyeof(a) {
    if (typeof a === "number") return 1;
    const n = a.rows, o = R.mat(n, n);
    for (let i = 0; i < n; i++) o.data[i * n + i] = 1;
    return o;
  }` },
  onesof: { deps: ["mat"], code: `onesof(a) { return typeof a === "number" ? 1 : R.mat(a.rows, 1, new Float64Array(a.rows).fill(1)); }` },
  commutation: { deps: ["mat"], code: `commutation(a) {
    if (typeof a === "number") return 1;
    const m = a.rows, n = a.cols, o = R.mat(m * n, m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) o.data[(j * m + i) * m * n + i * n + j] = 1;
    return o;
  }` },
  blockdiag: { deps: ["mat"], code: `blockdiag(a, b) {
    const n = a.rows, m = a.cols, N = n * m, o = R.mat(N, N);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) o.data[(i * m + j) * N + i * m + k] = a.data[i * m + j] * b.data[i * m + k];
    return o;
  }` },
};
