// Hessians (texgrad hessian) by differentiating the gradient with the same rules, against second differences
// (fdHessian) and reference formulas: identities.md row 6 (xᵀBx → B + Bᵀ) and row 34 (log-sum-exp →
// diag(s) − s sᵀ), the logistic loss (Xᵀ diag(σ ⊙ (1 − σ)) X); for matrices the Hessian–vector product d(∇f)[V].
import { describe, expect, test } from "vitest";
import { hessian } from "../../src/derive/hessian.js";
import { checkHessian, drawPoint } from "../../src/derive/jcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { parseMath } from "../../src/parse/index.js";
import type { Document } from "../../src/parse/document.js";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { LocatedError } from "../../src/errors.js";
import { randn, relErr, rng, type Value } from "../../src/numeric/index.js";
import { asMat, docOf, reference } from "./helpers.js";

/** The tree of a formula written in the document's notation. */
function formula(latex: string, doc: Document): Expr {
  return parseMath(latex, { file: "expected", line: 1, col: 1 }, doc.macros).relations[0].first as Expr;
}

const LOGISTIC = [
  "X \\in \\mathbb{R}^{n \\times d}",
  "\\mathbf{w} \\in \\mathbb{R}^{d}",
  "\\mathbf{y} \\in \\mathbb{R}^{n}",
  "f = -\\left(\\mathbf{y}^\\top \\log(\\sigma(X\\mathbf{w})) + (\\mathbf{1} - \\mathbf{y})^\\top \\log(\\mathbf{1} - \\sigma(X\\mathbf{w}))\\right)",
  "R = X^\\top \\operatorname{diag}(\\sigma(X\\mathbf{w}) \\odot (1 - \\sigma(X\\mathbf{w}))) X",
];

/** [name, document lines (R = the reference Hessian), f, x, the closed form as printed] */
const VECTOR: [string, string[], string, string, string | null][] = [
  [
    "identities row 6: xᵀ B x → B + Bᵀ",
    [
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
      "B \\in \\mathbb{R}^{n \\times n}",
      "f = \\mathbf{x}^\\top B \\mathbf{x}",
      "R = B + B^\\top",
    ],
    "f",
    "x",
    "B + B^\\top",
  ],
  [
    "identities row 34: log 1ᵀ exp(z) → diag(s) − s sᵀ",
    [
      "\\mathbf{z} \\in \\mathbb{R}^{n}",
      "f = \\log \\mathbf{1}^\\top \\exp(\\mathbf{z})",
      "R = \\operatorname{diag}(\\operatorname{softmax}(\\mathbf{z})) - \\operatorname{softmax}(\\mathbf{z})\\operatorname{softmax}(\\mathbf{z})^\\top",
    ],
    "f",
    "z",
    "\\operatorname{diag}\\left(\\operatorname{softmax}\\left(\\mathbf{z}\\right)\\right) - \\operatorname{softmax}\\left(\\mathbf{z}\\right) \\operatorname{softmax}\\left(\\mathbf{z}\\right)^\\top",
  ],
  ["logistic loss → Xᵀ diag(σ ⊙ (1 − σ)) X", LOGISTIC, "f", "w", null],
  [
    "least squares ‖A x − b‖² → 2 AᵀA",
    [
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
      "A \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{b} \\in \\mathbb{R}^{m}",
      "f = \\|A \\mathbf{x} - \\mathbf{b}\\|^2",
      "R = 2 A^\\top A",
    ],
    "f",
    "x",
    null,
  ],
];

describe("Hessians of scalar functions of vectors", () => {
  for (const [name, lines, f, x, printed] of VECTOR) {
    test(name, () => {
      const doc = docOf(lines);
      const h = hessian(doc, { of: f, wrt: x });
      expect(h.matrix).toBe(false);
      // the closed form itself, compared as a tree (nodes are hash-consed), not as text
      if (printed) expect(h.hessian.expr).toBe(formula(printed, doc));
      for (let seed = 1; seed <= 3; seed++) {
        const c = checkHessian(h, seed);
        expect(c.relErr, `second differences, seed ${seed}`).toBeLessThan(1e-5);
        expect(c.hvpRelErr, `H v, seed ${seed}`).toBeLessThan(1e-10);
        const at = drawPoint(doc, h.hessian.forward, seed);
        expect(relErr(c.closed, asMat(reference(doc, "R", at.values, c.fd))), `reference, seed ${seed}`).toBeLessThan(
          1e-9,
        );
      }
    });
  }
  test("the logistic loss's gradient is tidied to Xᵀσ(Xw) − Xᵀy before it is differentiated", () => {
    const h = hessian(docOf(LOGISTIC), { of: "f", wrt: "w" });
    // no division left in the gradient, and the Hessian is Xᵀ diag(·) X as a product of three factors
    expect(A.some(h.gradient, (x) => A.isOp(x, "ediv"))).toBe(false);
    const H = h.hessian.expr;
    expect(A.isOp(H, "mul") && A.isOp(H.args[0], "mul") && A.isOp(H.args[0].args[1], "diag")).toBe(true);
    if (!A.isOp(H, "mul") || !A.isOp(H.args[0], "mul")) return;
    expect(H.args[0].args[0]).toBe(A.op("transpose", [H.args[1]]));
    expect(H.args[1].k === "sym" && H.args[1].name).toBe("X");
  });
});

