// Numerically stable kernels: logistic and softmax cross-entropy losses at logits of ±40, ±800 and ±1000, where
// log(σ(z)) computed literally is log(0) = −∞ (and its derivative divides by σ = 0). Every target's forward and
// gradients must be finite and within 1e-12 (relative, Frobenius norm) of a float64 reference written here in
// closed stable form: softplus(z) = max(z, 0) + log1p(e^{−|z|}), log softmax(z) = z − max − log Σ e^{z − max}.
import { describe, expect, test } from "vitest";
import { buildProgram, type Program } from "../../src/codegen/ir.js";
import { emitProgram, type Target } from "../../src/codegen/emit.js";
import type { Boundary, Job, Point, Result } from "../../src/codegen/verify/job.js";
import { loadJsKernel, runJsKernel } from "../../src/codegen/verify/js.js";
import { pythonHas, runPython } from "../../src/codegen/verify/python.js";
import { haveGcc, runC } from "../../src/codegen/verify/c.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive, forKernels, type Derivation } from "../../src/derive/reverse.js";
import { evaluateForward, makeSample } from "../../src/codegen/verify/job.js";
import { closedForms } from "../../src/codegen/extras.js";
import { derivationOf } from "./helpers.js";

const sp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sig = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const vec = (xs: number[]): Boundary => ({ shape: [xs.length], data: xs });
const mat = (rows: number[][]): Boundary => ({ shape: [rows.length, rows[0].length], data: rows.flat() });
const dataOf = (b: Boundary | undefined): number[] =>
  b === undefined ? [] : typeof b === "number" ? [b] : Array.from(b.data);

/** ‖a − b‖ / ‖b‖ (∞ when a is not finite or of another size). */
function rel(a: number[], b: number[]): number {
  if (a.length !== b.length || a.some((x) => !Number.isFinite(x))) return Infinity;
  let d = 0,
    n = 0;
  a.forEach((x, i) => {
    d += (x - b[i]) ** 2;
    n += b[i] ** 2;
  });
  return d === 0 ? 0 : Math.sqrt(d / n);
}

const TARGETS: Target[] = [
  "js",
  ...(pythonHas("numpy") ? ["numpy" as const] : []),
  ...(pythonHas("torch") ? ["torch" as const] : []),
  ...(haveGcc() ? ["c" as const] : []),
];
if (TARGETS.length < 4)
  console.warn(`SKIPPED: stability checked only for ${TARGETS.join(", ")} (no python3 numpy/torch or gcc)`);

function run(p: Program, target: Target, base: Point, sizes: Map<string, number>): Result {
  const job: Job = {
    points: [base],
    seed: 1,
    base,
    wrt: p.inputs.filter((x) => x.grad !== null).map((x) => x.key),
    extras: p.extras.map((x) => x.fn),
  };
  const text = emitProgram(p, target);
  switch (target) {
    case "js":
      return runJsKernel(loadJsKernel(text), job);
    case "numpy":
    case "torch":
      return runPython(text, target, job);
    case "c":
      return runC(text, p, sizes, job);
  }
}

const LOGITS = [40, 800, 1000];
/** Labels that agree and disagree with the sign of the logit: the loss has terms ≈ e^{−L} and ≈ L. */
const signs = [1, -1, 1, -1, 0.5, -0.25];
const labels = [1, 0, 0, 1, 1, 0];

interface Case {
  readonly name: string;
  readonly d: () => Derivation;
  /** Inputs at logit scale L, the sizes, the reference output and gradients. */
  readonly at: (L: number) => { base: Point; sizes: Map<string, number>; f: number; grads: Record<string, number[]> };
}

