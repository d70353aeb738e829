// The torch target follows its inputs' dtype and device (issue 14): float32 tensors in give a float32 output and
// float32 gradients (close to the float64 ones), float32 with float64 promotes to float64 as torch does, numbers
// and lists are float64, a batched (3-D) input is a clear ValueError, and every tensor the kernel creates takes the
// inputs' dtype and device (statically: no torch.ones/zeros/eye/tensor/arange without `**_o`, `dtype=x.dtype`
// or `device=`; at run time: inputs on the meta device give outputs and gradients on the meta device). Every
// example in examples/ and every IR case of ./cases.ts. One python3 process.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
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
import torch
out = []
for job in json.load(sys.stdin):
    spec = importlib.util.spec_from_file_location("k%d" % len(out), job["torch"])
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    r = {"name": job["name"], "problems": []}
    def arr(v, dtype, device="cpu"):
        if isinstance(v, dict):
            return torch.tensor(v["data"], dtype=dtype, device=device).reshape(v["shape"])
        return torch.tensor(float(v), dtype=dtype, device=device)
    base = job["base"]
    names = list(m.INPUTS)
    x64 = [arr(base[k], torch.float64) for k in names]
    x32 = [arr(base[k], torch.float32) for k in names]
    o64 = m.forward(*x64)
    seed64 = None if m.OUTPUT_SHAPE == () else torch.randn(o64.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    g64 = m.gradients(seed64, *x64)
    o32 = m.forward(*x32)
    g32 = m.gradients(None if seed64 is None else seed64.float(), *x32)
    if o32.dtype != torch.float32:
        r["problems"].append("forward in float32 gave %s" % o32.dtype)
    for k, v in g32.items():
        if v.dtype != torch.float32:
            r["problems"].append("gradient %s in float32 gave %s" % (k, v.dtype))
    def close(a, b):
        return float((a.double() - b).norm()) <= 1e-3 * max(float(b.norm()), 1.0)
    if not close(o32, o64):
        r["problems"].append("float32 forward differs from float64")
    for k in g64:
        if not close(g32[k], g64[k]):
            r["problems"].append("float32 gradient %s differs from float64" % k)
    # through Kernel with autograd: float32 leaves get float32 .grad
    leaves = [x.clone().requires_grad_(k in job["wrt"]) for x, k in zip(x32, names)]
    y = m.forward(*leaves)
    (y if y.dim() == 0 else (y * torch.ones_like(y)).sum()).backward()
    for x, k in zip(leaves, names):
        if k in job["wrt"] and (x.grad is None or x.grad.dtype != torch.float32):
            r["problems"].append("autograd gradient of %s is not float32" % k)
    # mixed precision promotes; the meta device stays the meta device
    if len(names) > 1:
        mixed = [x32[0]] + x64[1:]
        if m.forward(*mixed).dtype != torch.float64:
            r["problems"].append("float32 with float64 did not promote to float64")
    meta = [arr(base[k], torch.float64, "meta") for k in names]
    if m.forward(*meta).device.type != "meta":
        r["problems"].append("forward on the meta device left it")
    gm = m.gradients(None if seed64 is None else seed64.to("meta"), *meta)
    for k, v in gm.items():
        if v.device.type != "meta":
            r["problems"].append("gradient %s on the meta device left it" % k)
    # numbers and nested lists are float64
    lists = [x.tolist() for x in x64]
    if m.forward(*lists).dtype != torch.float64:
        r["problems"].append("lists did not give float64")
    # a batched input is refused with a message that says so
    k0 = next((k for k, x in zip(names, x64) if x.dim() == 2), None)
    if k0 is not None:
        i = names.index(k0)
        batched = list(x64); batched[i] = torch.stack([x64[i], x64[i]])
        try:
            m.forward(*batched)
            r["problems"].append("a batched input was accepted")
        except ValueError as e:
            if "batched" not in str(e):
                r["problems"].append("batched input message: %s" % e)
    out.append(r)
print(json.dumps(out))
`;

const available = pythonHas("torch");
if (!available) console.warn(`SKIPPED: ${PYTHON} cannot import torch; the torch dtype and device tests did not run`);

const dir = mkdtempSync(join(tmpdir(), "texgrad-dtype-"));

describe.runIf(available)("torch kernels: dtype and device follow the inputs", () => {
  const examples = readdirSync("examples")
    .filter((f) => /\.(tex|md)$/.test(f))
    .sort();
  const cases: [string, Derivation][] = [
    ...examples.map((f): [string, Derivation] => [`examples/${f}`, derive(loadDocument(join("examples", f)))]),
    ...Object.entries(CASES).map(([name, text]): [string, Derivation] => [name, derivationOf(text)]),
  ];
  const sources = new Map<string, string>();
  const jobs = cases.map(([name, d], i) => {
    const p = buildProgram(d);
    const s = makeSample(d, p, i + 11);
    const code = emitProgram(p, "torch");
    sources.set(name, code);
    writeFileSync(join(dir, `k${i}_th.py`), code);
    return {
      name,
      torch: join(dir, `k${i}_th.py`),
      base: s.base,
      wrt: p.inputs.filter((x) => x.grad !== null).map((x) => x.key),
    };
  });

  test("no tensor is created without the inputs' dtype and device", () => {
    for (const [name, code] of sources) {
      const bad = code
        .split("\n")
        .filter((l) => !/^\s*#/.test(l))
        .flatMap((l) =>
          [...l.matchAll(/torch\.(ones|zeros|eye|tensor|full|arange|empty)\((?:[^()]|\([^()]*\))*\)/g)].map(
            (m) => m[0],
          ),
        )
        .filter((c) => !/\*\*_o|\*\*o\b|\*\*_like\(|device=/.test(c));
      expect(bad, name).toEqual([]);
    }
  });

  test("float32, mixed precision, meta device, lists and batched inputs", () => {
    const r = spawnSync(PYTHON, ["-c", HARNESS], {
      input: JSON.stringify(jobs),
      encoding: "utf8",
      maxBuffer: 1 << 26,
      timeout: 600_000,
    });
    expect(r.stderr.split("\n").filter((l) => /Error|Traceback/.test(l))).toEqual([]);
    const results: { name: string; problems: string[] }[] = JSON.parse(r.stdout);
    expect(results.map((x) => x.name)).toEqual(cases.map((c) => c[0]));
    for (const x of results) expect(x.problems, x.name).toEqual([]);
  });
});
