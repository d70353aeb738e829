"""Reference Jacobians and Hessians from torch.autograd.functional (float64) for test/jacobian/torch.test.ts.

Reads a list of {"case": name, "inputs": {name: nested rows}} on stdin and prints a list of {"matrix": rows}
(one torch start-up for every comparison): the Jacobian of the
row-major flattening of the output by the row-major flattening of the input (texgrad's rvec convention), or the
Hessian of a scalar by the row-major flattening of its input.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, jacobian

torch.set_default_dtype(torch.float64)


def attention(X, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    return torch.softmax(Q @ K.T / math.sqrt(Wq.shape[1]), dim=1) @ V


CASES = {
    # name: (kind, variable, function of the inputs)
    "softmax": ("jacobian", "z", lambda t: torch.softmax(t["z"], dim=0)),
    "attention": ("jacobian", "X", lambda t: attention(t["X"], t["W_q"], t["W_k"], t["W_v"])),
    "layernorm_rows": ("jacobian", "X", lambda t: F.layer_norm(t["X"], (t["X"].shape[1],), eps=1e-5)),
    "layernorm_vector": ("jacobian", "x", lambda t: t["gamma"] * F.layer_norm(t["x"].T, (t["x"].shape[0],), eps=1e-5).T + t["beta"]),
    "quadratic": ("hessian", "x", lambda t: (t["x"].T @ t["B"] @ t["x"]).sum()),
    "logsumexp": ("hessian", "z", lambda t: torch.logsumexp(t["z"], dim=0).sum()),
    "logistic": ("hessian", "w", lambda t: -(t["y"].T @ torch.log(torch.sigmoid(t["X"] @ t["w"]))
                                              + (1 - t["y"]).T @ torch.log(1 - torch.sigmoid(t["X"] @ t["w"]))).sum()),
    "trace_quadratic": ("hessian", "X", lambda t: torch.trace(t["X"].T @ t["B"] @ t["X"])),
}


def answer(request):
    kind, var, f = CASES[request["case"]]
    inputs = {k: torch.tensor(v) for k, v in request["inputs"].items()}
    x = inputs[var]

    def g(v):
        return f({**inputs, var: v})

    if kind == "jacobian":
        out = jacobian(g, x)
        m = out.reshape(g(x).numel(), x.numel())
    else:
        m = hessian(g, x).reshape(x.numel(), x.numel())
    return {"matrix": m.tolist()}


def main():
    json.dump([answer(r) for r in json.load(sys.stdin)], sys.stdout)


if __name__ == "__main__":
    main()
