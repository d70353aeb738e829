// An outsider's audit (issue 8, "never silently wrong"): small lectures in textbook notations (Matrix Cookbook rows,
// Bishop, Goodfellow, Murphy, CS231n). Each case derives, checks one right and one wrong claim (the wrong ones are
// the classic mistakes: a missing transpose, assuming symmetry, a lost factor 2), and runs the JS kernel against
// central differences. Notations texgrad cannot read unambiguously must be located refusals that name the ambiguity.
// Every "incorrect" pinned here was reviewed by hand: the comment beside it says why it is wrong.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument } from "../../src/check/index.js";
import { derive } from "../../src/derive/reverse.js";
import { checkJs } from "../codegen/helpers.js";
import { GRADIENT_TOLERANCE } from "../../src/codegen/verify/index.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-audit-"));
let n = 0;
const load = (lines: readonly string[]) => {
  const file = join(dir, `a${++n}.tex`);
  writeFileSync(file, lines.join("\n") + "\n");
  return loadDocument(file);
};

interface Case {
  readonly name: string;
  /** Declarations and the definition, then the right claim, then the wrong claim. */
  readonly lines: readonly string[];
  /** The wrong claim's verdict and why (the second claim). */
  readonly wrong: "incorrect" | "unverifiable";
  readonly why: string;
}

const M = (s: string) => `${s} \\in \\mathbb{R}^{n \\times n}`,
  V = (s: string) => `${s} \\in \\mathbb{R}^{n}`;
