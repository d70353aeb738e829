// The attention block and two-head attention: gradients in conventional form (compared as canonical trees,
// not strings) and in agreement with finite differences on random sizes.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import "../../src/ops/index.js";
import { loadDocument, type Document } from "../../src/parse/document.js";
import { parseMath } from "../../src/parse/index.js";
import { derive, makeSimplifier, type Derivation } from "../../src/derive/reverse.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import type { Expr } from "../../src/ast/index.js";

const example = (f: string) => fileURLToPath(new URL(`../../examples/${f}`, import.meta.url));

/** The derived gradient of `of`, and the expected formula brought to the same canonical form. */
function compare(doc: Document, d: Derivation, of: string, expected: string): [Expr, Expr] {
  const b = d.backward.find((x) => x.target.name === of);
  if (!b) throw new Error(`no gradient for ${of}`);
  const rel = parseMath(expected, { file: "expected", line: 1, col: 1 }, doc.macros).relations[0];
  const simplify = makeSimplifier(d.ctx, d.forward);
  return [b.expr, simplify(rel.first as Expr, [])];
}

describe("single-head attention", () => {
  const doc = loadDocument(example("attention.tex"));
  const d = derive(doc);
  test("the document parses and the output is O with upstream ∂L/∂O", () => {
    expect(doc.errors).toEqual([]);
    expect(d.output.name).toBe("O");
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W_k", "W_q", "W_v", "X"]);
  });
  const conventional: [string, string][] = [
    ["V", "A^\\top \\frac{\\partial L}{\\partial O}"],
    ["A", "\\frac{\\partial L}{\\partial O} V^\\top"],
    [
      "S",
      "A \\odot \\left(\\frac{\\partial L}{\\partial A} - \\operatorname{rowsum}\\left(A \\odot \\frac{\\partial L}{\\partial A}\\right) \\mathbf{1}^\\top\\right)",
    ],
    ["Q", "\\frac{1}{\\sqrt{d_k}} \\frac{\\partial L}{\\partial S} K"],
    ["K", "\\frac{1}{\\sqrt{d_k}} \\frac{\\partial L}{\\partial S}^\\top Q"],
    [
      "X",
      "\\frac{\\partial L}{\\partial Q} W_q^\\top + \\frac{\\partial L}{\\partial K} W_k^\\top + \\frac{\\partial L}{\\partial V} W_v^\\top",
    ],
    ["W_q", "X^\\top \\frac{\\partial L}{\\partial Q}"],
    ["W_k", "X^\\top \\frac{\\partial L}{\\partial K}"],
    ["W_v", "X^\\top \\frac{\\partial L}{\\partial V}"],
  ];
  for (const [of, expected] of conventional) {
    test(`∂L/∂${of} in conventional form`, () => {
      const [got, want] = compare(doc, d, of, expected);
      expect(got).toBe(want);
    });
  }
  test("every gradient agrees with finite differences on random sizes", () => {
    for (let seed = 1; seed <= 5; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
});

describe("two-head attention (concat, W_o)", () => {
  const doc = loadDocument(example("multihead.tex"));
  const d = derive(doc);
  test("gradients for every projection of both heads and W_o", () => {
    expect(doc.errors).toEqual([]);
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W_k1", "W_k2", "W_o", "W_q1", "W_q2", "W_v1", "W_v2", "X"]);
  });
  test("∂L/∂W_o = concat(H_1, H_2)ᵀ ∂L/∂M", () => {
    const [got, want] = compare(
      doc,
      d,
      "W_o",
      "\\operatorname{concat}(H_1, H_2)^\\top \\frac{\\partial L}{\\partial M}",
    );
    expect(got).toBe(want);
  });
  test("every gradient agrees with finite differences on random sizes", () => {
    for (let seed = 1; seed <= 3; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
});
