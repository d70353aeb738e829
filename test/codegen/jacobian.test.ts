// `emit --jacobian X` / `--hessian X`: jacobian_X and hessian_X computed from the closed forms. The JS functions
// against central differences of the emitted module's own `forward` on random sizes (three draws each); the numpy
// (and torch) functions against torch.autograd.functional.jacobian / hessian of hand-written torch functions, in one
// python3 process (skipped, visibly, without torch); the CLI's errors and `verify`; diag(v) M without diag(v).
import { describe, expect, test, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocument } from "../../src/parse/document.js";
import { derive, type Derivation } from "../../src/derive/reverse.js";
import { buildProgram, type Program } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { closedForms, type ExtraRequest } from "../../src/codegen/extras.js";
import { makeSample, fromBoundary, toBoundary, type Boundary, type Point } from "../../src/codegen/verify/job.js";
import { loadJsKernel } from "../../src/codegen/verify/js.js";
import { pythonHas, PYTHON } from "../../src/codegen/verify/python.js";
import { verifyProgram } from "../../src/codegen/verify/index.js";
import { fdGradient, fdJacobian, relErr, type Mat, type Value } from "../../src/numeric/index.js";
import { main } from "../../src/cli/main.js";
import { checkJs, derivationOf, docOf, worst } from "./helpers.js";

const V = (x: string, n = "n") => `\\mathbf{${x}} \\in \\mathbb{R}^{${n}}`;
const LOGISTIC = `X \\in \\mathbb{R}^{n \\times d}\n${V("w", "d")}\n${V("y")}\nf = -\\left(\\mathbf{y}^\\top \\log(\\sigma(X\\mathbf{w})) + (\\mathbf{1} - \\mathbf{y})^\\top \\log(\\mathbf{1} - \\sigma(X\\mathbf{w}))\\right)\n`;

interface Case {
  readonly name: string;
  readonly source: () => Derivation;
  readonly kind: ExtraRequest["kind"];
  readonly wrt: string;
  /** The same function in torch, of a dict t of tensors (vectors 1-D), for torch.autograd.functional. */
  readonly torch: string;
}
const fromText = (text: string, of?: string) => () => derivationOf(text, of ? { of } : {});
const fromFile = (file: string, of?: string) => () => derive(loadDocument(`examples/${file}`), of ? { of } : {});
const CASES: Case[] = [
  {
    name: "softmax of a vector",
    kind: "jacobian",
    wrt: "z",
    source: fromText(`${V("z")}\n\\mathbf{s} = \\operatorname{softmax}(\\mathbf{z})\n`),
    torch: "torch.softmax(t['z'], 0)",
  },
  {
    name: "layer norm of a vector, then γ ⊙ x̂ + β",
    kind: "jacobian",
    wrt: "x",
    source: fromFile("layernorm-jacobian.tex", "y"),
    torch: "t['gamma'] * F.layer_norm(t['x'], (t['x'].shape[0],), eps=1e-5) + t['beta']",
  },
  {
    name: "layer norm of each row",
    kind: "jacobian",
    wrt: "X",
    source: fromFile("layernorm-jacobian.tex", "Y"),
    torch: "F.layer_norm(t['X'], (t['X'].shape[1],), eps=1e-5)",
  },
  {
    name: "elementwise map tanh(X) ⊙ X",
    kind: "jacobian",
    wrt: "X",
    source: fromText("X \\in \\mathbb{R}^{n \\times d}\nY = \\tanh(X) \\odot X\n"),
    torch: "torch.tanh(t['X']) * t['X']",
  },
  {
    name: "affine map W x + b",
    kind: "jacobian",
    wrt: "x",
    source: fromText(
      `${V("x")}\nW \\in \\mathbb{R}^{m \\times n}\n${V("b", "m")}\n\\mathbf{y} = W \\mathbf{x} + \\mathbf{b}\n`,
    ),
    torch: "t['W'] @ t['x'] + t['b']",
  },
  {
    name: "affine map W x + b, by W",
    kind: "jacobian",
    wrt: "W",
    source: fromText(
      `${V("x")}\nW \\in \\mathbb{R}^{m \\times n}\n${V("b", "m")}\n\\mathbf{y} = W \\mathbf{x} + \\mathbf{b}\n`,
    ),
    torch: "t['W'] @ t['x'] + t['b']",
  },
  {
    name: "attention O by X",
    kind: "jacobian",
    wrt: "X",
    source: fromFile("attention.tex"),
    torch:
      "torch.softmax((t['X'] @ t['W_q']) @ (t['X'] @ t['W_k']).T / t['W_q'].shape[1] ** 0.5, 1) @ (t['X'] @ t['W_v'])",
  },
  {
    name: "xᵀ A x",
    kind: "hessian",
    wrt: "x",
    source: fromText(`${V("x")}\nA \\in \\mathbb{R}^{n \\times n}\nf = \\mathbf{x}^\\top A \\mathbf{x}\n`),
    torch: "t['x'] @ t['A'] @ t['x']",
  },
  {
    name: "logistic regression loss",
    kind: "hessian",
    wrt: "w",
    source: fromText(LOGISTIC),
    torch:
      "-(t['y'] @ torch.log(torch.sigmoid(t['X'] @ t['w'])) + (1 - t['y']) @ torch.log(1 - torch.sigmoid(t['X'] @ t['w'])))",
  },
  {
    name: "log-sum-exp",
    kind: "hessian",
    wrt: "z",
    source: fromText(`${V("z")}\nf = \\log \\mathbf{1}^\\top \\exp(\\mathbf{z})\n`),
    torch: "torch.logsumexp(t['z'], 0)",
  },
  {
    name: "tr(Xᵀ B X) by a matrix X",
    kind: "hessian",
    wrt: "X",
    source: fromText(
      "X \\in \\mathbb{R}^{n \\times d}\nB \\in \\mathbb{R}^{n \\times n}\nf = \\operatorname{tr}(X^\\top B X)\n",
    ),
    torch: "torch.trace(t['X'].T @ t['B'] @ t['X'])",
  },
];
const SEEDS = [1, 2, 3];

