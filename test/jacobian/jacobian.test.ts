// Closed-form Jacobians (texgrad jacobian) against central differences on random sizes and values, against
// reference formulas (identities.md: the Jacobians at the bottom, row 34), and, for row-wise operations, against
// block-diagonal matrices assembled row by row. Convention: ∂ rvec Y/∂ rvec X, rows stacked (row-major).
import { describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { jacobian } from "../../src/derive/jacobian.js";
import { checkJacobian, drawPoint } from "../../src/derive/jcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { LocatedError } from "../../src/errors.js";
import { diag, matmul, outer, relErr, scale, sub, eye, ones, type Mat, type Value } from "../../src/numeric/index.js";
import { asMat, blockDiagonal, docOf, example, reference, rowOf } from "./helpers.js";

const V = (n: string) => `\\mathbf{${n}} \\in \\mathbb{R}^{n}`;
/** [name, document lines (R = the reference Jacobian), of, wrt] */
const CASES: [string, string[], string, string][] = [
  [
    "softmax: diag(s) − s sᵀ (identities row 34)",
    [
      V("z"),
      "\\mathbf{s} = \\operatorname{softmax}(\\mathbf{z})",
      "R = \\operatorname{diag}(\\mathbf{s}) - \\mathbf{s}\\mathbf{s}^\\top",
    ],
    "s",
    "z",
  ],
  [
    "x ⊙ x: 2 diag(x)",
    [V("x"), "\\mathbf{y} = \\mathbf{x} \\odot \\mathbf{x}", "R = 2\\operatorname{diag}(\\mathbf{x})"],
    "y",
    "x",
  ],
  [
    "A exp(x): A diag(eˣ)",
    [
      V("x"),
      "A \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{y} = A \\exp(\\mathbf{x})",
      "R = A\\operatorname{diag}(\\exp(\\mathbf{x}))",
    ],
    "y",
    "x",
  ],
  [
    "exp(M x): diag(e^{Mx}) M (SymPy issue 21062)",
    [
      V("x"),
      "M \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{y} = \\exp(M \\mathbf{x})",
      "R = \\operatorname{diag}(\\exp(M\\mathbf{x})) M",
    ],
    "y",
    "x",
  ],
  [
    "tanh(W x + b): diag(1 − h ⊙ h) W",
    [
      V("x"),
      "W \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{b} \\in \\mathbb{R}^{m}",
      "\\mathbf{h} = \\tanh(W \\mathbf{x} + \\mathbf{b})",
      "R = \\operatorname{diag}(1 - \\mathbf{h} \\odot \\mathbf{h}) W",
    ],
    "h",
    "x",
  ],
  [
    "σ(x): diag(σ ⊙ (1 − σ))",
    [V("x"), "\\mathbf{p} = \\sigma(\\mathbf{x})", "R = \\operatorname{diag}(\\mathbf{p} \\odot (1 - \\mathbf{p}))"],
    "p",
    "x",
  ],
  [
    "affine W x + b: W",
    [
      V("x"),
      "W \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{b} \\in \\mathbb{R}^{m}",
      "\\mathbf{y} = W \\mathbf{x} + \\mathbf{b}",
      "R = W",
    ],
    "y",
    "x",
  ],
  [
    "log-softmax: I − 1 sᵀ",
    [
      V("x"),
      "\\mathbf{l} = \\operatorname{logsoftmax}(\\mathbf{x})",
      "R = \\mathbf{I} - \\mathbf{1}\\operatorname{softmax}(\\mathbf{x})^\\top",
    ],
    "l",
    "x",
  ],
  [
    "x / ‖x‖: (I − x xᵀ/‖x‖²)/‖x‖",
    [
      V("x"),
      "\\mathbf{u} = \\frac{\\mathbf{x}}{\\|\\mathbf{x}\\|}",
      "R = \\frac{1}{\\|\\mathbf{x}\\|}\\left(\\mathbf{I} - \\frac{\\mathbf{x}\\mathbf{x}^\\top}{\\|\\mathbf{x}\\|^2}\\right)",
    ],
    "u",
    "x",
  ],
  [
    "layer norm of a vector: r (I − 1 1ᵀ/N − x̂ x̂ᵀ/N)",
    [
      V("x"),
      "\\hat{\\mathbf{x}} = \\operatorname{LayerNorm}(\\mathbf{x})",
      "R = \\operatorname{lnscale}(\\mathbf{x}^\\top) \\left(\\mathbf{I} - \\frac{\\mathbf{1}\\mathbf{1}^\\top + \\hat{\\mathbf{x}}\\hat{\\mathbf{x}}^\\top}{\\operatorname{ncols}(\\mathbf{x}^\\top)}\\right)",
    ],
    "x_hat",
    "x",
  ],
  ["scalar aᵀx: the row aᵀ", [V("x"), V("a"), "f = \\mathbf{a}^\\top \\mathbf{x}", "R = \\mathbf{a}^\\top"], "f", "x"],
  [
    "A X B: A ⊗ Bᵀ (row-major vec)",
    [
      "X \\in \\mathbb{R}^{n \\times d}",
      "A \\in \\mathbb{R}^{m \\times n}",
      "B \\in \\mathbb{R}^{d \\times k}",
      "Y = A X B",
      "R = A \\otimes B^\\top",
    ],
    "Y",
    "X",
  ],
  [
    "X W by X: I_n ⊗ Wᵀ",
    [
      "X \\in \\mathbb{R}^{n \\times d}",
      "W \\in \\mathbb{R}^{d \\times k}",
      "Y = X W",
      "R = \\operatorname{eyeof}(X) \\otimes W^\\top",
    ],
    "Y",
    "X",
  ],
  [
    "X W by W: X ⊗ I_k",
    [
      "X \\in \\mathbb{R}^{n \\times d}",
      "W \\in \\mathbb{R}^{d \\times k}",
      "Y = X W",
      "R = X \\otimes \\operatorname{eyeof}(W^\\top)",
    ],
    "Y",
    "W",
  ],
  [
    "X ⊙ X: 2 diag(rvec X)",
    ["X \\in \\mathbb{R}^{n \\times d}", "Y = X \\odot X", "R = 2 \\operatorname{diag}(\\operatorname{vec}(X^\\top))"],
    "Y",
    "X",
  ],
  ["X⁻¹: −X⁻¹ ⊗ X⁻ᵀ", ["X \\in \\mathbb{R}^{n \\times n}", "Y = X^{-1}", "R = -X^{-1} \\otimes X^{-\\top}"], "Y", "X"],
];

/** Every closed form on three random draws, against central differences and its reference formula. */
describe("closed-form Jacobians", () => {
  for (const [name, lines, of, wrt] of CASES) {
    test(name, () => {
      const doc = docOf(lines);
      const j = jacobian(doc, { of, wrt });
      expect(A.some(j.expr, (x) => x.k === "diff" || x.k === "deriv")).toBe(false);
      for (let seed = 1; seed <= 3; seed++) {
        const c = checkJacobian(j, seed);
        expect(c.relErr, `seed ${seed}`).toBeLessThan(1e-6);
        const at = drawPoint(doc, j.forward, seed);
        const ref = reference(doc, "R", at.values, c.fd);
        expect(relErr(c.closed, asMat(ref)), `reference, seed ${seed}`).toBeLessThan(1e-9);
      }
    });
  }
});

/** diag(p) − p pᵀ, blockwise: the reference for a row-wise softmax. */
const softmaxBlock = (p: Mat): Mat => sub(diag(p), outer(p, p)) as Mat;

describe("row-wise operations are block diagonal over the rows", () => {
  test("softmax of each row: blockdiag_i(diag(p_i) − p_i p_iᵀ)", () => {
    const doc = docOf(["S \\in \\mathbb{R}^{n \\times m}", "P = \\operatorname{softmax}(S)"]);
    const j = jacobian(doc, { of: "P", wrt: "S" });
    expect(A.some(j.expr, (x) => A.isOp(x, "blockdiag"))).toBe(true);
    for (let seed = 1; seed <= 3; seed++) {
      const at = drawPoint(doc, j.forward, seed);
      const P = at.values.get("P") as Mat;
      const ref = blockDiagonal(Array.from({ length: P.rows }, (_, i) => softmaxBlock(rowOf(P, i))));
      expect(relErr(asMat(evaluate(j.expr, { values: at.values })), ref)).toBeLessThan(1e-12);
      expect(checkJacobian(j, seed).relErr).toBeLessThan(1e-6);
    }
  });
  test("layer norm of each row: blockdiag_i(r_i (I − 1 1ᵀ/d − ŷ_i ŷ_iᵀ/d))", () => {
    const doc = example("layernorm-jacobian.tex");
    const j = jacobian(doc, { of: "Y", wrt: "X" });
    for (let seed = 1; seed <= 3; seed++) {
      const at = drawPoint(doc, j.forward, seed);
      const X = at.values.get("X") as Mat,
        Y = at.values.get("Y") as Mat,
        d = X.cols;
      const blocks = Array.from({ length: X.rows }, (_, i) => {
        const x = rowOf(X, i),
          mean = x.data.reduce((s, v) => s + v, 0) / d;
        const r = 1 / Math.sqrt(x.data.reduce((s, v) => s + (v - mean) ** 2, 0) / d + 1e-5);
        const y = rowOf(Y, i);
        return scale(
          r,
          sub(sub(eye(d), scale(1 / d, matmul(ones(d, 1), ones(1, d)))), scale(1 / d, outer(y, y))),
        ) as Mat;
      });
      expect(relErr(asMat(evaluate(j.expr, { values: at.values })), blockDiagonal(blocks))).toBeLessThan(1e-12);
      expect(checkJacobian(j, seed).relErr).toBeLessThan(1e-6);
    }
  });
  test("the transpose is the commutation permutation", () => {
    const doc = docOf(["X \\in \\mathbb{R}^{n \\times d}", "T = X^\\top"]);
    const j = jacobian(doc, { of: "T", wrt: "X" });
    for (let seed = 1; seed <= 3; seed++) expect(checkJacobian(j, seed).relErr).toBeLessThan(1e-12);
  });
});

describe("compositions: the chain of local Jacobians and its product", () => {
  const doc = example("attention.tex");
  const j = jacobian(doc, { of: "O", wrt: "X" });
  test("attention: one factor per definition and dependency on a path from X to O", () => {
    expect(j.factors.map((f) => `${f.of.name}/${f.wrt.name}`)).toEqual([
      "Q/X",
      "K/X",
      "S/Q",
      "S/K",
      "A/S",
      "V/X",
      "O/A",
      "O/V",
    ]);
    const softmax = j.factors.find((f) => f.of.name === "A")!;
    expect(A.some(softmax.expr, (x) => A.isOp(x, "blockdiag"))).toBe(true);
  });
  test("attention: the product agrees with central differences", () => {
    for (let seed = 1; seed <= 3; seed++) expect(checkJacobian(j, seed).relErr).toBeLessThan(1e-6);
  });
  test("the chain of named factors, evaluated factor by factor, equals the closed-form product", () => {
    for (let seed = 1; seed <= 3; seed++) {
      const at = drawPoint(doc, j.forward, seed);
      const derivs = new Map<Expr, Value>(j.factors.map((f) => [f.name, evaluate(f.expr, { values: at.values })]));
      expect(
        relErr(asMat(evaluate(j.chain, { values: at.values, derivs })), asMat(evaluate(j.expr, { values: at.values }))),
      ).toBeLessThan(1e-12);
    }
  });
  test("with respect to an intermediate: the softmax block of attention", () => {
    const s = jacobian(doc, { of: "A", wrt: "S" });
    expect(s.factors).toHaveLength(1);
    for (let seed = 1; seed <= 3; seed++) expect(checkJacobian(s, seed).relErr).toBeLessThan(1e-6);
  });
  test("two heads through concat, and layer norm written out from mean and variance", () => {
    for (const [file, of] of [
      ["multihead.tex", "M"],
      ["layernorm.tex", "Y"],
    ]) {
      const m = jacobian(example(file), { of, wrt: "X" });
      for (let seed = 1; seed <= 2; seed++) expect(checkJacobian(m, seed).relErr, file).toBeLessThan(1e-6);
    }
  });
  test("a vector layer norm, then scale and shift: diag(γ) times the layer-norm block", () => {
    const m = jacobian(example("layernorm-jacobian.tex"), { of: "y", wrt: "x" });
    expect(m.factors).toHaveLength(2);
    for (let seed = 1; seed <= 3; seed++) expect(checkJacobian(m, seed).relErr).toBeLessThan(1e-6);
  });
});

describe("input errors are located", () => {
  test("an X that Y does not depend on", () => {
    const doc = docOf(["X \\in \\mathbb{R}^{n \\times d}", "W \\in \\mathbb{R}^{d \\times k}", "Y = X W"]);
    expect(() => jacobian(doc, { of: "Y", wrt: "Z" })).toThrow(LocatedError);
    expect(() => jacobian(doc, { of: "Q", wrt: "X" })).toThrow(LocatedError);
  });
  test("an operation without a Jacobian rule names the operation", () => {
    const doc = docOf(["X \\in \\mathbb{R}^{n \\times n}", "\\mathbf{y} = \\operatorname{diag}(X X)"]);
    expect(() => jacobian(doc, { of: "y", wrt: "X" })).toThrow(/no Jacobian rule|cannot write/);
  });
});