const logitCase = (L: number) => signs.map((s) => s * L);
const CASES: Case[] = [
  {
    name: "logistic loss of the logits, -(yᵀ log σ(z) + (1 − y)ᵀ log(1 − σ(z)))",
    d: () =>
      derivationOf(
        "\\mathbf{z} \\in \\mathbb{R}^{n}\n\\mathbf{y} \\in \\mathbb{R}^{n}\nf = -\\left(\\mathbf{y}^\\top \\log(\\sigma(\\mathbf{z})) + (\\mathbf{1} - \\mathbf{y})^\\top \\log(\\mathbf{1} - \\sigma(\\mathbf{z}))\\right)\n",
      ),
    at: (L) => {
      const z = logitCase(L),
        y = labels;
      const f = z.reduce((a, zi, i) => a + y[i] * sp(-zi) + (1 - y[i]) * sp(zi), 0);
      return {
        base: { z: vec(z), y: vec(y) },
        sizes: new Map([["n", z.length]]),
        f,
        grads: { z: z.map((zi, i) => sig(zi) - y[i]), y: z.map((zi) => -zi) },
      };
    },
  },
  {
    name: "examples/logistic.tex, logits X w",
    d: () => derive(loadDocument("examples/logistic.tex")),
    at: (L) => {
      // X = I (6×6 rows), w = the logits: z = X w exactly
      const z = logitCase(L),
        y = labels,
        n = z.length;
      const X = z.map((_, i) => z.map((__, j) => (i === j ? 1 : 0)));
      const r = z.map((zi, i) => sig(zi) - y[i]);
      const f = z.reduce((a, zi, i) => a + y[i] * sp(-zi) + (1 - y[i]) * sp(zi), 0);
      return {
        base: { y: vec(y), X: mat(X), w: vec(z) },
        sizes: new Map([
          ["n", n],
          ["d", n],
        ]),
        f,
        grads: { w: r, X: r.flatMap((ri) => z.map((wj) => ri * wj)), y: z.map((zi) => -zi) },
      };
    },
  },
  {
    name: "log-sum-exp, log 1ᵀ exp(z) (identities row 34)",
    d: () => derivationOf("\\mathbf{z} \\in \\mathbb{R}^{n}\nf = \\log \\mathbf{1}^\\top \\exp(\\mathbf{z})\n"),
    at: (L) => {
      const z = logitCase(L);
      const m = Math.max(...z),
        lse = m + Math.log(z.reduce((a, zi) => a + Math.exp(zi - m), 0));
      return {
        base: { z: vec(z) },
        sizes: new Map([["n", z.length]]),
        f: lse,
        grads: { z: z.map((zi) => Math.exp(zi - lse)) },
      };
    },
  },
  {
    name: "softmax cross-entropy of the logits, -yᵀ log softmax(z)",
    d: () =>
      derivationOf(
        "\\mathbf{z} \\in \\mathbb{R}^{n}\n\\mathbf{y} \\in \\mathbb{R}^{n}\nf = -\\mathbf{y}^\\top \\log(\\operatorname{softmax}(\\mathbf{z}))\n",
      ),
    at: (L) => {
      const z = logitCase(L),
        y = [0, 1, 0, 0, 0, 0];
      const m = Math.max(...z),
        lse = m + Math.log(z.reduce((a, zi) => a + Math.exp(zi - m), 0));
      const s = z.map((zi) => Math.exp(zi - lse)),
        ys = y.reduce((a, b) => a + b, 0);
      return {
        base: { z: vec(z), y: vec(y) },
        sizes: new Map([["n", z.length]]),
        f: -z.reduce((a, zi, i) => a + y[i] * (zi - lse), 0),
        grads: { z: s.map((si, i) => ys * si - y[i]), y: z.map((zi) => lse - zi) },
      };
    },
  },
  {
    name: "softmax cross-entropy of each row, -tr(Tᵀ log softmax(Z))",
    d: () =>
      derivationOf(
        "Z \\in \\mathbb{R}^{n \\times c}\nT \\in \\mathbb{R}^{n \\times c}\nf = -\\operatorname{tr}(T^\\top \\log(\\operatorname{softmax}(Z)))\n",
      ),
    at: (L) => {
      const Z = [logitCase(L), logitCase(L).reverse()],
        T = [
          [0, 1, 0, 0, 0, 0],
          [0, 0, 0, 0, 0, 1],
        ];
      let f = 0;
      const gZ: number[] = [],
        gT: number[] = [];
      Z.forEach((z, r) => {
        const m = Math.max(...z),
          lse = m + Math.log(z.reduce((a, zi) => a + Math.exp(zi - m), 0));
        z.forEach((zi, i) => {
          f -= T[r][i] * (zi - lse);
          gZ.push(Math.exp(zi - lse) * T[r].reduce((a, b) => a + b, 0) - T[r][i]);
          gT.push(lse - zi);
        });
      });
      return {
        base: { Z: mat(Z), T: mat(T) },
        sizes: new Map([
          ["n", 2],
          ["c", 6],
        ]),
        f,
        grads: { Z: gZ, T: gT },
      };
    },
  },
];
// The same losses written across definitions, as textbooks write them (p = σ(X w), then the log-likelihood of p):
// no single definition holds log σ(·), so the stable forms must span the definitions (src/derive/fuse.ts).
const across = (name: string, of: Case, text: string): Case => ({
  name: `${name} (across definitions)`,
  d: () => derivationOf(text),
  at: of.at,
});
CASES.push(
  across(
    "logistic loss, p = σ(X w)",
    CASES[1],
    "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{w} \\in \\mathbb{R}^{d}\n\\mathbf{y} \\in \\mathbb{R}^{n}\n\\mathbf{p} = \\sigma(X\\mathbf{w})\nL = -\\mathbf{y}^\\top \\log \\mathbf{p} - (\\mathbf{1}-\\mathbf{y})^\\top\\log(\\mathbf{1}-\\mathbf{p})\n",
  ),
  across(
    "logistic loss, z = X w, p = σ(z), q = 1 − p",
    CASES[1],
    "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{w} \\in \\mathbb{R}^{d}\n\\mathbf{y} \\in \\mathbb{R}^{n}\n\\mathbf{z} = X\\mathbf{w}\n\\mathbf{p} = \\sigma(\\mathbf{z})\n\\mathbf{q} = \\mathbf{1} - \\mathbf{p}\nL = -\\mathbf{y}^\\top \\log \\mathbf{p} - (\\mathbf{1}-\\mathbf{y})^\\top\\log \\mathbf{q}\n",
  ),
  across(
    "softmax cross-entropy, s = softmax(z)",
    CASES[3],
    "\\mathbf{z} \\in \\mathbb{R}^{n}\n\\mathbf{y} \\in \\mathbb{R}^{n}\n\\mathbf{s} = \\operatorname{softmax}(\\mathbf{z})\nL = -\\mathbf{y}^\\top \\log \\mathbf{s}\n",
  ),
  across(
    "softmax cross-entropy of each row, P = softmax(Z)",
    CASES[4],
    "Z \\in \\mathbb{R}^{n \\times c}\nT \\in \\mathbb{R}^{n \\times c}\nP = \\operatorname{softmax}(Z)\nf = -\\operatorname{tr}(T^\\top \\log P)\n",
  ),
);

