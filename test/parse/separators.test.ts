// Words between formulas (issue 8): `\; \textrm{and} \;`, `\text{where}`, `\text{for}`, `\quad` and `,` between two
// statements of one segment separate them; text is never multiplied into a formula. A word that cannot separate
// is a located error, or, after `\quad`, a remark that is dropped; groups, function arguments and spaces keep
// their commas and spacing.
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { checkDocument } from "../../src/check/index.js";
import { parseError, parseExpr, parseRels, scratch } from "../helpers/parse.js";

const tmp = scratch("seps");
const load = (name: string, text: string) => loadDocument(tmp.file(name, text));
const kinds = (text: string) => {
  const doc = load("k.tex", `${text}\n`);
  expect(doc.errors.filter((e) => !e.message.startsWith("shape error"))).toEqual([]);
  return doc.statements.map((s) => [s.statement.kind, s.latex]);
};
/** No text node is an operand of a product, a Hadamard product, a quotient or a Kronecker product. */
const noWordFactors = (e: Expr) =>
  expect(
    A.some(
      e,
      (x) => x.k === "op" && ["mul", "hadamard", "ediv", "kron"].includes(x.op) && x.args.some((a) => a.k === "text"),
    ),
  ).toBe(false);

describe("separators split one row into statements", () => {
  test("\\; \\textrm{and} \\; between two claims", () => {
    expect(
      kinds(
        "\\frac{\\partial L}{\\partial \\mathbf{x}} = W^\\top \\mathbf{g} \\; \\textrm{and} \\; \\frac{\\partial L}{\\partial W} = \\mathbf{g}\\mathbf{x}^\\top",
      ),
    ).toEqual([
      ["claim", "\\frac{\\partial L}{\\partial \\mathbf{x}} = W^\\top \\mathbf{g}"],
      ["claim", "\\frac{\\partial L}{\\partial W} = \\mathbf{g} \\mathbf{x}^\\top"],
    ]);
  });
  test.each([
    [
      "f = \\mathbf{x}^\\top \\mathbf{x}, \\quad \\mathbf{x} \\in \\mathbb{R}^n",
      "f = \\mathbf{x}^\\top \\mathbf{x}",
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
    ],
    [
      "f = \\mathbf{x}^\\top A \\mathbf{x} \\quad A \\in \\mathbb{R}^{n \\times n}",
      "f = \\mathbf{x}^\\top A \\mathbf{x}",
      "A \\in \\mathbb{R}^{n \\times n}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x} \\text{ where } W \\in \\mathbb{R}^{m \\times n}",
      "\\mathbf{y} = W \\mathbf{x}",
      "W \\in \\mathbb{R}^{m \\times n}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x}, \\text{where } W \\in \\mathbb{R}^{m \\times n}.",
      "\\mathbf{y} = W \\mathbf{x}",
      "W \\in \\mathbb{R}^{m \\times n}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x} \\quad\\text{for}\\quad \\mathbf{x} \\in \\mathbb{R}^{n}",
      "\\mathbf{y} = W \\mathbf{x}",
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x} \\mathrm{~and~} \\mathbf{x} \\in \\mathbb{R}^{n}",
      "\\mathbf{y} = W \\mathbf{x}",
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
    ],
    ["y = 2 x \\text{ if } x > 0", "y = 2 x", "x > 0"],
    [
      "\\mathbf{y} = W \\mathbf{x} \\mbox{ for } \\mathbf{x} \\in \\mathbb{R}^{n}",
      "\\mathbf{y} = W \\mathbf{x}",
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x} \\hbox{ and } \\mathbf{z} = \\mathbf{y}",
      "\\mathbf{y} = W \\mathbf{x}",
      "\\mathbf{z} = \\mathbf{y}",
    ],
    [
      "\\mathbf{y} = W \\mathbf{x} \\text{~and~} \\mathbf{x} \\in \\mathbb{R}^{n}",
      "\\mathbf{y} = W \\mathbf{x}",
      "\\mathbf{x} \\in \\mathbb{R}^{n}",
    ],
    [
      "\\mathbf{h} = \\tanh(\\mathbf{a}) \\text{ such that } \\mathbf{a} = W \\mathbf{x}",
      "\\mathbf{h} = \\tanh\\left(\\mathbf{a}\\right)",
      "\\mathbf{a} = W \\mathbf{x}",
    ],
  ])("%s", (src, first, second) => {
    expect(kinds(src).map((k) => k[1])).toEqual([first, second]);
  });
  test("a list of symbols before a membership or an inequality: each is declared or assumed", () => {
    expect(kinds("\\mathbf{x}, \\mathbf{y} \\in \\mathbb{R}^{n}")).toEqual([
      ["declaration", "\\mathbf{x} \\in \\mathbb{R}^{n}"],
      ["declaration", "\\mathbf{y} \\in \\mathbb{R}^{n}"],
    ]);
    expect(
      kinds(
        "f = \\mathbf{x}^\\top \\mathbf{y} \\quad \\text{for} \\quad \\mathbf{x}, \\mathbf{y} \\in \\mathbb{R}^{n}",
      ).map((k) => k[0]),
    ).toEqual(["definition", "declaration", "declaration"]);
    expect(kinds("a, b > 0")).toEqual([
      ["assumption", "a > 0"],
      ["assumption", "b > 0"],
    ]);
    expect(kinds("a, b = 1").map((k) => k[0])).toEqual(["expression", "definition"]);
  });
  test("y = x \\quad z = y: two definitions, the second located where it starts", () => {
    const doc = load("two.tex", "y = x \\quad z = y\n");
    expect(doc.statements.map((s) => [s.loc.col, s.statement.kind, s.latex])).toEqual([
      [1, "definition", "y = x"],
      [13, "definition", "z = y"],
    ]);
  });
  test("an index range after the formula is a remark, not a definition of the index", () => {
    expect(kinds("\\mathbf{y}_i = W \\mathbf{x}_i \\quad \\text{for } i = 1, \\ldots, n").map((k) => k[1])).toEqual([
      "\\mathbf{y}_{i} = W \\mathbf{x}_{i}",
    ]);
    expect(kinds("\\mathbf{h}_l = W_l \\mathbf{h}_{l-1}, \\quad l = 1, 2, \\dots, L").map((k) => k[1])).toEqual([
      "\\mathbf{h}_{l} = W_{l} \\mathbf{h}_{l - 1}",
    ]);
  });
  test("an index value after 'for' is a remark; a declaration or an assumption after 'for' is kept", () => {
    expect(kinds("z_k = \\mathbf{w}_k^\\top \\mathbf{x} \\quad \\text{for } k = 1")).toEqual([
      ["definition", "z_{k} = \\mathbf{w}_{k}^\\top \\mathbf{x}"],
    ]);
    expect(kinds("y = x \\quad \\text{for all} \\quad x > 0")).toEqual([
      ["definition", "y = x"],
      ["assumption", "x > 0"],
    ]);
  });
  test("'or' does not separate (x = 1 or x = 2 are not both true): a located error", () => {
    expect(parseError("y = 1 \\text{ or } y = 2")).toMatchObject({ line: 1, col: 7 });
  });
  test("words after \\quad, or in parentheses at the end, are a remark", () => {
    expect(kinds("\\mathbf{y} = W \\mathbf{x} \\quad \\text{by the chain rule}").map((k) => k[1])).toEqual([
      "\\mathbf{y} = W \\mathbf{x}",
    ]);
    expect(kinds("\\mathbf{y} = W \\mathbf{x} \\text{ (by the chain rule)}").map((k) => k[1])).toEqual([
      "\\mathbf{y} = W \\mathbf{x}",
    ]);
  });
});

