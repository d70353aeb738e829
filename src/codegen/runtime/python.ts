// The Python kernel runtimes (numpy and torch): module-level helpers the generated code calls (`_softmax`,
// `_input`, …), embedded only when used. Inside a kernel a vector is an n×1 column; the boundary converts.

type Helpers = Record<string, string>;

const NUMPY: Helpers = {
  _input: `def _input(x, layout, key):
    """A boundary value as used inside the kernel: a float, an n×1 column or a matrix (float64)."""
    a = np.asarray(x, dtype=np.float64)
    if layout == "scalar" and a.size == 1:
        return float(a.reshape(()))
    if layout == "vector" and (a.ndim == 1 or (a.ndim == 2 and a.shape[1] == 1)):
        return a.reshape(-1, 1)
    if layout == "matrix" and a.ndim == 2:
        return a
    raise ValueError("input %r has shape %r, expected a %s" % (key, a.shape, layout))`,
  _output: `def _output(v, layout):
    if layout == "scalar":
        return float(np.asarray(v).reshape(-1)[0])
    v = np.asarray(v, dtype=np.float64)
    return v.reshape(-1) if layout == "vector" else v`,
  _asmatrix: `def _asmatrix(v, rows, x):
    """A Jacobian or Hessian as a rows x numel(x) array (rows -1: as many as v fills); any other size is an error."""
    return np.asarray(v, dtype=np.float64).reshape(rows, np.size(x))`,
  _quadform: `def _quadform(m, v):
    """m.T @ diag(v) @ m without the n x n diagonal matrix. It is symmetric: with v = p - q (p, q >= 0) it is
    a a.T - b b.T, a = (sqrt(p) m).T, b = (sqrt(q) m).T, and a @ a.T is a BLAS syrk (half the products of a gemm)."""
    v = v.reshape(-1)
    pos = v >= 0
    a = np.ascontiguousarray((m[pos] * np.sqrt(v[pos])[:, None]).T)
    h = a @ a.T
    if not pos.all():
        b = np.ascontiguousarray((m[~pos] * np.sqrt(-v[~pos])[:, None]).T)
        h -= b @ b.T
    return h`,
  _check: `def _check(x, shape, key):
    if x.shape != shape:
        raise ValueError("input %r has shape %r, expected %r" % (key, x.shape, shape))`,
  _softmax: `def _softmax(x):
    """Softmax of each row (of a column vector: over its entries), stable: exp(x - max) / sum exp(x - max)."""
    axis = 0 if x.shape[1] == 1 else 1
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)`,
  _logsoftmax: `def _logsoftmax(x):
    """x - logsumexp(x) per row (column vector: over its entries), logsumexp(x) = m + log sum exp(x - m)."""
    axis = 0 if x.shape[1] == 1 else 1
    m = x.max(axis=axis, keepdims=True)
    return x - (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True)))`,
  _layernorm: `def _layernorm(x, eps):
    """(x - mean) / sqrt(biased variance + eps) per row (column vector: over its entries)."""
    axis = 0 if x.shape[1] == 1 else 1
    m = x.mean(axis=axis, keepdims=True)
    return (x - m) / np.sqrt(((x - m) ** 2).mean(axis=axis, keepdims=True) + eps)`,
  _lnscale: `def _lnscale(x, eps):
    """The column of 1 / sqrt(biased variance + eps), one entry per row."""
    m = x.mean(axis=1, keepdims=True)
    return 1.0 / np.sqrt(((x - m) ** 2).mean(axis=1, keepdims=True) + eps)`,
  _rowsum: `def _rowsum(x):
    return x.sum(axis=1, keepdims=True)`,
  _diag: `def _diag(x):
    """A vector to its diagonal matrix; a square matrix to the column of its diagonal."""
    if x.shape[0] == 1 or x.shape[1] == 1:
        return np.diag(x.reshape(-1))
    return np.diag(x).reshape(-1, 1).copy()`,
  _inv: `def _inv(x):
    return np.linalg.inv(x)`,
  _pow: `def _pow(x, p):
    """x ** p for a scalar; the matrix power A A ... A (of the inverse for p < 0) for a square matrix."""
    if np.ndim(x) == 0:
        return x ** p
    return np.linalg.matrix_power(x, int(p))`,
  _vec: `def _vec(x):
    """The columns stacked into one column (column-major)."""
    return x.T.reshape(-1, 1)`,
  _sigmoid: `def _sigmoid(x):
    """1 / (1 + exp(-x)) without overflow, to full relative accuracy: e / (1 + e), e = exp(-|x|), for x < 0."""
    e = np.exp(-np.abs(x))
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(s) if np.ndim(s) == 0 else s`,
  _softplus: `def _softplus(x):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), stable for every x."""
    return np.logaddexp(0.0, x)`,
  _relu: `def _relu(x):
    return np.maximum(x, 0.0)`,
  _step: `def _step(x):
    return np.where(x > 0, 1.0, 0.0)`,
  _cot: `def _cot(x):
    return 1.0 / np.tan(x)`,
  _sec: `def _sec(x):
    return 1.0 / np.cos(x)`,
  _csc: `def _csc(x):
    return 1.0 / np.sin(x)`,
  _coth: `def _coth(x):
    return 1.0 / np.tanh(x)`,
  _argmaxind: `def _argmaxind(x):
    """The unit vector (shaped like x) at the first largest entry of x; 1.0 for a scalar."""
    if np.ndim(x) == 0:
        return 1.0
    out = np.zeros(x.shape)
    out.reshape(-1)[int(np.argmax(x))] = 1.0
    return out`,
  _select: `def _select(i, *xs):
    """The 0/1 matrix placing the columns of the i-th argument in their concatenation."""
    off = sum(x.shape[1] for x in xs[:i - 1])
    return np.eye(xs[i - 1].shape[1], sum(x.shape[1] for x in xs), k=off)`,
  _kronleft: `def _kronleft(g, a):
    """sum_ij a_ij G_[ij] over the blocks of G in the Kronecker pattern of A (the adjoint of A kron E)."""
    p, q = g.shape[0] // a.shape[0], g.shape[1] // a.shape[1]
    return np.einsum("ij,ipjq->pq", a, g.reshape(a.shape[0], p, a.shape[1], q))`,
  _kronright: `def _kronright(g, b):
    """[<G_[ij], B>]_ij over the blocks of G (the adjoint of E kron B)."""
    m, n = g.shape[0] // b.shape[0], g.shape[1] // b.shape[1]
    return np.einsum("ikjl,kl->ij", g.reshape(m, b.shape[0], n, b.shape[1]), b)`,
  _rvec: `def _rvec(x):
    """The rows stacked into one column (row-major)."""
    return x.reshape(-1, 1)`,
  _eyeof: `def _eyeof(x):
    return np.eye(x.shape[0])`,
  _onesof: `def _onesof(x):
    return np.ones((x.shape[0], 1))`,
  _commutation: `def _commutation(x):
    """K with rvec(Z^T) = K rvec(Z) for Z of x's shape."""
    m, n = x.shape
    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    k = np.zeros((m * n, m * n))
    k[(j * m + i).reshape(-1), (i * n + j).reshape(-1)] = 1.0
    return k`,
  _blockdiag: `def _blockdiag(a, b):
    """The blocks a_i b_i^T (rows of a and b) down the diagonal."""
    n, m = a.shape
    out = np.zeros((n * m, n * m))
    for i in range(n):
        out[i * m:(i + 1) * m, i * m:(i + 1) * m] = np.outer(a[i], b[i])
    return out`,
};