describe("stable kernels at large logits: finite, and within 1e-12 of a stable float64 reference", () => {
  for (const c of CASES) {
    const d = c.d(),
      p = buildProgram(d);
    for (const target of TARGETS) {
      test(`${target}: ${c.name}`, () => {
        for (const L of LOGITS) {
          const ref = c.at(L);
          const r = run(p, target, ref.base, ref.sizes);
          expect(rel(dataOf(r.outputs[0]), [ref.f]), `forward at ±${L}`).toBeLessThan(1e-12);
          for (const [k, g] of Object.entries(ref.grads))
            expect(rel(dataOf(r.gradients[k]), g), `d/d${k} at ±${L}`).toBeLessThan(1e-12);
        }
      });
    }
    test(`the reference evaluator (verify's) is stable too: ${c.name}`, () => {
      for (const L of LOGITS) {
        const ref = c.at(L);
        // verify's reference evaluator computes the derivation kernels compute (definitions fused)
        const k = forKernels(d);
        const s = makeSample(k, p, 1);
        const values = new Map(s.values);
        for (const x of p.inputs) {
          const b = ref.base[x.key] as { shape: number[]; data: number[] };
          values.set(x.source, { rows: b.shape[0], cols: b.shape[1] ?? 1, data: Float64Array.from(b.data) });
        }
        evaluateForward(k, values);
        const out = values.get(k.output.name)!;
        expect(rel(typeof out === "number" ? [out] : Array.from(out.data), [ref.f]), `±${L}`).toBeLessThan(1e-12);
      }
    });
  }
});

describe("the logistic Hessian at large logits keeps its relative accuracy (σ(z) σ(−z), not σ(z)(1 − σ(z)))", () => {
  const sources: [string, () => Derivation][] = [
    ["examples/logistic.tex", () => derive(loadDocument("examples/logistic.tex"))],
    ["p = σ(X w) across definitions", CASES[5].d],
  ];
  for (const [what, make] of sources) {
    const d = make();
    const p = buildProgram(d, closedForms(d, [{ kind: "hessian", wrt: "w" }]));
    for (const target of TARGETS.filter((t) => t !== "c")) {
      test(`${target}: hessian_w = Xᵀ diag(σ(z) σ(−z)) X with X = I, ${what}`, () => {
        for (const L of [10, 40, 300]) {
          const ref = CASES[1].at(L);
          const z = dataOf(ref.base.w);
          const h = dataOf(run(p, target, ref.base, ref.sizes).extras?.hessian_w);
          const want = z.flatMap((zi, i) => z.map((_, j) => (i === j ? sig(zi) * sig(-zi) : 0)));
          expect(rel(h, want), `±${L}`).toBeLessThan(1e-12);
        }
      });
    }
  }
});
