// The closed forms against PyTorch: torch.autograd.functional.jacobian / hessian (float64) of the same functions,
// at the same inputs, flattened row-major (texgrad's rvec). One python process answers every comparison.
// Skipped, with a warning, when /usr/bin/python3 has no torch.
import { beforeAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { jacobian } from "../../src/derive/jacobian.js";
import { hessian } from "../../src/derive/hessian.js";
import { drawPoint } from "../../src/derive/jcheck.js";
import type { Document } from "../../src/parse/document.js";
import type { Expr } from "../../src/ast/index.js";
import { evaluate } from "../../src/numeric/eval.js";
import { fromRows, relErr, toRows, type Mat } from "../../src/numeric/index.js";
import { asMat, docOf, example } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./torch_reference.py", import.meta.url));
const probe = spawnSync(PYTHON, ["-c", "import torch, numpy"], { encoding: "utf8" });
const haveTorch = probe.status === 0;
if (!haveTorch)
  console.warn(
    `skipping the PyTorch comparison: ${PYTHON} cannot import torch (${(probe.stderr || String(probe.error)).trim().split("\n").pop()})`,
  );

const LOGISTIC =
  "f = -\\left(\\mathbf{y}^\\top \\log(\\sigma(X\\mathbf{w})) + (\\mathbf{1} - \\mathbf{y})^\\top \\log(\\mathbf{1} - \\sigma(X\\mathbf{w}))\\right)";
/** [torch case, what, the closed form and its document, torch argument → document symbol] */
type Case = [
  string,
  string,
  () => { doc: Document; forward: readonly import("../../src/derive/graph.js").Definition[]; expr: Expr },
  Record<string, string>,
];
const jac = (doc: Document, of: string, wrt: string) => {
  const j = jacobian(doc, { of, wrt });
  return { doc, forward: j.forward, expr: j.expr };
};
const hes = (lines: string[], wrt: string) => {
  const doc = docOf(lines);
  const h = hessian(doc, { of: "f", wrt });
  return { doc, forward: h.hessian.forward, expr: h.hessian.expr };
};
const CASES: Case[] = [
  [
    "softmax",
    "softmax Jacobian diag(s) − s sᵀ",
    () =>
      jac(docOf(["\\mathbf{z} \\in \\mathbb{R}^{n}", "\\mathbf{s} = \\operatorname{softmax}(\\mathbf{z})"]), "s", "z"),
    { z: "z" },
  ],
  [
    "attention",
    "attention ∂ rvec O/∂ rvec X",
    () => jac(example("attention.tex"), "O", "X"),
    { X: "X", W_q: "W_q", W_k: "W_k", W_v: "W_v" },
  ],
  ["layernorm_rows", "layer norm of each row", () => jac(example("layernorm-jacobian.tex"), "Y", "X"), { X: "X" }],
  [
    "layernorm_vector",
    "layer norm of a vector, then γ ⊙ x̂ + β",
    () => jac(example("layernorm-jacobian.tex"), "y", "x"),
    { x: "x", gamma: "gamma", beta: "beta" },
  ],
  [
    "quadratic",
    "Hessian of xᵀBx",
    () =>
      hes(
        ["\\mathbf{x} \\in \\mathbb{R}^{n}", "B \\in \\mathbb{R}^{n \\times n}", "f = \\mathbf{x}^\\top B \\mathbf{x}"],
        "x",
      ),
    { x: "x", B: "B" },
  ],
  [
    "logsumexp",
    "Hessian of log-sum-exp",
    () => hes(["\\mathbf{z} \\in \\mathbb{R}^{n}", "f = \\log \\mathbf{1}^\\top \\exp(\\mathbf{z})"], "z"),
    { z: "z" },
  ],
  [
    "logistic",
    "Hessian of the logistic loss",
    () =>
      hes(
        [
          "X \\in \\mathbb{R}^{n \\times d}",
          "\\mathbf{w} \\in \\mathbb{R}^{d}",
          "\\mathbf{y} \\in \\mathbb{R}^{n}",
          LOGISTIC,
        ],
        "w",
      ),
    { X: "X", w: "w", y: "y" },
  ],
  [
    "trace_quadratic",
    "Hessian of tr(XᵀBX), rvec form",
    () =>
      hes(
        ["X \\in \\mathbb{R}^{n \\times d}", "B \\in \\mathbb{R}^{n \\times n}", "f = \\operatorname{tr}(X^\\top B X)"],
        "X",
      ),
    { X: "X", B: "B" },
  ],
];
const SEEDS = [1, 2, 3];

describe.skipIf(!haveTorch)("closed forms agree with torch.autograd.functional", () => {
  const mine: Mat[] = [],
    theirs: Mat[] = [];
  beforeAll(() => {
    const requests: unknown[] = [];
    for (const [name, , build, names] of CASES) {
      const { doc, forward, expr } = build();
      for (const seed of SEEDS) {
        const at = drawPoint(doc, forward, seed);
        requests.push({
          case: name,
          inputs: Object.fromEntries(Object.entries(names).map(([t, d]) => [t, toRows(at.values.get(d)!)])),
        });
        mine.push(asMat(evaluate(expr, { values: at.values })));
      }
    }
    const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(requests), encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`torch_reference.py: ${r.stderr}`);
    for (const a of JSON.parse(r.stdout) as { matrix: number[][] }[]) theirs.push(fromRows(a.matrix));
  });
  CASES.forEach(([name, what], i) => {
    test(what, () => {
      SEEDS.forEach((seed, k) =>
        expect(relErr(mine[i * SEEDS.length + k], theirs[i * SEEDS.length + k]), `${name}, seed ${seed}`).toBeLessThan(
          1e-9,
        ),
      );
    });
  });
});