describe("what stays one statement", () => {
  test.each([["1 - \\mathbf{H} \\odot \\mathbf{H}"], ["(A + B) \\quad C"], ["f(a, b)"], ["\\left(a \\quad b\\right)"]])(
    "%s",
    (src) => {
      expect(parseRels(src)).toHaveLength(1);
    },
  );
  test("function arguments and space dimensions keep their commas", () => {
    expect(kinds("f(a, b) = a b")).toEqual([["definition", "f\\left(a, b\\right) = a b"]]);
    expect(kinds("X \\in \\mathbb{R}^{n, d}")).toEqual([["declaration", "X \\in \\mathbb{R}^{n \\times d}"]]);
  });
  test("a subscript word is a name, not a separator (W_\\mathrm{in}, \\mathbf{x}_\\text{and})", () => {
    expect(kinds("\\mathbf{y} = W_\\mathrm{for} \\mathbf{x}_\\text{and}")).toEqual([
      ["definition", "\\mathbf{y} = W_{\\mathrm{for}} \\mathbf{x}_{\\text{and}}"],
    ]);
  });
});

describe("text is never multiplied into a formula", () => {
  test("a word that cannot separate, used as a factor, is a located error", () => {
    const e = parseError("y = 2 \\text{apples} x");
    expect(e).toMatchObject({ line: 1, col: 7 });
    expect(e.message).toMatch(/'apples' is text, not part of the formula/);
    expect(parseError("y = W x \\text{ by the chain rule}").col).toBe(9);
    // inside a group a word separates nothing
    expect(parseError("\\frac{a \\text{ and } b}{c}").col).toBe(9);
    expect(parseError("\\left(a \\quad \\text{and} \\quad b\\right)").col).toBe(15);
    expect(parseError("S = \\{ i \\text{ for } i > 0 \\}").col).toBe(10);
  });
  test("\\operatorname{MLP}(x) is refused by name (issue 8: an \\operatorname name of no operation), O(\\text{width}) a function of a word", () => {
    expect(parseError("\\operatorname{MLP}(\\mathbf{x})").message).toMatch(/\\operatorname\{MLP\} is not supported/);
    const o = parseExpr("O(\\text{width})");
    expect(o.k).toBe("apply");
    expect(parseError("\\operatorname{Var}[x]").message).toMatch(/\\operatorname\{Var\} is not supported/);
  });
  test("cases conditions: the 'if' goes, the formula stays; words stay words", () => {
    const e = parseExpr("\\begin{cases} 1 & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}");
    noWordFactors(e);
    expect(A.some(e, (x) => x.k === "apply" && x.fn.name === ">")).toBe(true);
    noWordFactors(
      parseExpr("\\begin{cases} 1 & \\text{if } (h, w) \\text{ was the max} \\\\ 0 & \\text{otherwise} \\end{cases}"),
    );
  });
});