function programOf(c: Case): { d: Derivation; p: Program } {
  const d = c.source();
  return { d, p: buildProgram(d, closedForms(d, [{ kind: c.kind, wrt: c.wrt }])) };
}

/** The module's forward as a function of one input (the others at `base`), on internal values. */
function forwardOf(k: ReturnType<typeof loadJsKernel>, base: Point, key: string, layout: string): (v: Value) => Value {
  return (v) => fromBoundary(k.forward({ ...base, [key]: toBoundary(v, layout as "scalar") }));
}

describe("jacobian_X and hessian_X (js) against central differences of the module's forward", () => {
  for (const c of CASES) {
    test(`${c.kind}: ${c.name}`, () => {
      const { d, p } = programOf(c);
      const x = p.extras[0];
      expect(x.fn).toBe(`${c.kind}_${c.wrt}`);
      const k = loadJsKernel(emitProgram(p, "js"));
      for (const seed of SEEDS) {
        const s = makeSample(d, p, seed);
        const input = p.inputs.find((i) => i.key === x.input)!;
        const f = forwardOf(k, s.base, input.key, input.layout);
        const at = fromBoundary(s.base[input.key]);
        // a Hessian is the Jacobian of the gradient: nested five-point stencils (rounding ≈ 6·10⁻¹⁰ |f|)
        const want = fdJacobian(c.kind === "jacobian" ? f : (v: Value) => fdGradient(f, v, { order: 4 }), at, {
          order: 4,
        });
        const got = (k[x.fn] as (i: Point) => Boundary)(s.base) as { shape: number[]; data: Float64Array };
        expect(got.shape, `seed ${seed}`).toEqual([want.rows, want.cols]);
        expect(relErr(fromBoundary(got), want), `seed ${seed}, sizes ${JSON.stringify([...s.sizes])}`).toBeLessThan(
          1e-6,
        );
      }
    });
  }
});

const HARNESS = String.raw`import importlib.util, json, sys
import numpy as np, torch
import torch.nn.functional as F
from torch.autograd.functional import hessian, jacobian
def load(path):
    spec = importlib.util.spec_from_file_location("k%d" % abs(hash(path)), path)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m
def rel(a, b):
    a = np.asarray(a, dtype=np.float64); b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape: return float("inf")
    d = np.linalg.norm(a - b)
    return 0.0 if d == 0 else float(d / max(np.linalg.norm(a), np.linalg.norm(b), 1e-300))
out = []
for job in json.load(sys.stdin):
    npm, thm = load(job["numpy"]), load(job["torch"])
    keys = list(npm.INPUTS)
    base = {k: (np.array(v["data"], dtype=np.float64).reshape(v["shape"]) if isinstance(v, dict) else float(v)) for k, v in job["base"].items()}
    t = {k: torch.tensor(v, dtype=torch.float64) for k, v in base.items()}
    f = eval("lambda t: " + job["expr"], {"torch": torch, "F": F})
    x = t[job["wrt"]]
    g = lambda v: f({**t, job["wrt"]: v})
    n = x.numel()
    ref = (jacobian(g, x).reshape(-1, n) if job["kind"] == "jacobian" else hessian(g, x).reshape(n, n)).numpy()
    mine = getattr(npm, job["fn"])(*[base[k] for k in keys])
    theirs = getattr(thm, job["fn"])(*[t[k] for k in keys])
    out.append({"name": job["name"], "numpy": rel(mine, ref), "torch": rel(theirs.numpy(), ref), "type": type(mine).__name__, "ndim": int(np.ndim(mine))})
print(json.dumps(out))
`;

