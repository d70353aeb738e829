// Shape inference over a document (DESIGN.md, "Shapes"): dimensions are unified across statements (Q = X W_q
// forces cols(X) = rows(W_q)), declared names are kept and stay distinct, concatenation adds columns (k + k = 2k),
// and every shape error names both shapes and the statement's location.
import { afterAll, describe, expect, test } from "vitest";
import { loadDocument, type Document } from "../../src/parse/document.js";
import type { Shape } from "../../src/shape/shape.js";
import { scratch } from "../helpers/parse.js";

const tmp = scratch("shape");
afterAll(() => tmp.remove());
let count = 0;
/** A statement file with one statement a line. */
const doc = (...lines: string[]): Document => loadDocument(tmp.file(`s${count++}.tex`, lines.join("\n") + "\n"));
const shapeOf = (d: Document, name: string): Shape => {
  const s = d.env.shapes.get(name);
  if (!s) throw new Error(`no shape for ${name}`);
  return s;
};
const show = (d: Document, name: string) => d.env.show(shapeOf(d, name));
const dim = (d: Document, name: string, i: 0 | 1) => {
  const s = shapeOf(d, name);
  return s.length ? d.env.dims.show(s[i]) : "scalar";
};

describe("unification across a document", () => {
  test("Q = X W_q forces cols(X) = rows(W_q)", () => {
    const d = doc("Q = X W_q");
    expect(d.errors).toEqual([]);
    expect(dim(d, "X", 1)).toBe(dim(d, "W_q", 0));
    expect(dim(d, "Q", 0)).toBe(dim(d, "X", 0));
    expect(dim(d, "Q", 1)).toBe(dim(d, "W_q", 1));
    expect(dim(d, "X", 0)).not.toBe(dim(d, "X", 1));
  });
  test("declared names flow through definitions", () => {
    const d = doc(
      "X \\in \\mathbb{R}^{n \\times d}",
      "W_q \\in \\mathbb{R}^{d \\times d_k}",
      "Q = X W_q",
      "S = Q Q^\\top",
    );
    expect(d.errors).toEqual([]);
    expect([show(d, "Q"), show(d, "S")]).toEqual(["n×d_k", "n×n"]);
    expect(d.statements.map((r) => r.shape && d.env.show(r.shape))).toEqual(["n×d", "d×d_k", "n×d_k", "n×n"]);
  });
  test("a declaration after the use names the dimensions found so far", () => {
    const d = doc("Q = X W_q", "X \\in \\mathbb{R}^{n \\times d}");
    expect(d.errors).toEqual([]);
    expect(dim(d, "W_q", 0)).toBe("d");
    expect(dim(d, "Q", 0)).toBe("n");
  });
  test("vectors are columns, scalars have no dimensions", () => {
    const d = doc(
      "\\mathbf{x} \\in \\mathbb{R}^{d}",
      "\\gamma \\in \\mathbb{R}",
      "\\mathbf{h} = \\gamma W \\mathbf{x} + \\mathbf{b}",
      "s = \\mathbf{h}^\\top \\mathbf{h}",
    );
    expect(d.errors).toEqual([]);
    expect(show(d, "x")).toBe("d×1");
    expect(show(d, "gamma")).toBe("scalar");
    expect(dim(d, "W", 1)).toBe("d");
    expect(dim(d, "h", 1)).toBe("1");
    expect(show(d, "b")).toBe(show(d, "h"));
    expect(show(d, "s")).toBe("1×1");
  });
  test("a dimension name used in math is a scalar: \\sqrt{d_k}", () => {
    const d = doc("Q \\in \\mathbb{R}^{n \\times d_k}", "S = \\frac{Q Q^\\top}{\\sqrt{d_k}}");
    expect(d.errors).toEqual([]);
    expect(show(d, "S")).toBe("n×n");
  });
  test("softmax and layer norm keep the shape; transposes swap it", () => {
    const d = doc(
      "X \\in \\mathbb{R}^{n \\times d}",
      "A = \\softmax(X X^\\top)",
      "Y = \\operatorname{LayerNorm}(X)^\\top",
    );
    expect([show(d, "A"), show(d, "Y")]).toEqual(["n×n", "d×n"]);
  });
  test("an undefined differentiated quantity is a scalar loss: ∂L/∂X has the shape of X", () => {
    const d = doc("X \\in \\mathbb{R}^{n \\times d}", "\\frac{\\partial L}{\\partial X}");
    expect(d.statements[1].shape && d.env.show(d.statements[1].shape)).toBe("n×d");
  });
});