const TORCH: Helpers = {
  _tensor: `def _tensor(x):
    """A tensor keeps its floating dtype and its device; anything else (numbers, lists, arrays, integer tensors) is float64."""
    if isinstance(x, torch.Tensor) and x.is_floating_point():
        return x
    return torch.as_tensor(x, dtype=torch.float64)`,
  _like: `def _like(x):
    """The dtype and device of a value, for the tensors the kernel creates (float64 on the CPU without one)."""
    if isinstance(x, torch.Tensor):
        return {"dtype": x.dtype, "device": x.device}
    return {"dtype": torch.float64, "device": None}`,
  _same: `def _same(*xs):
    """The inputs in one dtype (torch's promotion: float32 with float64 is float64) on one device (the first
    that is not the CPU); inputs on two different accelerators are an error."""
    dtype = xs[0].dtype
    for x in xs[1:]:
        dtype = torch.promote_types(dtype, x.dtype)
    devices = [x.device for x in xs if x.device.type != "cpu"]
    if any(d != devices[0] for d in devices):
        raise ValueError("inputs are on different devices: %s" % ", ".join(sorted({str(d) for d in devices})))
    device = devices[0] if devices else xs[0].device
    return tuple(x.to(dtype=dtype, device=device) for x in xs)`,
  _input: `def _input(x, layout, key):
    """A boundary value as used inside the kernel: a 0-d tensor, an n×1 column or a matrix, in the input's
    floating dtype and on its device (float64 for numbers, lists, arrays and integer tensors)."""
    a = _tensor(x)
    if a.dim() > 2:
        raise ValueError("input %r has shape %r: batched inputs are not supported (call the kernel per item, or stack the items into the declared shape)" % (key, tuple(a.shape)))
    if layout == "scalar" and a.numel() == 1:
        return a.reshape(())
    if layout == "vector" and (a.dim() == 1 or (a.dim() == 2 and a.shape[1] == 1)):
        return a.reshape(-1, 1)
    if layout == "matrix" and a.dim() == 2:
        return a
    raise ValueError("input %r has shape %r, expected a %s" % (key, tuple(a.shape), layout))`,
  _output: `def _output(v, layout):
    v = _tensor(v)
    if layout == "scalar":
        return v.reshape(())
    return v.reshape(-1) if layout == "vector" else v`,
  _asmatrix: `def _asmatrix(v, rows, x):
    """A Jacobian or Hessian as a rows x numel(x) array (rows -1: as many as v fills); any other size is an error."""
    return _tensor(v).reshape(rows, _tensor(x).numel())`,
  _quadform: `def _quadform(m, v):
    """m.T @ diag(v) @ m without the n x n diagonal matrix."""
    return (m * v.reshape(-1, 1)).T @ m`,
  _check: `def _check(x, shape, key):
    if tuple(x.shape) != shape:
        raise ValueError("input %r has shape %r, expected %r" % (key, tuple(x.shape), shape))`,
  _scalar: `def _scalar(v, o):
    """A size or number as a 0-d tensor with the creation options o (dtype, device)."""
    return torch.tensor(float(v), **o)`,
  _softmax: `def _softmax(x):
    """Softmax of each row (of a column vector: over its entries); torch subtracts the maximum."""
    return torch.softmax(x, dim=0 if x.shape[1] == 1 else 1)`,
  _logsoftmax: `def _logsoftmax(x):
    """x - logsumexp(x) per row (column vector: over its entries)."""
    return torch.log_softmax(x, dim=0 if x.shape[1] == 1 else 1)`,
  _layernorm: `def _layernorm(x, eps):
    """(x - mean) / sqrt(biased variance + eps) per row (column vector: over its entries)."""
    dim = 0 if x.shape[1] == 1 else 1
    m = x.mean(dim=dim, keepdim=True)
    return (x - m) / torch.sqrt(((x - m) ** 2).mean(dim=dim, keepdim=True) + eps)`,
  _lnscale: `def _lnscale(x, eps):
    """The column of 1 / sqrt(biased variance + eps), one entry per row."""
    m = x.mean(dim=1, keepdim=True)
    return 1.0 / torch.sqrt(((x - m) ** 2).mean(dim=1, keepdim=True) + eps)`,
  _rowsum: `def _rowsum(x):
    return x.sum(dim=1, keepdim=True)`,
  _diag: `def _diag(x):
    """A vector to its diagonal matrix; a square matrix to the column of its diagonal."""
    if x.shape[0] == 1 or x.shape[1] == 1:
        return torch.diag(x.reshape(-1))
    return torch.diagonal(x).reshape(-1, 1)`,
  _inv: `def _inv(x):
    return torch.linalg.inv(x)`,
  _pow: `def _pow(x, p):
    """x ** p for a scalar; the matrix power A A ... A (of the inverse for p < 0) for a square matrix."""
    if x.dim() == 0:
        return x ** p
    return torch.linalg.matrix_power(x, int(p))`,
  _vec: `def _vec(x):
    """The columns stacked into one column (column-major)."""
    return x.T.reshape(-1, 1)`,
  _step: `def _step(x):
    return (x > 0).to(x.dtype)`,
  _softplus: `def _softplus(x):
    """log(1 + exp(x)), stable (log1p(exp(x)) below 40, x above: exact in float64), twice differentiable."""
    return torch.nn.functional.softplus(x, beta=1, threshold=40)`,
  _cot: `def _cot(x):
    return 1.0 / torch.tan(x)`,
  _sec: `def _sec(x):
    return 1.0 / torch.cos(x)`,
  _csc: `def _csc(x):
    return 1.0 / torch.sin(x)`,
  _coth: `def _coth(x):
    return 1.0 / torch.tanh(x)`,
  _argmaxind: `def _argmaxind(x):
    """The unit vector (shaped like x) at the first largest entry of x; 1 for a scalar."""
    if x.dim() == 0:
        return torch.ones((), dtype=x.dtype, device=x.device)
    out = torch.zeros(x.numel(), dtype=x.dtype, device=x.device)
    out[int(torch.argmax(x.reshape(-1)))] = 1.0
    return out.reshape(x.shape)`,
  _select: `def _select(i, *xs):
    """The 0/1 matrix placing the columns of the i-th argument in their concatenation."""
    off = sum(x.shape[1] for x in xs[:i - 1])
    c = xs[i - 1].shape[1]
    out = torch.zeros((c, sum(x.shape[1] for x in xs)), dtype=xs[0].dtype, device=xs[0].device)
    r = torch.arange(c, device=xs[0].device)
    out[r, off + r] = 1.0
    return out`,
  _kron: `def _kron(a, b):
    """The Kronecker product by broadcasting (torch.kron fails on some shapes: 'view size is not compatible')."""
    return (a[:, None, :, None] * b[None, :, None, :]).reshape(a.shape[0] * b.shape[0], a.shape[1] * b.shape[1])`,
  _kronleft: `def _kronleft(g, a):
    """sum_ij a_ij G_[ij] over the blocks of G in the Kronecker pattern of A (the adjoint of A kron E)."""
    p, q = g.shape[0] // a.shape[0], g.shape[1] // a.shape[1]
    return torch.einsum("ij,ipjq->pq", a, g.reshape(a.shape[0], p, a.shape[1], q))`,
  _kronright: `def _kronright(g, b):
    """[<G_[ij], B>]_ij over the blocks of G (the adjoint of E kron B)."""
    m, n = g.shape[0] // b.shape[0], g.shape[1] // b.shape[1]
    return torch.einsum("ikjl,kl->ij", g.reshape(m, b.shape[0], n, b.shape[1]), b)`,
  _rvec: `def _rvec(x):
    """The rows stacked into one column (row-major)."""
    return x.reshape(-1, 1)`,
  _eyeof: `def _eyeof(x):
    return torch.eye(x.shape[0], dtype=x.dtype, device=x.device)`,
  _onesof: `def _onesof(x):
    return torch.ones((x.shape[0], 1), dtype=x.dtype, device=x.device)`,
  _commutation: `def _commutation(x):
    """K with rvec(Z^T) = K rvec(Z) for Z of x's shape."""
    m, n = x.shape
    i, j = torch.meshgrid(torch.arange(m, device=x.device), torch.arange(n, device=x.device), indexing="ij")
    k = torch.zeros((m * n, m * n), dtype=x.dtype, device=x.device)
    k[(j * m + i).reshape(-1), (i * n + j).reshape(-1)] = 1.0
    return k`,
  _blockdiag: `def _blockdiag(a, b):
    """The blocks a_i b_i^T (rows of a and b) down the diagonal."""
    return torch.block_diag(*[torch.outer(a[i], b[i]) for i in range(a.shape[0])])`,
};

/** The helpers `code` calls (`_name(`), in a fixed order. */
export function pythonRuntime(code: string, torch: boolean): string {
  const table = torch ? TORCH : NUMPY;
  const calls = (text: string) => [...text.matchAll(/\b(_[a-z]+)\(/g)].map((m) => m[1]).filter((n) => n in table);
  // the helpers the code calls and, transitively, the helpers those call (_input calls _tensor)
  const used = new Set<string>();
  const todo = calls(code);
  for (let n = todo.pop(); n !== undefined; n = todo.pop())
    if (!used.has(n)) {
      used.add(n);
      todo.push(...calls(table[n]));
    }
  return Object.keys(table)
    .filter((n) => used.has(n))
    .map((n) => table[n])
    .join("\n\n\n");
}
