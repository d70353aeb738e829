// The logistic-regression Hessian rows, n = 1000, d = 200: texgrad's emitted numpy `hessian_w` (the closed form
// Xᵀ diag(σ ⊙ (1 − σ)) X, lowered as (Xᵀ ⊙ vᵀ) X: no n×n matrix) against torch.autograd.functional.hessian of the
// same loss −Σ[y log σ(Xw) + (1 − y) log(1 − σ(Xw))], in one python process (one thread), same float64 inputs;
// warm-up, then interleaved runs. Then the emitted JS `hessian_w` in this process, checked against torch's H.
// The loss is examples/logistic.tex.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../src/ops/index.js";
import { loadDocument } from "../src/parse/document.js";
import { derive } from "../src/derive/reverse.js";
import { buildProgram } from "../src/codegen/ir.js";
import { emitProgram } from "../src/codegen/emit.js";
import { closedForms } from "../src/codegen/extras.js";
import { loadJsKernel } from "../src/codegen/verify/js.js";
import { pythonHas, PYTHON } from "../src/codegen/verify/python.js";
import { randn, rng } from "../src/numeric/index.js";
import { oneThreadEnv, repoRoot, statsOf, timeRuns, type Times } from "./common.js";
import type { Agreement, Row } from "./table.js";

export const HESSIAN_FLOP_RULE = "2nd² for the product Xᵀ diag(v) X, the same for every row";

const SCRIPT = String.raw`import importlib.util, json, sys, time
import torch
torch.set_num_threads(1)
import numpy as np
from torch.autograd.functional import hessian
spec = importlib.util.spec_from_file_location("kernel", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
n, d, warmup, runs = (int(a) for a in sys.argv[2:6])
flat = np.fromfile(sys.argv[6], dtype=np.float64)
X, w, y = flat[:n * d].reshape(n, d), flat[n * d:n * d + d], flat[n * d + d:]
Xt, yt, wt = torch.from_numpy(X), torch.from_numpy(y), torch.from_numpy(w)
def loss(v):
    p = torch.sigmoid(Xt @ v)
    return -(yt @ torch.log(p) + (1 - yt) @ torch.log(1 - p))
args = {"y": y, "X": X, "w": w}
ours = lambda: mod.hessian_w(*[args[k] for k in mod.INPUTS])
theirs = lambda: hessian(loss, wt)
for _ in range(warmup):
    ours(); theirs()
t_ours, t_theirs = {"wall": [], "cpu": []}, {"wall": [], "cpu": []}
def timed(f, into):
    c0, t0 = time.process_time(), time.perf_counter(); f(); t1, c1 = time.perf_counter(), time.process_time()
    into["wall"].append((t1 - t0) * 1e3); into["cpu"].append((c1 - c0) * 1e3)
for _ in range(runs):
    timed(ours, t_ours); timed(theirs, t_theirs)
H, Ht = ours(), theirs().numpy()
Ht.tofile(sys.argv[7])
err = float(np.linalg.norm(H - Ht) / np.linalg.norm(Ht))
print(json.dumps({"ours": t_ours, "torch": t_theirs, "relErr": err}))
`;

export const HESSIAN_KERNELS = {
  numpy: "emitted numpy hessian_w",
  js: "emitted JS hessian_w",
  torch: "torch.autograd.functional.hessian",
} as const;

export const hessianProblem = (n: number, d: number): string => `logistic Hessian n=${n}, d=${d}`;

export interface HessianOptions {
  readonly n: number;
  readonly d: number;
  readonly warmup: number;
  readonly runs: number;
}
export interface HessianResult {
  readonly rows: Row[];
  readonly agreement: Agreement[];
  readonly skipped: string[];
}

const f64 = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export function hessianRows(o: HessianOptions = { n: 1000, d: 200, warmup: 2, runs: 9 }): HessianResult {
  const { n, d } = o;
  const problem = hessianProblem(n, d);
  const flops = 2 * n * d * d;
  const rows: Row[] = [],
    agreement: Agreement[] = [],
    skipped: string[] = [];
  const doc = derive(loadDocument(join(repoRoot(), "examples/logistic.tex")));
  const p = buildProgram(doc, closedForms(doc, [{ kind: "hessian", wrt: "w" }]));
  const g = rng("bench-hessian");
  const X = Float64Array.from(randn(n, d, g).data),
    w = Float64Array.from(randn(d, 1, g).data, (v) => 0.1 * v),
    y = Float64Array.from({ length: n }, () => (g.uniform() < 0.5 ? 1 : 0));
  const dir = mkdtempSync(join(tmpdir(), "texgrad-bench-hessian-"));
  try {
    let torchH: Float64Array | undefined;
    if (!pythonHas("numpy") || !pythonHas("torch")) {
      skipped.push(`SKIPPED the logistic Hessian numpy vs torch rows: ${PYTHON} cannot import numpy and torch`);
    } else {
      const kernel = join(dir, "kernel.py");
      writeFileSync(kernel, emitProgram(p, "numpy"));
      writeFileSync(join(dir, "in.bin"), Buffer.concat([f64(X), f64(w), f64(y)]));
      const args = [kernel, n, d, o.warmup, o.runs, join(dir, "in.bin"), join(dir, "H.bin")].map(String);
      const r = spawnSync(PYTHON, ["-c", SCRIPT, ...args], { encoding: "utf8", env: oneThreadEnv(), timeout: 600_000 });
      if (r.status !== 0)
        skipped.push(
          `FAILED the logistic Hessian python rows: ${(r.stderr || String(r.error)).trim().split("\n").pop()}`,
        );
      else {
        const j = JSON.parse(r.stdout) as { ours: Times; torch: Times; relErr: number };
        rows.push({
          problem,
          kernel: HESSIAN_KERNELS.numpy,
          stats: statsOf(j.ours),
          flops,
          peer: HESSIAN_KERNELS.torch,
        });
        rows.push({ problem, kernel: HESSIAN_KERNELS.torch, stats: statsOf(j.torch), flops });
        agreement.push({ problem, what: "emitted numpy vs torch.autograd", relErr: j.relErr, tolerance: 1e-10 });
        const b = readFileSync(join(dir, "H.bin"));
        torchH = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      }
    }
    const k = loadJsKernel(emitProgram(p, "js"));
    const inputs = { X: { shape: [n, d], data: X }, w: { shape: [d], data: w }, y: { shape: [n], data: y } };
    const hessianW = k.hessian_w as (i: typeof inputs) => { data: ArrayLike<number> };
    const jsRow: Row = {
      problem,
      kernel: HESSIAN_KERNELS.js,
      stats: statsOf(timeRuns(() => hessianW(inputs), Math.min(o.warmup, 2), Math.min(o.runs, 11))),
      flops,
      ...(torchH ? { peer: HESSIAN_KERNELS.torch } : {}),
    };
    rows.splice(1, 0, jsRow);
    if (torchH) {
      const h = hessianW(inputs).data;
      let num = 0,
        den = 0;
      for (let i = 0; i < torchH.length; i++) {
        num += (h[i] - torchH[i]) ** 2;
        den += torchH[i] ** 2;
      }
      agreement.push({ problem, what: "emitted JS vs torch.autograd", relErr: Math.sqrt(num / den), tolerance: 1e-10 });
    }
    return { rows, agreement, skipped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