describe("concatenation adds columns", () => {
  test("k + k = 2k", () => {
    const d = doc(
      "A \\in \\mathbb{R}^{n \\times k}",
      "B \\in \\mathbb{R}^{n \\times k}",
      "H = \\concat(A, B)",
      "Y = \\concat(A, B, A)",
    );
    expect(d.errors).toEqual([]);
    expect([show(d, "H"), show(d, "Y")]).toEqual(["n×2k", "n×3k"]);
  });
  test("a declared n×2k agrees with the concatenation", () => {
    const d = doc(
      "A \\in \\mathbb{R}^{n \\times k}",
      "H \\in \\mathbb{R}^{n \\times 2k}",
      "H = \\operatorname{concat}(A, A)",
      "W \\in \\mathbb{R}^{2k \\times m}",
      "O = H W",
    );
    expect(d.errors).toEqual([]);
    expect(show(d, "O")).toBe("n×m");
  });
  test("k + 1 columns", () => {
    const d = doc(
      "A \\in \\mathbb{R}^{n \\times k}",
      "\\mathbf{v} \\in \\mathbb{R}^{n}",
      "H = \\concat(A, \\mathbf{v})",
    );
    expect(show(d, "H")).toBe("n×k + 1");
  });
  test("heads written with \\ldots: rows agree, the width is unknown", () => {
    const d = doc("H_1 \\in \\mathbb{R}^{n \\times k}", "O = \\concat(H_1, \\ldots, H_h) W_o");
    expect(d.errors).toEqual([]);
    expect(dim(d, "O", 0)).toBe("n");
    expect(dim(d, "W_o", 0)).not.toBe("1");
  });
  test("rows must agree", () => {
    const d = doc("A \\in \\mathbb{R}^{n \\times k}", "B \\in \\mathbb{R}^{m \\times k}", "H = \\concat(A, B)");
    expect(d.errors.map((e) => [e.loc.line, e.loc.col, e.message])).toEqual([
      [3, 1, "shape error: concatenation: rows of n×k and m×k differ"],
    ]);
  });
});

describe("shape errors name both shapes and are located", () => {
  const errs = (d: Document) => d.errors.map((e) => [e.loc.line, e.loc.col, e.message]);
  test("a product that does not conform", () => {
    const d = doc("X \\in \\mathbb{R}^{n \\times d}", "W \\in \\mathbb{R}^{k \\times m}", "  Y = X W", "Z = X");
    expect(errs(d)).toEqual([[3, 3, "shape error: product: shapes n×d and k×m do not conform"]]);
    expect(d.statements[2].shapeError).toBe("product: shapes n×d and k×m do not conform");
    expect(d.statements[3].shape && d.env.show(d.statements[3].shape)).toBe("n×d");
  });
  test("a sum of different shapes", () => {
    expect(errs(doc("X \\in \\mathbb{R}^{n \\times d}", "W \\in \\mathbb{R}^{d \\times n}", "Y = X + W"))).toEqual([
      [3, 1, "shape error: sum: shapes n×d and d×n differ"],
    ]);
  });
  test("constant dimensions", () => {
    expect(errs(doc("X \\in \\mathbb{R}^{3 \\times 4}", "Y = X X"))).toEqual([
      [2, 1, "shape error: product: shapes 3×4 and 3×4 do not conform"],
    ]);
  });
  test("a definition against its declaration", () => {
    expect(
      errs(
        doc(
          "Q \\in \\mathbb{R}^{n \\times d}",
          "X \\in \\mathbb{R}^{n \\times k}",
          "W \\in \\mathbb{R}^{k \\times m}",
          "Q = X W",
        ),
      ),
    ).toEqual([[4, 1, "shape error: definition of Q: shapes n×d and n×m differ"]]);
  });
  test("a declaration against an earlier one", () => {
    expect(errs(doc("X \\in \\mathbb{R}^{n \\times d}", "X \\in \\mathbb{R}^{d \\times n}"))).toEqual([
      [2, 1, "shape error: declaration of X: shapes n×d and d×n differ"],
    ]);
  });
  test("a square matrix is needed for an inverse and a trace", () => {
    expect(errs(doc("X \\in \\mathbb{R}^{n \\times d}", "Y = X^{-1}"))[0][2]).toMatch(/n×d/);
    expect(errs(doc("X \\in \\mathbb{R}^{n \\times d}", "t = \\operatorname{tr}(X)"))[0][2]).toMatch(/n×d/);
  });
  test("a bad dimension expression", () => {
    expect(errs(doc("X \\in \\mathbb{R}^{n \\times \\exp(k)}"))).toEqual([
      [1, 1, "shape error: dimension must be a name, a number or a sum such as 2k"],
    ]);
  });
  test("a claim whose sides differ keeps its own shape error, not a document error", () => {
    const d = doc(
      "X \\in \\mathbb{R}^{n \\times d}",
      "W \\in \\mathbb{R}^{d \\times m}",
      "Y = X W",
      "\\frac{\\partial L}{\\partial W} = \\frac{\\partial L}{\\partial Y} X^\\top",
    );
    expect(d.errors).toEqual([]);
    expect(d.statements[3].shape && d.env.show(d.statements[3].shape)).toBe("d×m");
    expect(d.statements[3].shapeError).toMatch(/n×m.*d×n|do not conform/);
  });
});