// a textbook linear layer, its two gradients stated in one display joined by "and"
const linear = (
  second: string,
) => `For $\\mathbf{x} \\in \\mathbb{R}^{n}$ and $W \\in \\mathbb{R}^{m \\times n}$ the layer computes
$$\\mathbf{z} = W \\mathbf{x}, \\quad L = \\frac{1}{2} \\mathbf{z}^\\top \\mathbf{z}$$
and its gradients are
$$\\frac{\\partial L}{\\partial \\mathbf{x}} = W^\\top \\frac{\\partial L}{\\partial \\mathbf{z}} \\; \\textrm{and} \\; \\frac{\\partial L}{\\partial W} = ${second}$$
`;

describe("check and derive on lectures that join statements with words", () => {
  test("declarations after 'where' hold for the formula before them (plain x declared a vector afterwards)", () => {
    const doc = load(
      "after.tex",
      "y = \\mathbf{1}^\\top \\tanh(W x) \\text{ where } x \\in \\mathbb{R}^{n}, W \\in \\mathbb{R}^{m \\times n}\n",
    );
    expect(doc.errors).toEqual([]);
    const d = derive(doc);
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W", "x"]);
    for (let seed = 1; seed <= 3; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
  test("two claims joined by 'and': each gets its own verdict", () => {
    const right = checkDocument(load("lin.md", linear("\\frac{\\partial L}{\\partial \\mathbf{z}} \\mathbf{x}^\\top")));
    expect(right.map((c) => [c.loc.line, c.loc.col, c.verdict])).toEqual([
      [4, 3, "correct"],
      [4, 109, "correct"],
    ]);
    const wrong = checkDocument(
      load("lin-wrong.md", linear("\\mathbf{x} \\frac{\\partial L}{\\partial \\mathbf{z}}^\\top")),
    );
    expect(wrong.map((c) => c.verdict)).toEqual(["correct", "incorrect"]);
  });
  test("a definition with its declarations after 'where' derives, and the gradients agree with finite differences", () => {
    const doc = load(
      "where.tex",
      [
        "\\mathbf{z} = W \\mathbf{x} + \\mathbf{b} \\quad \\text{where} \\quad W \\in \\mathbb{R}^{m \\times n}, \\mathbf{x} \\in \\mathbb{R}^{n}, \\mathbf{b} \\in \\mathbb{R}^{m}",
        "L = \\mathbf{1}^\\top \\tanh(\\mathbf{z}) \\quad \\text{(a scalar)}",
      ].join("\n"),
    );
    expect(doc.errors).toEqual([]);
    const d = derive(doc);
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W", "b", "x"]);
    for (let seed = 1; seed <= 3; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
});
