// Python for the attention rows: the emitted numpy and torch kernels and torch.autograd of the same forward,
// one thread, in one process, runs interleaved (so load from other jobs falls on all three alike). Reads a JSON
// job on stdin: the kernel files, the input keys and, per size, a file of float64 inputs + seed and one of the
// emitted JS gradients. Prints JSON: BLAS info, and per size the wall and process CPU times (ms) and relative errors against autograd.
import { BLAS_PY } from "./blas.js";

export const ATTENTION_PY = String.raw`import importlib.util, json, sys, time
import torch
torch.set_num_threads(1)
import numpy as np
${BLAS_PY}
def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod
job = json.load(sys.stdin)
npk, tk = load(job["numpy"], "kernel_numpy"), load(job["torch"], "kernel_torch")
keys = job["keys"]
def rel(a, b):
    num = sum(float(np.sum((np.asarray(a[k]) - np.asarray(b[k])) ** 2)) for k in keys)
    return (num / sum(float(np.sum(np.asarray(b[k]) ** 2)) for k in keys)) ** 0.5
def split(flat, shapes):
    out, at = [], 0
    for s in shapes:
        n = int(np.prod(s)); out.append(flat[at:at + n].reshape(s)); at += n
    return out
cases = []
for c in job["cases"]:
    arrs = split(np.fromfile(c["inputs"], dtype=np.float64), c["shapes"] + [c["seed_shape"]])
    xs, seed = arrs[:-1], arrs[-1]
    js = dict(zip(keys, split(np.fromfile(c["js"], dtype=np.float64), c["shapes"])))
    ts, tseed = [torch.from_numpy(a) for a in xs], torch.from_numpy(seed)
    scale = 1.0 / c["d_k"] ** 0.5
    def autograd():
        v = [t.detach().requires_grad_(True) for t in ts]
        a = dict(zip(keys, v))
        X = a["X"]
        Q, K, V = X @ a["W_q"], X @ a["W_k"], X @ a["W_v"]
        O = torch.softmax((Q @ K.T) * scale, dim=-1) @ V
        return dict(zip(keys, torch.autograd.grad(O, v, grad_outputs=tseed)))
    runs = {"numpy": lambda: npk.gradients(seed, *xs), "torch": lambda: tk.gradients(tseed, *ts), "autograd": autograd}
    for _ in range(c["warmup"]):
        for f in runs.values(): f()
    times = {k: {"wall": [], "cpu": []} for k in runs}
    for _ in range(c["runs"]):
        for k, f in runs.items():
            c0, t0 = time.process_time(), time.perf_counter(); f(); t1, c1 = time.perf_counter(), time.process_time()
            times[k]["wall"].append((t1 - t0) * 1e3); times[k]["cpu"].append((c1 - c0) * 1e3)
    ref = {k: v.numpy() for k, v in autograd().items()}
    cases.append({"n": c["n"], "times": times, "err": {
        "numpy": rel(npk.gradients(seed, *xs), ref),
        "torch": rel({k: v.numpy() for k, v in tk.gradients(tseed, *ts).items()}, ref),
        "js": rel(js, ref)}})
print(json.dumps({"blas": blas_info(), "cases": cases}))
`;
