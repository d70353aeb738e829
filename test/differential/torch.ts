// An independent translation of a generated program (./gen.ts, its trees before printing) to torch, written from
// the operations' mathematical definitions (vectors are n×1 columns, scalars 0-d, float64), not from the code
// generator's templates. torch.autograd of it is the reference every implementation is compared with.
import type { Expr } from "../../src/ast/index.js";

/** Python helpers of the translation. */
export const PRELUDE = String.raw`
import torch
def _s(a): return a.numel() == 1
def _sc(a): return a.reshape(()) if _s(a) else a
def _mul(a, b): return _sc(a) * _sc(b) if (_s(a) or _s(b)) else a @ b
def _t(a): return a.T if a.dim() == 2 else a
def _inv(a): return 1.0 / _sc(a) if _s(a) else torch.linalg.inv(a)
def _pow(a, p): return _sc(a) ** p if _s(a) else torch.linalg.matrix_power(a, int(p))
def _tr(a): return _sc(a) if _s(a) else torch.trace(a)
def _det(a): return _sc(a) if _s(a) else torch.linalg.det(a)
def _logdet(a): return torch.log(_sc(a)) if _s(a) else torch.logdet(a)
def _diag(a):
    if _s(a): return _sc(a)
    if a.shape[1] == 1: return torch.diag(a.reshape(-1))
    return torch.diagonal(a).reshape(-1, 1)
def _axis(a): return 0 if a.dim() == 2 and a.shape[1] == 1 else 1
def _softmax(a): return torch.softmax(a, dim=_axis(a))
def _logsoftmax(a): return torch.log_softmax(a, dim=_axis(a))
def _layernorm(a, eps=1e-5):
    ax = _axis(a)
    mu = a.mean(dim=ax, keepdim=True)
    var = ((a - mu) ** 2).mean(dim=ax, keepdim=True)
    return (a - mu) / torch.sqrt(var + eps)
def _m(a): return a.reshape(1, 1) if a.dim() == 0 else a
def _cat(*xs): return torch.cat([_m(x) for x in xs], dim=1)
def _rowsum(a): return _sc(a) if _s(a) else a.sum(dim=1, keepdim=True)
def _norm(a): return torch.sqrt((a * a).sum())
def _vec(a): return _sc(a) if _s(a) else a.T.reshape(-1, 1)
def _kron(a, b): return _mul(a, b) if (_s(a) or _s(b)) else (a[:, None, :, None] * b[None, :, None, :]).reshape(a.shape[0] * b.shape[0], a.shape[1] * b.shape[1])
def _step(a): return (a > 0).to(torch.float64)
`;

/** The python expression of one operation over translated arguments. */
const OPS: Readonly<Record<string, (a: readonly string[], attr?: number) => string>> = {
  add: (a) => `(${a.join(" + ")})`,
  neg: (a) => `(-${a[0]})`,
  mul: (a) => `_mul(${a[0]}, ${a[1]})`,
  hadamard: (a) => `(${a[0]} * ${a[1]})`,
  ediv: (a) => `(${a[0]} / ${a[1]})`,
  kron: (a) => `_kron(${a[0]}, ${a[1]})`,
  transpose: (a) => `_t(${a[0]})`,
  inv: (a) => `_inv(${a[0]})`,
  pow: (a, p = 1) => `_pow(${a[0]}, ${p})`,
  epow: (a, p = 1) => `(${a[0]} ** ${p})`,
  exp: (a) => `torch.exp(${a[0]})`,
  log: (a) => `torch.log(${a[0]})`,
  sin: (a) => `torch.sin(${a[0]})`,
  cos: (a) => `torch.cos(${a[0]})`,
  tanh: (a) => `torch.tanh(${a[0]})`,
  sqrt: (a) => `torch.sqrt(${a[0]})`,
  sigma: (a) => `torch.sigmoid(${a[0]})`,
  relu: (a) => `torch.relu(${a[0]})`,
  step: (a) => `_step(${a[0]})`,
  abs: (a) => `torch.abs(${a[0]})`,
  sign: (a) => `torch.sign(${a[0]})`,
  softmax: (a) => `_softmax(${a[0]})`,
  logsoftmax: (a) => `_logsoftmax(${a[0]})`,
  layernorm: (a) => `_layernorm(${a.join(", ")})`,
  tr: (a) => `_tr(${a[0]})`,
  det: (a) => `_det(${a[0]})`,
  logdet: (a) => `_logdet(${a[0]})`,
  diag: (a) => `_diag(${a[0]})`,
  concat: (a) => `_cat(${a.join(", ")})`,
  norm: (a) => `_norm(${a[0]})`,
  frob: (a) => `_norm(${a[0]})`,
  rowsum: (a) => `_rowsum(${a[0]})`,
  sum: (a) => `${a[0]}.sum()`,
  vec: (a) => `_vec(${a[0]})`,
  softplus: (a) => `torch.nn.functional.softplus(${a[0]}, threshold=40)`,
  tan: (a) => `torch.tan(${a[0]})`,
  cot: (a) => `(1 / torch.tan(${a[0]}))`,
  sec: (a) => `(1 / torch.cos(${a[0]}))`,
  csc: (a) => `(1 / torch.sin(${a[0]}))`,
  sinh: (a) => `torch.sinh(${a[0]})`,
  cosh: (a) => `torch.cosh(${a[0]})`,
  coth: (a) => `(1 / torch.tanh(${a[0]}))`,
  arcsin: (a) => `torch.asin(${a[0]})`,
  arccos: (a) => `torch.acos(${a[0]})`,
  arctan: (a) => `torch.atan(${a[0]})`,
  norm1: (a) => `${a[0]}.abs().sum()`,
  norminf: (a) => `${a[0]}.abs().max()`,
  max: (a) => `${a[0]}.max()`,
  min: (a) => `${a[0]}.min()`,
  argmaxind: (a) =>
    `torch.nn.functional.one_hot(${a[0]}.reshape(-1).argmax(), ${a[0]}.numel()).to(torch.float64).reshape(${a[0]}.shape)`,
};