const CASES: Case[] = [
  {
    name: "Cookbook (57): log det X",
    lines: [
      M("X"),
      "f = \\log\\det X",
      "\\frac{\\partial f}{\\partial X} = X^{-\\top}",
      "\\frac{\\partial f}{\\partial X} = X^{-1}",
    ],
    wrong: "incorrect",
    why: "X^{-1} is the gradient only for symmetric X",
  },
  {
    name: "Cookbook (61): tr(X⁻¹ A)",
    lines: [
      M("X"),
      M("A"),
      "f = \\operatorname{tr}(X^{-1}A)",
      "\\frac{\\partial f}{\\partial X} = -X^{-\\top}A^\\top X^{-\\top}",
      "\\frac{\\partial f}{\\partial X} = -X^{-1}A X^{-1}",
    ],
    wrong: "incorrect",
    why: "the transpose of the gradient",
  },
  {
    name: "aᵀ X^{-⊤} b",
    lines: [
      V("\\mathbf{a}"),
      V("\\mathbf{b}"),
      M("X"),
      "f = \\mathbf{a}^\\top X^{-\\top} \\mathbf{b}",
      "\\frac{\\partial f}{\\partial X} = -X^{-\\top}\\mathbf{b}\\mathbf{a}^\\top X^{-\\top}",
      "\\frac{\\partial f}{\\partial X} = -X^{-\\top}\\mathbf{a}\\mathbf{b}^\\top X^{-\\top}",
    ],
    wrong: "incorrect",
    why: "a and b swapped: that is the gradient of aᵀX⁻¹b",
  },
  {
    name: "det(X)²",
    lines: [
      M("X"),
      "f = \\det(X)^2",
      "\\frac{\\partial f}{\\partial X} = 2\\det(X)^2 X^{-\\top}",
      "\\frac{\\partial f}{\\partial X} = 2\\det(X) X^{-\\top}",
    ],
    wrong: "incorrect",
    why: "the chain rule's det X from d det X = det X tr(X⁻¹dX) is lost",
  },
  {
    name: "Frobenius inner product ⟨A, X⟩",
    lines: [
      "A \\in \\mathbb{R}^{n \\times d}",
      "X \\in \\mathbb{R}^{n \\times d}",
      "f = \\langle A, X \\rangle",
      "\\frac{\\partial f}{\\partial X} = A",
      "\\frac{\\partial f}{\\partial X} = A^\\top",
    ],
    wrong: "incorrect",
    why: "Aᵀ is d×n, the gradient n×d",
  },
  {
    name: "xᵀ A x with A not symmetric (Cookbook (81))",
    lines: [
      V("\\mathbf{x}"),
      M("A"),
      "f = \\mathbf{x}^\\top A \\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = (A + A^\\top)\\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2A\\mathbf{x}",
    ],
    wrong: "incorrect",
    why: "2Ax holds only for symmetric A",
  },
  {
    name: "tr(A x xᵀ): the outer product",
    lines: [
      V("\\mathbf{x}"),
      M("A"),
      "f = \\operatorname{tr}(A\\mathbf{x}\\mathbf{x}^\\top)",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = (A + A^\\top)\\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2A\\mathbf{x}",
    ],
    wrong: "incorrect",
    why: "tr(A x xᵀ) = xᵀAx: symmetric A again",
  },
  {
    name: "(xᵀx)²: the inner product",
    lines: [
      V("\\mathbf{x}"),
      "f = (\\mathbf{x}^\\top\\mathbf{x})^2",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 4(\\mathbf{x}^\\top\\mathbf{x})\\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2(\\mathbf{x}^\\top\\mathbf{x})\\mathbf{x}",
    ],
    wrong: "incorrect",
    why: "d(xᵀx) = 2xᵀdx: a factor 2 is lost",
  },
  {
    name: "Cookbook (107): tr(A X²), X² the matrix square",
    lines: [
      M("X"),
      M("A"),
      "f = \\operatorname{tr}(A X^2)",
      "\\frac{\\partial f}{\\partial X} = (AX + XA)^\\top",
      "\\frac{\\partial f}{\\partial X} = 2 A \\odot X",
    ],
    wrong: "incorrect",
    why: "X² is X X, not the entrywise square",
  },
  {
    name: "tr(exp(X)): exp is entrywise (DESIGN.md), so the gradient is exp(X) ⊙ I",
    lines: [
      M("X"),
      "f = \\operatorname{tr}(\\exp(X))",
      "\\frac{\\partial f}{\\partial X} = \\exp(X) \\odot \\mathbf{I}",
      "\\frac{\\partial f}{\\partial X} = \\exp(X)^\\top",
    ],
    wrong: "incorrect",
    why: "(e^X)ᵀ is the matrix exponential's gradient; texgrad's \\exp is entrywise, as its contract says",
  },
  {
    name: "1ᵀ(1/x): elementwise reciprocal",
    lines: [
      V("\\mathbf{x}"),
      "f = \\mathbf{1}^\\top \\frac{1}{\\mathbf{x}}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = -\\frac{1}{\\mathbf{x} \\odot \\mathbf{x}}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\frac{1}{\\mathbf{x}}",
    ],
    wrong: "incorrect",
    why: "the sign and the square of d(1/x) = −dx/x² are lost",
  },
  {
    name: "aᵀ x/‖x‖: the unit vector",
    lines: [
      V("\\mathbf{x}"),
      V("\\mathbf{a}"),
      "f = \\mathbf{a}^\\top \\frac{\\mathbf{x}}{\\|\\mathbf{x}\\|}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\frac{\\mathbf{a}}{\\|\\mathbf{x}\\|} - \\frac{\\mathbf{a}^\\top\\mathbf{x}}{\\|\\mathbf{x}\\|^3}\\mathbf{x}",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\frac{\\mathbf{a}}{\\|\\mathbf{x}\\|}",
    ],
    wrong: "incorrect",
    why: "the derivative of 1/‖x‖ is missing",
  },
  {
    name: "Goodfellow's ‖Xw − y‖₂²/m + λwᵀw",
    lines: [
      "X \\in \\mathbb{R}^{n \\times d}",
      "\\mathbf{w} \\in \\mathbb{R}^{d}",
      V("\\mathbf{y}"),
      "J = \\frac{1}{m}\\|X\\mathbf{w} - \\mathbf{y}\\|_2^2 + \\lambda \\mathbf{w}^\\top\\mathbf{w}",
      "\\frac{\\partial J}{\\partial \\mathbf{w}} = \\frac{2}{m}X^\\top(X\\mathbf{w} - \\mathbf{y}) + 2\\lambda\\mathbf{w}",
      "\\frac{\\partial J}{\\partial \\mathbf{w}} = \\frac{1}{m}X^\\top(X\\mathbf{w} - \\mathbf{y}) + \\lambda\\mathbf{w}",
    ],
    wrong: "incorrect",
    why: "both factors 2 are lost",
  },
  {
    name: "Bishop's Gaussian log-density in μ, Σ not assumed symmetric",
    lines: [
      V("\\mathbf{x}"),
      V("\\boldsymbol{\\mu}"),
      M("\\Sigma"),
      "f = -\\frac{1}{2}(\\mathbf{x} - \\boldsymbol{\\mu})^\\top \\Sigma^{-1} (\\mathbf{x} - \\boldsymbol{\\mu}) - \\frac{1}{2}\\log\\det\\Sigma",
      "\\frac{\\partial f}{\\partial \\boldsymbol{\\mu}} = \\frac{1}{2}(\\Sigma^{-1} + \\Sigma^{-\\top})(\\mathbf{x} - \\boldsymbol{\\mu})",
      "\\frac{\\partial f}{\\partial \\boldsymbol{\\mu}} = -\\Sigma^{-1}(\\mathbf{x} - \\boldsymbol{\\mu})",
    ],
    wrong: "incorrect",
    why: "the sign is wrong (and Σ⁻¹ alone would need Σ symmetric)",
  },
  {
    name: "diag of a vector: tr(A diag(x))",
    lines: [
      V("\\mathbf{x}"),
      M("A"),
      "f = \\operatorname{tr}(A \\operatorname{diag}(\\mathbf{x}))",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\operatorname{diag}(A)",
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = A\\mathbf{1}",
    ],
    wrong: "incorrect",
    why: "A1 sums whole rows; only the diagonal of A enters",
  },
  {
    name: "diag of a matrix: aᵀ diag(X)",
    lines: [
      M("X"),
      V("\\mathbf{a}"),
      "f = \\mathbf{a}^\\top \\operatorname{diag}(X)",
      "\\frac{\\partial f}{\\partial X} = \\operatorname{diag}(\\mathbf{a})",
      "\\frac{\\partial f}{\\partial X} = \\mathbf{a}^\\top \\mathbf{a}",
    ],
    wrong: "incorrect",
    why: "a scalar for an n×n gradient",
  },
  {
    name: "max(0, x) is ReLU",
    lines: [
      "f = \\max(0, x)",
      "\\frac{\\partial f}{\\partial x} = \\operatorname{step}(x)",
      "\\frac{\\partial f}{\\partial x} = x",
    ],
    wrong: "incorrect",
    why: "the derivative of max(0, x) is the unit step",
  },
  {
    name: "tr(√X) of a matrix: √ is entrywise, and the claim's X^{-1/2} (a matrix power) is refused, so unverifiable, never incorrect",
    lines: [
      M("X"),
      "f = \\operatorname{tr}(\\sqrt{X})",
      "\\frac{\\partial f}{\\partial X} = \\frac{\\mathbf{I}}{2\\sqrt{X}}",
      "\\frac{\\partial f}{\\partial X} = \\frac{1}{2}X^{-1/2}",
    ],
    wrong: "unverifiable",
    why: "X^{-1/2} of a matrix is not supported (was 'incorrect: shape mismatch' on main)",
  },
];

