// Statements (DESIGN.md, "Input language"): declarations, definitions, derivative claims, chain statements,
// assumptions; aligned blocks whose rows continue the previous left side; located errors that skip one segment.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as A from "../../src/ast/index.js";
import { classify, type Statement } from "../../src/parse/statement.js";
import { loadDocument } from "../../src/parse/document.js";
import { parseRels, START } from "../helpers/parse.js";

const stmt = (src: string): Statement => {
  const rels = parseRels(src);
  expect(rels).toHaveLength(1);
  return classify(rels[0], START);
};
const s = (n: string, latex = n) => A.sym(n, "scalar", latex);
const m = (n: string, latex = n) => A.sym(n, "matrix", latex);

describe("declarations", () => {
  test("X \\in \\mathbb{R}^{n \\times d}", () => {
    expect(stmt("X \\in \\mathbb{R}^{n \\times d}")).toEqual({
      kind: "declaration",
      loc: START,
      syms: [m("X")],
      space: { k: "space", field: "R", dims: [s("n"), s("d")] },
    });
  });
  test.each([
    ["\\mathbf{x} \\in \\Re^{n}", [s("n")]],
    ["\\mathbf{x} \\in \\mathbb{R}^n", [s("n")]],
    ["\\gamma \\in \\mathbb{R}", []],
    ["W_q \\in \\mathbb{R}^{d \\times d_k}", [s("d"), s("d_k", "d_{k}")]],
    ["H \\in \\mathbb{R}^{n \\times 2k}", [s("n"), A.op("mul", [A.num(2), s("k")])]],
    ["H \\in \\mathbb{R}^{(k+1) \\times 3}", [A.op("add", [s("k"), A.num(1)]), A.num(3)]],
  ])("%s", (src, dims) => {
    const st = stmt(src);
    expect(st.kind).toBe("declaration");
    if (st.kind === "declaration") expect(st.space.dims).toEqual(dims);
  });
  test("several names at once", () => {
    const st = stmt("(Q, K) \\in \\mathbb{R}^{n \\times d}");
    expect(st.kind === "declaration" && st.syms).toEqual([m("Q"), m("K")]);
  });
  test("a non-symbol in a space is an expression", () =>
    expect(stmt("A B \\in \\mathbb{R}^{n}").kind).toBe("expression"));
});

describe("definitions", () => {
  test("Q = X W_q", () => {
    expect(stmt("Q = X W_q")).toEqual({
      kind: "definition",
      loc: START,
      lhs: m("Q"),
      params: [],
      rhs: A.op("mul", [m("X"), m("W_q", "W_{q}")]),
      also: [],
    });
  });
  test("E(\\mathbf{w}) = … names E with parameter w", () => {
    const st = stmt("E(\\mathbf{w}) = \\|\\mathbf{y} - X \\mathbf{w}\\|^2");
    expect(st.kind).toBe("definition");
    if (st.kind === "definition") {
      expect(st.lhs).toBe(m("E"));
      expect(st.params).toEqual([A.sym("w", "vector", "\\mathbf{w}")]);
    }
  });
  test("a chain a = b = c defines a, with c also equal", () => {
    const st = stmt("a = b + 1 = c");
    expect(st.kind === "definition" && [st.lhs, st.rhs, st.also]).toEqual([
      s("a"),
      A.op("add", [s("b"), A.num(1)]),
      [s("c")],
    ]);
  });
  test(":= and \\triangleq define too", () => {
    expect(stmt("a := b").kind).toBe("definition");
    expect(stmt("a \\triangleq b").kind).toBe("definition");
  });
});

describe("claims and chain statements", () => {
  const dL = (w: string) => A.deriv(m("L"), [m(w)]);
  test("a derivative claim", () => {
    expect(stmt("\\frac{\\partial L}{\\partial V} = A^\\top \\frac{\\partial L}{\\partial O}")).toEqual({
      kind: "claim",
      loc: START,
      deriv: dL("V"),
      rhs: A.op("mul", [A.op("transpose", [m("A")]), dL("O")]),
      chain: false,
    });
  });
  test("the \\text{d} form", () => {
    const st = stmt("\\frac{\\text{d} E}{\\text{d}\\mathbf{w}} = -2 X^\\top \\mathbf{y}");
    expect(st.kind === "claim" && st.deriv).toBe(A.deriv(m("E"), [A.sym("w", "vector", "\\mathbf{w}")], 1, true));
  });
  test("a sum of products of derivatives is a chain statement", () => {
    const st = stmt(
      "\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Q}\\frac{\\partial Q}{\\partial X} + \\dots",
    );
    expect(st.kind === "claim" && st.chain).toBe(true);
    expect(
      stmt("\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Q} \\frac{\\partial Q}{\\partial X}")
        .kind === "claim",
    ).toBe(true);
  });
});

describe("assumptions", () => {
  test.each([
    ["\\epsilon > 0", ">"],
    ["d_k \\geq 1", "\\geq"],
    ["a < b", "<"],
    ["a \\leq b", "\\leq"],
    ["a \\neq 0", "\\neq"],
    ["X = X^\\top", "="],
    ["\\Sigma = \\Sigma^\\top", "="],
  ])("%s", (src, rel) => {
    const st = stmt(src);
    expect(st.kind).toBe("assumption");
    expect(st.kind === "assumption" && st.rel).toBe(rel);
  });
});

describe("everything else is an expression", () => {
  test.each([["x"], ["a \\approx b"], ["\\mathbb{R}^{n}"], ["a + b \\propto c"], ["(a, b) = (c, d)"]])("%s", (src) => {
    expect(stmt(src).kind).toBe("expression");
  });
});

describe("documents", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "texgrad-stmt-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const doc = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return loadDocument(p);
  };

  test("rows of an aligned block that start with a relation continue the previous left side", () => {
    const d = doc("a.md", "$$\n\\begin{aligned}\nL &= a + b \\\\\n  &= c \\\\\nM &= L\n\\end{aligned}\n$$\n");
    expect(d.errors).toEqual([]);
    expect(d.segments).toBe(1);
    expect(d.statements.map((r) => [r.loc.line, r.loc.col, r.statement.kind, r.latex])).toEqual([
      [3, 1, "definition", "L = a + b"],
      [4, 3, "definition", "L = c"],
      [5, 1, "definition", "M = L"],
    ]);
  });
  test("the first row of a block cannot continue anything", () => {
    const d = doc("b.md", "$$\\begin{aligned} &= c \\end{aligned}$$");
    expect(d.statements.map((r) => r.statement.kind)).toEqual(["expression"]);
  });
  test("a bad segment is a located error and the file goes on", () => {
    const d = doc("c.md", "First $a = b$, then\n  $x = \\frac{1}{$ and $y = 2$.\n");
    expect(d.segments).toBe(3);
    expect(d.statements.map((r) => r.latex)).toEqual(["a = b", "y = 2"]);
    expect(d.errors).toEqual([
      { loc: { file: join(dir, "c.md"), line: 2, col: 17 }, message: "formula ends too early" },
    ]);
  });
  test("a statement file: one statement a line, macros defined in the file", () => {
    const d = doc("s.tex", "\\newcommand{\\inputMatrix}{\\mathbf{X}}\nQ = \\inputMatrix W_q % query\n\\epsilon > 0\n");
    expect(d.errors).toEqual([]);
    expect(d.statements.map((r) => [r.loc.line, r.statement.kind, r.latex])).toEqual([
      [2, "definition", "Q = \\inputMatrix W_{q}"],
      [3, "assumption", "\\epsilon > 0"],
    ]);
  });
});