/** Operations with a translation (the test fails for a generated operation without one). */
export const translated = (op: string): boolean => OPS[op] !== undefined;

/** Python variable of a symbol name. */
export type Names = (name: string) => string;

/** The python expression of a tree; a bare \mathbf{1} takes the shape of its neighbour `like`. */
export function toTorch(e: Expr, v: Names, like?: string): string {
  switch (e.k) {
    case "sym":
      return v(e.name);
    case "num":
      return `torch.tensor(${e.value}, dtype=torch.float64)`;
    case "const":
      if (e.which === "ones" && like) return `torch.ones_like(${like})`;
      throw new Error(`a bare constant ${e.which} without a neighbour`);
    case "op": {
      const f = OPS[e.op];
      if (!f) throw new Error(`no torch translation of ${e.op} in test/differential/torch.ts`);
      // s·1 + x: the ones column is x's shape
      if (
        e.op === "add" &&
        e.args.length === 2 &&
        e.args[0].k === "op" &&
        e.args[0].op === "mul" &&
        e.args[0].args[1].k === "const"
      ) {
        const x = toTorch(e.args[1], v);
        return `(${toTorch(e.args[0].args[0], v)} * torch.ones_like(${x}) + ${x})`;
      }
      return f(
        e.args.map((a) => toTorch(a, v)),
        e.attr,
      );
    }
    default:
      throw new Error(`no torch translation of a ${e.k} node`);
  }
}

/** The batch runner: every program's kernels (numpy, torch) and its translation under torch.autograd. */
export const RUNNER = String.raw`
import json, sys, traceback
import numpy as np
PRELUDE_NS = {}
exec(compile(sys.argv[1], "<prelude>", "exec"), PRELUDE_NS)
import torch
torch.set_default_dtype(torch.float64)

def flat(v):
    a = v.detach().numpy() if isinstance(v, torch.Tensor) else np.asarray(v, dtype=np.float64)
    return [float(x) if np.isfinite(x) else None for x in np.asarray(a, dtype=np.float64).reshape(-1)]

def np_in(b):
    return np.array(b["data"], dtype=np.float64).reshape(b["shape"]) if isinstance(b, dict) else float(b)
def t_in(b):
    return torch.tensor(b["data"], dtype=torch.float64).reshape(b["shape"]) if isinstance(b, dict) else torch.tensor(float(b), dtype=torch.float64)
def val(b):
    return torch.tensor(b["data"], dtype=torch.float64).reshape(b["rows"], b["cols"]) if isinstance(b, dict) else torch.tensor(float(b), dtype=torch.float64)

def kernel(text, name, conv, job):
    ns = {}
    exec(compile(text, name, "exec"), ns)
    args = [conv(job["base"][k]) for k in ns["INPUTS"]]
    y = ns["forward"](*args)
    g = ns["gradients"](conv(job["seed"]), *args)
    return {"forward": flat(y), "gradients": {k: flat(x) for k, x in g.items()}}

out = []
for job in json.load(sys.stdin):
    r = {"id": job["id"]}
    try:
        env = dict(PRELUDE_NS)
        V = {k: val(b).requires_grad_(k in job["wrt"]) for k, b in job["values"].items()}
        env["V"] = V
        exec(compile(job["ref"], "<ref %d>" % job["id"], "exec"), env)
        y = env["Y"]
        seed = val(job["seedRef"])
        loss = (seed.reshape(-1) * y.reshape(-1)).sum() if seed.numel() == y.numel() else None
        if loss is None:
            raise ValueError("seed has %d entries, Y has %d" % (seed.numel(), y.numel()))
        xs = [V[k] for k in job["wrt"]]
        # a loss that does not depend on the inputs (through step, say) has zero gradients
        gs = torch.autograd.grad(loss, xs, allow_unused=True) if xs and loss.requires_grad else [None] * len(xs)
        r["autograd"] = {k: (flat(g) if g is not None else [0.0] * V[k].numel()) for k, g in zip(job["wrt"], gs)}
        r["forward"] = flat(y)
    except Exception as e:
        r["error"] = "torch.autograd of the translation: " + "".join(traceback.format_exception_only(type(e), e)).strip()
    for target, conv in (("numpy", np_in), ("torch", t_in)):
        try:
            r[target] = kernel(job[target], "<%s %d>" % (target, job["id"]), conv, job)
        except Exception as e:
            r[target] = {"error": "".join(traceback.format_exception_only(type(e), e)).strip()}
    out.append(r)
print(json.dumps(out))
`;
