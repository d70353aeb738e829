// Every row of ../shared/identities.md (copied here as data: the reference gradients of the Matrix Cookbook,
// matrixcalculus.org and SymPy issues): the derived gradient equals the reference numerically, and agrees
// with central finite differences.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkGradients, runDerivation } from "../../src/derive/numcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { relErr } from "../../src/numeric/index.js";

export const IDENTITIES: [number, string, string, string][] = [
  [1, "\\mathbf{x}^\\top \\mathbf{a}", "x", "\\mathbf{a}"],
  [2, "\\mathbf{a}^\\top X \\mathbf{b}", "X", "\\mathbf{a}\\mathbf{b}^\\top"],
  [3, "\\mathbf{a}^\\top X^\\top \\mathbf{b}", "X", "\\mathbf{b}\\mathbf{a}^\\top"],
  [4, "\\mathbf{b}^\\top X^\\top X \\mathbf{c}", "X", "X(\\mathbf{b}\\mathbf{c}^\\top + \\mathbf{c}\\mathbf{b}^\\top)"],
  [
    5,
    "(B\\mathbf{x}+\\mathbf{b})^\\top C (D\\mathbf{x}+\\mathbf{d})",
    "x",
    "B^\\top C(D\\mathbf{x}+\\mathbf{d}) + D^\\top C^\\top (B\\mathbf{x}+\\mathbf{b})",
  ],
  [6, "\\mathbf{x}^\\top B \\mathbf{x}", "x", "(B+B^\\top)\\mathbf{x}"],
  [
    7,
    "\\mathbf{b}^\\top X^\\top D X \\mathbf{c}",
    "X",
    "D^\\top X \\mathbf{b}\\mathbf{c}^\\top + D X \\mathbf{c}\\mathbf{b}^\\top",
  ],
  [
    8,
    "(X\\mathbf{b}+\\mathbf{c})^\\top D (X\\mathbf{b}+\\mathbf{c})",
    "X",
    "(D+D^\\top)(X\\mathbf{b}+\\mathbf{c})\\mathbf{b}^\\top",
  ],
  [9, "\\mathbf{a}^\\top X^{-1} \\mathbf{b}", "X", "-X^{-\\top}\\mathbf{a}\\mathbf{b}^\\top X^{-\\top}"],
  [10, "\\operatorname{tr}(A X^{-1} B)", "X", "-(X^{-1} B A X^{-1})^\\top"],
  [11, "\\operatorname{tr}((X+A)^{-1})", "X", "-((X+A)^{-1}(X+A)^{-1})^\\top"],
  [12, "\\det X", "X", "\\det(X) X^{-\\top}"],
  [13, "\\log\\det X", "X", "X^{-\\top}"],
  [14, "\\det(X^{-1})", "X", "-\\det(X^{-1}) X^{-\\top}"],
  [15, "\\operatorname{tr} X", "X", "\\mathbf{I}"],
  [16, "\\operatorname{tr}(X A)", "X", "A^\\top"],
  [17, "\\operatorname{tr}(A X B)", "X", "A^\\top B^\\top"],
  [18, "\\operatorname{tr}(A X^\\top B)", "X", "B A"],
  [19, "\\operatorname{tr}(X^2)", "X", "2X^\\top"],
  [20, "\\operatorname{tr}(X^2 B)", "X", "(XB+BX)^\\top"],
  [21, "\\operatorname{tr}(X^\\top B X)", "X", "(B+B^\\top)X"],
  [22, "\\operatorname{tr}(X B X^\\top)", "X", "X(B+B^\\top)"],
  [23, "\\operatorname{tr}(A X B X)", "X", "A^\\top X^\\top B^\\top + B^\\top X^\\top A^\\top"],
  [24, "\\operatorname{tr}(X^\\top X)", "X", "2X"],
  [25, "\\operatorname{tr}(B^\\top X^\\top C X B)", "X", "(C+C^\\top) X B B^\\top"],
  [26, "\\operatorname{tr}(A X B X^\\top C)", "X", "A^\\top C^\\top X B^\\top + C A X B"],
  [27, "\\operatorname{tr}((AXB+C)(AXB+C)^\\top)", "X", "2A^\\top(AXB+C)B^\\top"],
  [28, "\\operatorname{tr}(A^\\top A) + \\operatorname{tr}(B^\\top B)", "A", "2A"],
  [29, "\\operatorname{tr} A + \\operatorname{tr}(A^2)", "A", "\\mathbf{I} + 2A^\\top"],
  [30, "\\mathbf{a}^\\top \\sin(X) \\mathbf{b}", "X", "(\\mathbf{a}\\mathbf{b}^\\top) \\odot \\cos X"],
  [31, "\\mathbf{a}^\\top (A \\odot X \\odot B) \\mathbf{b}", "X", "(\\mathbf{a}\\mathbf{b}^\\top) \\odot A \\odot B"],
  [32, "\\|\\mathbf{x}\\|", "x", "\\mathbf{x}/\\|\\mathbf{x}\\|"],
  [33, "\\|X W - Y\\|_F^2", "W", "2X^\\top(XW-Y)"],
  [34, "\\log \\mathbf{1}^\\top \\exp(\\mathbf{z})", "z", "\\operatorname{softmax}(\\mathbf{z})"],
];

const dir = mkdtempSync(join(tmpdir(), "texgrad-identities-"));

describe("reference identities (../shared/identities.md)", () => {
  for (const [n, f, wrt, grad] of IDENTITIES) {
    test(`#${n}: ∂/∂${wrt} ${f} = ${grad}`, () => {
      const file = join(dir, `id${n}.tex`);
      writeFileSync(file, `f = ${f}\nG = ${grad}\n`);
      const doc = loadDocument(file);
      expect(doc.errors).toEqual([]);
      const d = derive(doc, { of: "f", wrt: [wrt] });
      const gradDef = doc.statements.map((s) => s.statement).find((s) => s.kind === "definition" && s.lhs.name === "G");
      if (gradDef?.kind !== "definition") throw new Error("no reference");
      for (let seed = 1; seed <= 3; seed++) {
        const run = runDerivation(d, seed);
        const derived = run.derivs.get(d.backward.find((b) => b.input)!.name)!;
        const reference = evaluate(gradDef.rhs, { values: run.values }, run.values.get(d.inputs[0].name));
        expect(relErr(derived, reference)).toBeLessThan(1e-9);
        for (const c of checkGradients(d, seed)) expect(c.relErr).toBeLessThan(1e-6);
      }
    });
  }
});
