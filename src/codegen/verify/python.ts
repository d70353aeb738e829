// Running a numpy or torch kernel: the module and a harness in a temporary folder, /usr/bin/python3 in a
// subprocess, the job as JSON on stdin and the result as JSON on stdout. The torch harness also runs
// torch.autograd.gradcheck on Kernel (float64) and reports it as a note.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Job, Result } from "./job.js";

export const PYTHON = process.env.TEXGRAD_PYTHON ?? "/usr/bin/python3";

const HARNESS = String.raw`import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("kernel", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
backend = sys.argv[2]
job = json.load(sys.stdin)
import numpy as np
if backend == "torch":
    import torch
    def conv(v, grad=False):
        t = torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) if isinstance(v, dict) else torch.tensor(float(v), dtype=torch.float64)
        return t.requires_grad_(grad)
    def out(v):
        a = torch.as_tensor(v).detach().numpy()
        return float(a) if a.ndim == 0 else {"shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}
else:
    def conv(v, grad=False):
        return np.array(v["data"], dtype=np.float64).reshape(v["shape"]) if isinstance(v, dict) else float(v)
    def out(v):
        a = np.asarray(v, dtype=np.float64)
        return float(a) if a.ndim == 0 else {"shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}
keys = list(mod.INPUTS)
outputs = [out(mod.forward(*[conv(p[k]) for k in keys])) for p in job["points"]]
grads = mod.gradients(conv(job["seed"]), *[conv(job["base"][k]) for k in keys])
notes = []
if backend == "torch" and not job["wrt"]:
    notes.append("torch.autograd.gradcheck: not run (the output depends on no input)")
elif backend == "torch":
    xs = tuple(conv(job["base"][k], k in job["wrt"]) for k in keys)
    ok = torch.autograd.gradcheck(lambda *a: mod.forward(*a), xs, eps=1e-6, atol=1e-5, rtol=1e-4, raise_exception=False)
    notes.append("torch.autograd.gradcheck: " + ("passed" if ok else "FAILED"))
    if not ok:
        grads = {}
extras = {fn: out(getattr(mod, fn)(*[conv(job["base"][k]) for k in keys])) for fn in job.get("extras", [])}
print(json.dumps({"outputs": outputs, "gradients": {k: out(v) for k, v in grads.items()}, "notes": notes, "extras": extras}))
`;

const probes = new Map<string, boolean>();
/** Whether /usr/bin/python3 can import the module (numpy, torch). */
export function pythonHas(module: "numpy" | "torch"): boolean {
  let ok = probes.get(module);
  if (ok === undefined) {
    ok =
      existsSync(PYTHON) &&
      spawnSync(PYTHON, ["-c", `import ${module}`], { stdio: "ignore", timeout: 120_000 }).status === 0;
    probes.set(module, ok);
  }
  return ok;
}

export function runPython(text: string, backend: "numpy" | "torch", job: Job): Result {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-py-"));
  try {
    const kernel = join(dir, "kernel.py"),
      harness = join(dir, "harness.py");
    writeFileSync(kernel, text);
    writeFileSync(harness, HARNESS);
    const r = spawnSync(PYTHON, [harness, kernel, backend], {
      input: JSON.stringify(job),
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: 600_000,
    });
    if (r.status !== 0)
      throw new Error(
        `${backend} kernel failed: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-6).join("\n")}`,
      );
    return JSON.parse(r.stdout) as Result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
