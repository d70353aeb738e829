// Derivatives that are identically 0 or constant: gradients, jacobian_X and hessian_X still return arrays of
// the right shape (numel Y × numel X, numel X × numel X, the input's shape) in every target. Before, a Hessian
// whose closed form is the number 0 (1ᵀ ReLU(x)) returned a scalar and crashed on reshape, and the C kernel
// of a zero gradient did not compile (unused seed). Each case runs `verify` (finite differences) per target.
import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/codegen/ir.js";
import { closedForms, type ExtraRequest } from "../../src/codegen/extras.js";
import { verifyProgram } from "../../src/codegen/verify/index.js";
import { GRADIENT_TOLERANCE } from "../../src/codegen/verify/index.js";
import { emitProgram, type Target } from "../../src/codegen/emit.js";
import { loadJsKernel } from "../../src/codegen/verify/js.js";
import { makeSample, type Point } from "../../src/codegen/verify/job.js";
import { pythonHas } from "../../src/codegen/verify/python.js";
import { haveGcc } from "../../src/codegen/verify/c.js";
import { derivationOf } from "./helpers.js";

const V = (x: string, n = "n") => `\\mathbf{${x}} \\in \\mathbb{R}^{${n}}`;
const M = (x: string, r = "n", c = "d") => `${x} \\in \\mathbb{R}^{${r} \\times ${c}}`;

/** [name, statements, extras]: every gradient, Jacobian and Hessian asked for is 0 or constant. */
const CASES: [string, string[], ExtraRequest[]][] = [
  [
    "Hessian of 1ᵀ ReLU(x) is 0",
    [V("x"), "f = \\mathbf{1}^\\top \\operatorname{ReLU}(\\mathbf{x})"],
    [{ kind: "hessian", wrt: "x" }],
  ],
  [
    "Hessian of 1ᵀ ReLU(X) 1 by a matrix is 0",
    [M("X"), "f = \\mathbf{1}^\\top \\operatorname{ReLU}(X) \\mathbf{1}"],
    [{ kind: "hessian", wrt: "X" }],
  ],
  [
    "Hessian of a linear function aᵀx is 0",
    [V("x"), V("a"), "f = \\mathbf{a}^\\top \\mathbf{x}"],
    [{ kind: "hessian", wrt: "x" }],
  ],
  [
    "Hessian of tr(A X) by a matrix is 0",
    [M("X", "n", "n"), M("A", "n", "n"), "f = \\operatorname{tr}(A X)"],
    [{ kind: "hessian", wrt: "X" }],
  ],
  [
    "Hessian of tr(Xᵀ X) is the constant 2 I",
    [M("X"), "f = \\operatorname{tr}(X^\\top X)"],
    [{ kind: "hessian", wrt: "X" }],
  ],
  [
    "Hessian by a scalar of 3γ + 1 is 0",
    ["a = 3 \\gamma + 1"],
    [
      { kind: "hessian", wrt: "gamma" },
      { kind: "jacobian", wrt: "gamma" },
    ],
  ],
  [
    "gradient and Jacobian of 1ᵀ step(x) are 0",
    [V("x"), "f = \\mathbf{1}^\\top \\operatorname{step}(\\mathbf{x})"],
    [
      { kind: "jacobian", wrt: "x" },
      { kind: "hessian", wrt: "x" },
    ],
  ],
  ["Jacobian of step(X) is 0", [M("X"), "Y = \\operatorname{step}(X)"], [{ kind: "jacobian", wrt: "X" }]],
  ["Jacobian of 2x is the constant 2 I", [V("x"), "\\mathbf{y} = 2 \\mathbf{x}"], [{ kind: "jacobian", wrt: "x" }]],
  [
    "Jacobian of A x is the constant A",
    [V("x"), M("A", "m", "n"), "\\mathbf{y} = A \\mathbf{x}"],
    [{ kind: "jacobian", wrt: "x" }],
  ],
  [
    "gradients of aᵀx − xᵀa are 0",
    [V("x"), V("a"), "f = \\mathbf{a}^\\top \\mathbf{x} - \\mathbf{x}^\\top \\mathbf{a}"],
    [],
  ],
  ["gradients of 0 aᵀx are 0", [V("x"), V("a"), "f = 0 \\mathbf{a}^\\top \\mathbf{x}"], []],
  ["gradient of X − X is 0", [M("X"), "Y = X - X"], []],
  ["gradient of γ − γ + β by γ is 0", ["f = \\gamma - \\gamma + \\beta"], []],
  [
    "VJP of step(x) ⊙ a by x is 0",
    [V("x"), V("a"), "\\mathbf{y} = \\operatorname{step}(\\mathbf{x}) \\odot \\mathbf{a}"],
    [{ kind: "jacobian", wrt: "x" }],
  ],
];

const TARGETS: Target[] = [
  "js",
  ...(pythonHas("numpy") ? ["numpy" as const] : []),
  ...(pythonHas("torch") ? ["torch" as const] : []),
  ...(haveGcc() ? ["c" as const] : []),
];
if (TARGETS.length < 4)
  console.warn(`SKIPPED: zero-derivative kernels run only for ${TARGETS.join(", ")} (no python3 numpy/torch or gcc)`);

describe("zero and constant derivatives: arrays of the right shape in every target", () => {
  for (const [name, lines, extras] of CASES) {
    for (const target of TARGETS) {
      test(`${target}: ${name}`, async () => {
        const d = derivationOf(`${lines.join("\n")}\n`);
        const p = buildProgram(d, closedForms(d, extras));
        const r = await verifyProgram(d, p, target, 3);
        expect(r.skipped).toBeUndefined();
        expect(r.forward).toBeLessThan(1e-8);
        for (const g of r.inputs) expect(g.relErr, `d/d${g.key}`).toBeLessThan(GRADIENT_TOLERANCE);
        if (target !== "c") {
          expect(r.extras?.map((x) => x.name)).toEqual(p.extras.map((x) => x.fn));
          for (const x of r.extras ?? []) expect(x.relErr, x.name).toBeLessThan(x.tolerance);
        }
      });
    }
  }
  test("js: a zero Hessian is numel(x) × numel(x) zeros, a zero gradient has the input's shape", () => {
    const d = derivationOf(`${M("X")}\nf = \\mathbf{1}^\\top \\operatorname{step}(X) \\mathbf{1}\n`);
    const p = buildProgram(d, closedForms(d, [{ kind: "hessian", wrt: "X" }]));
    const k = loadJsKernel(emitProgram(p, "js"));
    const base = makeSample(d, p, 2).base;
    const x = base.X as { shape: number[] };
    const h = (k.hessian_X as (i: Point) => { shape: number[]; data: Float64Array })(base);
    const n = x.shape[0] * x.shape[1];
    expect(h.shape).toEqual([n, n]);
    expect([...h.data].every((v) => v === 0)).toBe(true);
    const g = (k.gradients as (i: Point) => Record<string, { shape: number[]; data: Float64Array }>)(base);
    expect(g.X.shape).toEqual(x.shape);
  });
});