const haveTorch = pythonHas("numpy") && pythonHas("torch");
if (!haveTorch)
  console.warn(
    `SKIPPED: ${PYTHON} cannot import numpy and torch; numpy jacobian_X / hessian_X were not compared with torch.autograd.functional`,
  );

describe.runIf(haveTorch)("numpy (and torch) jacobian_X / hessian_X against torch.autograd.functional", () => {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-jac-py-"));
  const jobs = CASES.flatMap((c, i) => {
    const { d, p } = programOf(c);
    writeFileSync(join(dir, `k${i}_np.py`), emitProgram(p, "numpy"));
    writeFileSync(join(dir, `k${i}_th.py`), emitProgram(p, "torch"));
    return SEEDS.map((seed) => ({
      name: `${c.name}, seed ${seed}`,
      kind: c.kind,
      wrt: p.extras[0].input,
      fn: p.extras[0].fn,
      expr: c.torch,
      numpy: join(dir, `k${i}_np.py`),
      torch: join(dir, `k${i}_th.py`),
      base: makeSample(d, p, seed + 10).base,
    }));
  });
  let results: { name: string; numpy: number; torch: number; type: string; ndim: number }[] = [];
  test("python3 answers every case", () => {
    const r = spawnSync(PYTHON, ["-c", HARNESS], {
      input: JSON.stringify(jobs),
      encoding: "utf8",
      maxBuffer: 1 << 26,
      timeout: 300_000,
    });
    expect(r.status, r.stderr).toBe(0);
    results = JSON.parse(r.stdout);
    expect(results).toHaveLength(jobs.length);
  }, 300_000);
  for (const c of CASES) {
    test(`${c.kind}: ${c.name}`, () => {
      for (const r of results.filter((x) => x.name.startsWith(`${c.name}, seed`))) {
        expect([r.type, r.ndim], r.name).toEqual(["ndarray", 2]);
        expect(r.numpy, `numpy ${r.name}`).toBeLessThan(1e-9);
        expect(r.torch, `torch ${r.name}`).toBeLessThan(1e-9);
      }
      expect(results.filter((x) => x.name.startsWith(`${c.name}, seed`))).toHaveLength(SEEDS.length);
    });
  }
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "",
    err = "";
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    out += `${a.join(" ")}\n`;
  });
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    err += `${a.join(" ")}\n`;
  });
  const write = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    return { code: await main(argv), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

describe("texgrad emit --jacobian / --hessian and verify", () => {
  const lr = docOf(LOGISTIC, "logistic.tex").file;
  test("numpy and js modules get hessian_w; the same bytes twice; the attention kernels unchanged", async () => {
    const np = await run("emit", lr, "--target", "numpy", "--hessian", "w");
    expect(np.code).toBe(0);
    expect(np.out).toMatch(/^def hessian_w\(y, X, w\):$/m);
    expect((await run("emit", lr, "--target", "numpy", "--hessian", "w")).out).toBe(np.out);
    const js = await run("emit", lr, "--target", "js", "--hessian", "w", "--jacobian", "X");
    expect(js.out).toMatch(/^export function hessian_w\(inputs\) \{$/m);
    expect(js.out).toMatch(/^export function jacobian_X\(inputs\) \{$/m);
    expect((await run("emit", "examples/attention.tex", "--target", "numpy")).out).toBe(
      readFileSync("test/codegen/golden/attention.numpy.py", "utf8"),
    );
  });
  test("the logistic Hessian never forms diag(σ ⊙ (1 − σ)): Xᵀ diag(v) X is quadform(X, v)", async () => {
    for (const [target, call] of [
      ["numpy", /H_w = _quadform\(X, /],
      ["js", /const H_w = R\.quadform\(X, /],
    ] as const) {
      const text = (await run("emit", lr, "--target", target, "--hessian", "w")).out;
      const body = text.slice(text.indexOf(target === "js" ? "export function hessian_w" : "def hessian_w"));
      expect(body).not.toMatch(/_diag\(|np\.diag|R\.diag\(/);
      expect(body).toMatch(call);
    }
  });
  test("a Hessian of a non-scalar output, an unknown or intermediate input: exit 2, located", async () => {
    const h = await run("emit", "examples/attention.tex", "--target", "numpy", "--hessian", "X");
    expect([h.code, h.err]).toEqual([
      2,
      expect.stringMatching(/attention\.tex:11:1: error: --hessian X: a Hessian needs a scalar output, but O is n×d_v/),
    ]);
    expect((await run("emit", "examples/attention.tex", "--jacobian", "Z")).err).toMatch(
      /attention\.tex:\d+:\d+: error: Z is not an input of O/,
    );
    expect((await run("emit", "examples/attention.tex", "--jacobian", "Q")).err).toMatch(
      /error: --jacobian Q: Q is not an input of the kernel/,
    );
  });
  test("the c target says that Jacobian and Hessian kernels are numpy, js and torch only (exit 2)", async () => {
    const c = await run("emit", lr, "--target", "c", "--hessian", "w");
    expect([c.code, c.err]).toEqual([
      2,
      expect.stringMatching(
        /logistic\.tex:4:1: error: cannot emit a c kernel: hessian_w: .* numpy, js and torch targets, not c/,
      ),
    ]);
  });
  test("f linear in x: the Hessian is zero", () => {
    const d = derivationOf(`${V("x")}\nA \\in \\mathbb{R}^{n \\times n}\nf = \\mathbf{x}^\\top A \\mathbf{x}\n`);
    const p = buildProgram(d, closedForms(d, [{ kind: "hessian", wrt: "A" }]));
    const k = loadJsKernel(emitProgram(p, "js"));
    const h = (k.hessian_A as (i: Point) => { shape: number[]; data: Float64Array })(makeSample(d, p, 1).base);
    expect(h.shape[0]).toBe(h.shape[1]);
    expect([...h.data].every((v) => v === 0)).toBe(true);
  });
  test("verify checks jacobian_X and hessian_w (js, and numpy when available)", async () => {
    const r = await run(
      "verify",
      lr,
      "--target",
      haveTorch ? "all" : "js",
      "--hessian",
      "w",
      "--jacobian",
      "X",
      "--json",
    );
    const j = JSON.parse(r.out);
    expect([r.code, j.passed]).toEqual([0, true]);
    const js = j.targets.find((t: { target: string }) => t.target === "js");
    expect(js.extras.map((x: { name: string }) => x.name)).toEqual(["jacobian_X", "hessian_w"]);
    for (const t of j.targets)
      for (const x of t.extras ?? []) expect(x.relErr, `${t.target} ${x.name}`).toBeLessThan(x.tolerance);
    if (haveTorch)
      expect(j.targets.find((t: { target: string }) => t.target === "c").notes.join()).toMatch(/not emitted for c/);
    const text = await run("verify", "examples/attention.tex", "--jacobian", "X");
    expect(text.out).toMatch(/jacobian_X\s+rel err \S+\s+ok/);
  }, 120_000);
});

describe("diag(v) M, M diag(v) and Mᵀ diag(v) M are lowered without the n×n diagonal matrix", () => {
  const CASES = [
    ["diag(v) X", "\\operatorname{diag}(\\mathbf{v}) X", "hadamard"],
    ["Xᵀ diag(v)", "X^\\top \\operatorname{diag}(\\mathbf{v})", "hadamard"],
    ["Xᵀ diag(v) X (v of both signs)", "X^\\top \\operatorname{diag}(\\mathbf{v}) X", "quadform"],
    ["Xᵀ (diag(v) X)", "X^\\top (\\operatorname{diag}(\\mathbf{v}) X)", "quadform"],
  ] as const;
  for (const [name, rhs, op] of CASES) {
    test(name, async () => {
      const d = derivationOf(`X \\in \\mathbb{R}^{n \\times d}\n${V("v")}\nY = \\tanh(${rhs})\n`);
      const p = buildProgram(d);
      expect(p.forward.some((i) => i.op === "diag")).toBe(false);
      expect(p.forward.some((i) => i.op === op)).toBe(true);
      for (const seed of [1, 2]) expect(worst(checkJs(d, seed, p))).toBeLessThan(1e-6);
      for (const target of haveTorch ? (["numpy", "torch", "c"] as const) : (["c"] as const)) {
        const r = await verifyProgram(d, p, target, 3);
        if (r.skipped) continue;
        expect(
          [r.forward, ...r.inputs.map((i) => i.relErr)].every((e) => e < 1e-6),
          `${target}: ${JSON.stringify(r)}`,
        ).toBe(true);
      }
    }, 60_000);
  }
});