describe("audit: textbook lectures derive, check and emit right", () => {
  for (const c of CASES) {
    test(c.name, () => {
      const doc = load(c.lines);
      expect(doc.errors.map((e) => e.message)).toEqual([]);
      const claims = checkDocument(doc);
      expect(
        claims.map((x) => x.verdict),
        claims.map((x) => x.reason).join("\n"),
      ).toEqual(["correct", c.wrong]);
      if (c.wrong === "unverifiable") expect(claims[1].reason).toMatch(/not supported/);
      const d = derive(load(c.lines.slice(0, -2)));
      const r = checkJs(d, 3);
      expect(r.forward).toBeLessThan(1e-9);
      for (const i of r.inputs) expect(i.relErr, i.key).toBeLessThan(GRADIENT_TOLERANCE);
    });
  }
});

/** Notations with two textbook readings: each is a located error that names both, never a silent choice. */
const REFUSED: [string, readonly string[], RegExp][] = [
  [
    "‖X‖₂ of a matrix is the spectral norm (was silently the Frobenius norm)",
    ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|_2"],
    /spectral norm.*not supported.*\\\|X\\\|_F is the Frobenius norm/,
  ],
  ["‖X‖₂² of a matrix", ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|_2^2"], /spectral norm/],
  [
    "a bare ‖X‖ of a matrix: spectral or Frobenius (was silently Frobenius)",
    ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|^2"],
    /ambiguous.*Frobenius/,
  ],
  [
    "‖X‖₁ of a matrix: the induced norm is not the entrywise one",
    ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|_1"],
    /of a matrix is not supported/,
  ],
  ["‖X‖_∞ of a matrix", ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|_\\infty"], /of a matrix is not supported/],
  ["‖x‖_p for another p", [V("\\mathbf{x}"), "f = \\|\\mathbf{x}\\|_3"], /is not supported/],
  [
    "|Σ| of a matrix: Bishop's determinant, or entrywise (was silently entrywise)",
    [M("\\Sigma"), "f = \\log |\\Sigma|"],
    /ambiguous.*determinant/,
  ],
  [
    "|x| of a vector: the norm, or entrywise (was silently entrywise)",
    [V("\\mathbf{x}"), "f = \\mathbf{1}^\\top |\\mathbf{x}|"],
    /ambiguous.*norm/,
  ],
  ["x^{-1} of a vector", [V("\\mathbf{x}"), "f = \\mathbf{1}^\\top \\mathbf{x}^{-1}"], /inverse needs a square matrix/],
  ["x² of a vector (a matrix power)", [V("\\mathbf{x}"), "f = \\mathbf{x}^2"], /matrix power needs a square matrix/],
  ["X^{1/2} of a matrix (the matrix square root)", [M("X"), "f = \\operatorname{tr}(X^{1/2})"], /not supported/],
];

describe("audit: ambiguous or unsupported notations are located refusals", () => {
  for (const [name, lines, message] of REFUSED) {
    test(name, () => {
      const doc = load(lines);
      expect(doc.errors.length).toBeGreaterThan(0);
      expect(doc.errors[0].loc.line).toBe(lines.length);
      expect(doc.errors[0].message).toMatch(message);
    });
  }
});

/** The readings that are unambiguous keep working: ‖x‖, ‖x‖₂, ‖x‖², ‖x‖₂², ‖X‖_F, |s| of a scalar. */
describe("audit: the unambiguous norms", () => {
  const rows: [string, readonly string[], string][] = [
    [
      "‖x‖₂",
      [V("\\mathbf{x}"), "f = \\|\\mathbf{x}\\|_2"],
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\frac{\\mathbf{x}}{\\|\\mathbf{x}\\|}",
    ],
    [
      "‖x‖₂²",
      [V("\\mathbf{x}"), "f = \\|\\mathbf{x}\\|_2^2"],
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2\\mathbf{x}",
    ],
    [
      "‖x‖²",
      [V("\\mathbf{x}"), "f = \\|\\mathbf{x}\\|^2"],
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = 2\\mathbf{x}",
    ],
    [
      "‖X‖_F",
      ["X \\in \\mathbb{R}^{n \\times d}", "f = \\|X\\|_F"],
      "\\frac{\\partial f}{\\partial X} = \\frac{X}{\\|X\\|_F}",
    ],
    ["|s|³ of a scalar", ["f = |s|^3"], "\\frac{\\partial f}{\\partial s} = 3 s^2 \\operatorname{sign}(s)"],
    [
      "|xᵀy| of a scalar product",
      [V("\\mathbf{x}"), V("\\mathbf{y}"), "f = |\\mathbf{x}^\\top\\mathbf{y}|"],
      "\\frac{\\partial f}{\\partial \\mathbf{x}} = \\operatorname{sign}(\\mathbf{x}^\\top\\mathbf{y})\\mathbf{y}",
    ],
  ];
  for (const [name, lines, claim] of rows) {
    test(name, () => {
      const doc = load([...lines, claim]);
      expect(doc.errors.map((e) => e.message)).toEqual([]);
      expect(checkDocument(doc).map((x) => [x.verdict, x.reason])).toEqual([["correct", expect.any(String)]]);
      const r = checkJs(derive(load(lines)), 5);
      for (const i of r.inputs) expect(i.relErr, i.key).toBeLessThan(GRADIENT_TOLERANCE);
    });
  }
});