/** [name, lines (R = the reference for d(∇f)[V], a formula in V), f, X] */
const MATRIX: [string, string[], string, string][] = [
  [
    "tr(Xᵀ B X): (B + Bᵀ) V",
    [
      "X \\in \\mathbb{R}^{n \\times d}",
      "B \\in \\mathbb{R}^{n \\times n}",
      "f = \\operatorname{tr}(X^\\top B X)",
      "R = (B + B^\\top) V",
    ],
    "f",
    "X",
  ],
  [
    "‖X W − Y‖²_F by W: 2 XᵀX V",
    [
      "X \\in \\mathbb{R}^{n \\times d}",
      "W \\in \\mathbb{R}^{d \\times k}",
      "Y \\in \\mathbb{R}^{n \\times k}",
      "f = \\|X W - Y\\|_F^2",
      "R = 2 X^\\top X V",
    ],
    "f",
    "W",
  ],
  [
    "log det X: −X⁻ᵀ Vᵀ X⁻ᵀ",
    ["X \\in \\mathbb{R}^{n \\times n}", "f = \\log\\det X", "R = -X^{-\\top} V^\\top X^{-\\top}"],
    "f",
    "X",
  ],
  [
    "tr(A X B X): the gradient's differential in both places",
    [
      "X \\in \\mathbb{R}^{n \\times n}",
      "A \\in \\mathbb{R}^{n \\times n}",
      "B \\in \\mathbb{R}^{n \\times n}",
      "f = \\operatorname{tr}(A X B X)",
      "R = A^\\top V^\\top B^\\top + B^\\top V^\\top A^\\top",
    ],
    "f",
    "X",
  ],
];

describe("Hessian–vector products for matrix variables", () => {
  for (const [name, lines, f, x] of MATRIX) {
    test(name, () => {
      const doc = docOf(lines);
      const h = hessian(doc, { of: f, wrt: x });
      expect(h.matrix).toBe(true);
      // the reference names the direction V, so the derivation calls its own direction Δ
      expect(h.direction.name).toBe("Delta");
      for (let seed = 1; seed <= 3; seed++) {
        const c = checkHessian(h, seed);
        expect(c.relErr, `full Hessian vs second differences, seed ${seed}`).toBeLessThan(1e-5);
        expect(c.hvpRelErr, `H[V] = H rvec V, seed ${seed}`).toBeLessThan(1e-10);
        const at = drawPoint(doc, h.hessian.forward, seed);
        const X = at.values.get(h.input.name)!;
        const g = rng(`dir${seed}`);
        const values = new Map<string, Value>(at.values);
        const dir = typeof X === "number" ? g.normal() : randn(X.rows, X.cols, g);
        values.set("V", dir);
        values.set(h.direction.name, dir);
        expect(
          relErr(evaluate(h.hvp, { values }, X), reference(doc, "R", values, X)),
          `reference, seed ${seed}`,
        ).toBeLessThan(1e-9);
      }
    });
  }
});

test("the direction is V when the document does not use V", () => {
  const h = hessian(docOf(["X \\in \\mathbb{R}^{n \\times n}", "f = \\log\\det X"]), { of: "f", wrt: "X" });
  expect(h.direction.name).toBe("V");
  expect(h.hvp).toBe(formula("-\\left(X^{-\\top} V^\\top X^{-\\top}\\right)", h.doc));
});

test("a Hessian needs a scalar function", () => {
  const doc = docOf(["X \\in \\mathbb{R}^{n \\times d}", "W \\in \\mathbb{R}^{d \\times k}", "Y = X W"]);
  expect(() => hessian(doc, { of: "Y", wrt: "X" })).toThrow(LocatedError);
});
