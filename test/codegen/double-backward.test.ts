// Second derivatives through the torch kernel: Kernel.backward must itself be differentiable, so that
// torch.autograd.gradgradcheck passes and torch.autograd.functional.hessian through a kernel is right (it was
// silently zero when backward used values saved without a graph). Every example in examples/, every row of
// ../shared/identities.md (as the identities test reads them) and the IR cases; for a scalar output, the Hessian
// in the first input through Kernel equals the one autograd takes through the forward code. One python3 process.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
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

/** The identities table, read from the derive tests (as test/codegen/js.test.ts does). */
const IDENTITIES: [number, string][] = [
  ...readFileSync("test/derive/identities.test.ts", "utf8").matchAll(/^\s*\[(\d+), "((?:[^"\\]|\\.)*)", "(\w+)"/gm),
].map((m) => [Number(m[1]), JSON.parse(`"${m[2]}"`)]);

const HARNESS = String.raw`import importlib.util, json, sys
import torch
out = []
for job in json.load(sys.stdin):
    spec = importlib.util.spec_from_file_location("k%d" % len(out), job["torch"])
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    def tensor(v, k):
        t = torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) if isinstance(v, dict) else torch.tensor(float(v), dtype=torch.float64)
        return t.requires_grad_(k in job["wrt"])
    xs = tuple(tensor(job["base"][k], k) for k in m.INPUTS)
    ok = torch.autograd.gradgradcheck(m.forward, xs, eps=1e-6, atol=1e-5, rtol=1e-4, raise_exception=False)
    hess = None
    if m.OUTPUT_SHAPE == () and job["wrt"]:
        # the Hessian through Kernel against the Hessian of torch's own autograd through _forward
        i = list(m.INPUTS).index(job["wrt"][0])
        def f(x, through):
            a = list(xs); a[i] = x
            if through:
                return m.forward(*a)
            inner = [m._input(v, job["layouts"][k], k) for v, k in zip(a, m.INPUTS)]
            return m._output(m._forward(*inner)[0], "scalar")
        x0 = xs[i].detach()
        h1 = torch.autograd.functional.hessian(lambda x: f(x, True), x0)
        h2 = torch.autograd.functional.hessian(lambda x: f(x, False), x0)
        hess = float((h1 - h2).norm() / max(h2.norm(), 1e-300)) if h2.norm() > 0 else float(h1.norm())
    out.append({"name": job["name"], "gradgradcheck": bool(ok), "hessian": hess})
print(json.dumps(out))
`;

const available = pythonHas("torch");
if (!available) console.warn(`SKIPPED: ${PYTHON} cannot import torch; the torch double-backward tests did not run`);

const dir = mkdtempSync(join(tmpdir(), "texgrad-gradgrad-"));

describe.runIf(available)("torch kernels: backward is differentiable (gradgradcheck)", () => {
  const examples = readdirSync("examples")
    .filter((f) => /\.(tex|md)$/.test(f))
    .sort();
  const cases: [string, Derivation][] = [
    ...examples.map((f): [string, Derivation] => [`examples/${f}`, derive(loadDocument(join("examples", f)))]),
    ...IDENTITIES.map(([n, f]): [string, Derivation] => [`identity #${n}: ${f}`, derivationOf(`f = ${f}\n`)]),
    ...Object.entries(CASES).map(([name, text]): [string, Derivation] => [name, derivationOf(text)]),
  ];
  const jobs = cases.map(([name, d], i) => {
    const p = buildProgram(d);
    const s = makeSample(d, p, i + 7);
    writeFileSync(join(dir, `k${i}_th.py`), emitProgram(p, "torch"));
    return {
      name,
      torch: join(dir, `k${i}_th.py`),
      base: s.base,
      wrt: p.inputs.filter((x) => x.grad !== null).map((x) => x.key),
      layouts: Object.fromEntries(p.inputs.map((x) => [x.key, x.layout])),
    };
  });
  let results: { name: string; gradgradcheck: boolean; hessian: number | null }[] = [];
  test("python3 runs every case", () => {
    const r = spawnSync(PYTHON, ["-c", HARNESS], {
      input: JSON.stringify(jobs),
      encoding: "utf8",
      maxBuffer: 1 << 26,
      timeout: 600_000,
    });
    expect(r.stderr.split("\n").filter((l) => /Error|Traceback/.test(l))).toEqual([]);
    results = JSON.parse(r.stdout);
    expect(results.map((x) => x.name)).toEqual(cases.map((c) => c[0]));
  }, 600_000);
  for (const [name] of cases) {
    test(`${name}: gradgradcheck passes, the Hessian through Kernel is autograd's`, () => {
      const r = results.find((x) => x.name === name)!;
      expect(r).toBeDefined();
      expect(r.gradgradcheck).toBe(true);
      if (r.hessian !== null) expect(r.hessian).toBeLessThan(1e-9);
    });
  }
});
