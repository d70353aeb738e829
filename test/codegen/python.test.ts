// NumPy and PyTorch kernels against torch.autograd (float64): for each case, the gradients of the emitted
// numpy and torch modules are compared with torch.autograd.grad through the torch module's forward code
// (and, for attention, through an independent hand-written torch expression); Kernel passes
// torch.autograd.gradcheck. One python3 process runs every case. Skipped, visibly, without numpy/torch.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { makeSample } from "../../src/codegen/verify/job.js";
import { pythonHas, PYTHON } from "../../src/codegen/verify/python.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive, type Derivation } from "../../src/derive/reverse.js";
import { derivationOf } from "./helpers.js";
import { CASES } from "./cases.js";

const HARNESS = String.raw`import importlib.util, json, sys
import numpy as np, torch
def load(path):
    spec = importlib.util.spec_from_file_location("k%d" % abs(hash(path)), path)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m
def rel(a, b):
    a = np.asarray(a, dtype=np.float64).reshape(-1); b = np.asarray(b, dtype=np.float64).reshape(-1)
    d = np.linalg.norm(a - b)
    return 0.0 if d == 0 else float(d / max(np.linalg.norm(a), np.linalg.norm(b), 1e-300))
def tensor(v):
    return torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) if isinstance(v, dict) else torch.tensor(float(v), dtype=torch.float64)
out = []
for job in json.load(sys.stdin):
    npm, thm = load(job["numpy"]), load(job["torch"])
    keys = list(thm.INPUTS)
    xs = {k: tensor(job["base"][k]).requires_grad_(k in job["wrt"]) for k in keys}
    seed = tensor(job["seed"])
    inner = [thm._input(xs[k], job["layouts"][k], k) for k in keys]
    y = thm._output(thm._forward(*inner)[0], job["out_layout"])
    refs = {"autograd": dict(zip(job["wrt"], torch.autograd.grad((y * seed).sum(), [xs[k] for k in job["wrt"]])))}
    if job.get("reference"):
        y2 = eval(job["reference"], {"torch": torch, **xs})
        refs["hand-written"] = dict(zip(job["wrt"], torch.autograd.grad((y2 * seed).sum(), [xs[k] for k in job["wrt"]])))
    g_np = npm.gradients(seed.numpy(), *[xs[k].detach().numpy() for k in keys])
    with torch.no_grad():
        g_th = thm.gradients(seed, *[xs[k].detach() for k in keys])
    errs = {}
    for name, ref in refs.items():
        for k in job["wrt"]:
            errs["numpy/%s/%s" % (name, k)] = rel(g_np[k], ref[k].detach().numpy())
            errs["torch/%s/%s" % (name, k)] = rel(g_th[k].numpy(), ref[k].detach().numpy())
    errs["forward numpy/torch"] = rel(npm.forward(*[xs[k].detach().numpy() for k in keys]), y.detach().numpy())
    ok = torch.autograd.gradcheck(lambda *a: thm.forward(*a), tuple(xs[k] for k in keys), eps=1e-6, atol=1e-5, rtol=1e-4, raise_exception=False)
    out.append({"name": job["name"], "errors": errs, "gradcheck": bool(ok)})
print(json.dumps(out))
`;

const available = pythonHas("numpy") && pythonHas("torch");
if (!available)
  console.warn(`SKIPPED: ${PYTHON} cannot import numpy and torch; the numpy/torch kernel tests did not run`);

const ATTENTION_REF = "torch.softmax((X @ W_q) @ (X @ W_k).T / (W_q.shape[1] ** 0.5), dim=1) @ (X @ W_v)";

describe.runIf(available)("numpy and torch kernels vs torch.autograd", () => {
  const cases: [string, Derivation, string?][] = [
    ["attention", derive(loadDocument("examples/attention.tex")), ATTENTION_REF],
    ...Object.entries(CASES).map(([name, text]): [string, Derivation] => [name, derivationOf(text)]),
  ];
  const dir = mkdtempSync(join(tmpdir(), "texgrad-pytest-"));
  const jobs = cases.map(([name, d, reference], i) => {
    const p = buildProgram(d);
    const s = makeSample(d, p, i + 1);
    writeFileSync(join(dir, `k${i}_np.py`), emitProgram(p, "numpy"));
    writeFileSync(join(dir, `k${i}_th.py`), emitProgram(p, "torch"));
    return {
      name,
      reference,
      numpy: join(dir, `k${i}_np.py`),
      torch: join(dir, `k${i}_th.py`),
      base: s.base,
      seed: s.seed,
      wrt: p.inputs.filter((x) => x.grad !== null).map((x) => x.key),
      layouts: Object.fromEntries(p.inputs.map((x) => [x.key, x.layout])),
      out_layout: p.output.layout,
    };
  });
  let results: { name: string; errors: Record<string, number>; gradcheck: boolean }[] = [];
  test("python3 runs every case", () => {
    const r = spawnSync(PYTHON, ["-c", HARNESS], {
      input: JSON.stringify(jobs),
      encoding: "utf8",
      maxBuffer: 1 << 26,
      timeout: 300_000,
    });
    expect(r.stderr.split("\n").filter((l) => /Error|Traceback/.test(l))).toEqual([]);
    results = JSON.parse(r.stdout);
    expect(results.map((x) => x.name)).toEqual(cases.map((c) => c[0]));
  }, 300_000);
  for (const [name] of cases) {
    test(`${name}: gradients agree (< 1e-9 relative) and gradcheck passes`, () => {
      const r = results.find((x) => x.name === name)!;
      expect(r).toBeDefined();
      for (const [k, e] of Object.entries(r.errors)) expect(e, k).toBeLessThan(1e-9);
      expect(r.gradcheck).toBe(true);
    });
  }
  test("attention is checked against a hand-written torch expression", () => {
    const r = results.find((x) => x.name === "attention")!;
    expect(Object.keys(r.errors).filter((k) => k.includes("hand-written"))).toHaveLength(8);
  });
});
