// The logistic-regression Hessian, n = 1000, d = 200: texgrad's emitted numpy `hessian_w` (the closed form
// Xᵀ diag(σ ⊙ (1 − σ)) X, lowered as (Xᵀ ⊙ vᵀ) X: no n×n matrix) against torch.autograd.functional.hessian of the
// same loss −Σ[y log σ(Xw) + (1 − y) log(1 − σ(Xw))], in one python process, same float64 inputs; warm-up, then
// medians (with p10 / p90) of interleaved runs. Then the emitted JS `hessian_w` in this process. The loss is
// examples/logistic.tex.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDocument } from "../src/parse/document.js";
import { derive } from "../src/derive/reverse.js";
import { buildProgram } from "../src/codegen/ir.js";
import { emitProgram } from "../src/codegen/emit.js";
import { closedForms } from "../src/codegen/extras.js";
import { loadJsKernel } from "../src/codegen/verify/js.js";
import { pythonHas, PYTHON } from "../src/codegen/verify/python.js";
import { randn, rng } from "../src/numeric/index.js";

const N = 1000,
  D = 200,
  RUNS = 9;

const SCRIPT = String.raw`import importlib.util, json, sys, time
import numpy as np, torch
from torch.autograd.functional import hessian
spec = importlib.util.spec_from_file_location("kernel", sys.argv[1])
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
n, d, runs = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
g = np.random.default_rng(0)
X = g.standard_normal((n, d)); w = 0.1 * g.standard_normal(d); y = (g.random(n) < 0.5).astype(np.float64)
Xt, yt, wt = torch.from_numpy(X), torch.from_numpy(y), torch.from_numpy(w)
def loss(v):
    p = torch.sigmoid(Xt @ v)
    return -(yt @ torch.log(p) + (1 - yt) @ torch.log(1 - p))
ours = lambda: mod.hessian_w(y, X, w)
theirs = lambda: hessian(loss, wt)
for _ in range(2):
    ours(); theirs()
t_ours, t_theirs = [], []
for _ in range(runs):
    t0 = time.perf_counter(); ours(); t_ours.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); theirs(); t_theirs.append(time.perf_counter() - t0)
H, Ht = ours(), theirs().numpy()
err = float(np.linalg.norm(H - Ht) / np.linalg.norm(Ht))
print(json.dumps({"ours": t_ours, "torch": t_theirs, "relErr": err, "shape": list(H.shape), "threads": torch.get_num_threads(),
                  "numpy": np.__version__, "torch_version": torch.__version__}))
`;

const EXAMPLE = fileURLToPath(new URL("../../examples/logistic.tex", import.meta.url));

function stats(times: readonly number[]): { median: number; p10: number; p90: number } {
  const t = [...times].sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9) };
}
const line = (name: string, s: { median: number; p10: number; p90: number }, runs: number) =>
  `${name.padEnd(48)} median ${s.median.toFixed(2).padStart(8)} ms   p10 ${s.p10.toFixed(2)}   p90 ${s.p90.toFixed(2)}   (${runs} runs)`;

export function benchHessian(
  measure: (name: string, f: () => unknown, o?: { warmup?: number; runs?: number }) => number,
): void {
  console.log(`\nlogistic-regression Hessian, n = ${N}, d = ${D} (float64)`);
  const dir = mkdtempSync(join(tmpdir(), "texgrad-bench-"));
  try {
    const d = derive(loadDocument(EXAMPLE));
    const p = buildProgram(d, closedForms(d, [{ kind: "hessian", wrt: "w" }]));
    if (!pythonHas("numpy") || !pythonHas("torch")) {
      console.log(`  SKIPPED the numpy vs torch comparison: ${PYTHON} cannot import numpy and torch`);
    } else {
      const kernel = join(dir, "kernel.py");
      writeFileSync(kernel, emitProgram(p, "numpy"));
      const r = spawnSync(PYTHON, ["-c", SCRIPT, kernel, String(N), String(D), String(RUNS)], {
        encoding: "utf8",
        timeout: 600_000,
      });
      if (r.status !== 0)
        console.log(`  FAILED: ${(r.stderr || String(r.error)).trim().split("\n").slice(-3).join(" | ")}`);
      else {
        const j = JSON.parse(r.stdout) as {
          ours: number[];
          torch: number[];
          relErr: number;
          shape: number[];
          threads: number;
          numpy: string;
          torch_version: string;
        };
        const ms = (xs: number[]) => stats(xs.map((x) => x * 1000));
        const ours = ms(j.ours),
          theirs = ms(j.torch);
        console.log(line("numpy hessian_w (emitted closed form)", ours, j.ours.length));
        console.log(line("torch.autograd.functional.hessian", theirs, j.torch.length));
        const ratio = theirs.median / ours.median;
        console.log(
          `  ratio torch / texgrad: ${ratio.toFixed(1)}x — target 10x ${ratio >= 10 ? "met" : "NOT met"}; ` +
            `H is ${j.shape.join("×")}, agrees with torch to ${j.relErr.toExponential(1)} (numpy ${j.numpy}, torch ${j.torch_version}, ${j.threads} threads)`,
        );
      }
    }
    const k = loadJsKernel(emitProgram(p, "js"));
    const g = rng("bench-hessian");
    const X = randn(N, D, g),
      w = randn(D, 1, g);
    const inputs = {
      X: { shape: [N, D], data: X.data },
      w: { shape: [D], data: w.data.map((v) => 0.1 * v) },
      y: { shape: [N], data: Float64Array.from({ length: N }, () => (g.uniform() < 0.5 ? 1 : 0)) },
    };
    const hessianW = k.hessian_w as (i: typeof inputs) => unknown;
    measure("js hessian_w (emitted closed form)", () => hessianW(inputs), { warmup: 2, runs: 5 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
