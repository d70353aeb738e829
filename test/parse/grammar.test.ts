// The math grammar of DESIGN.md, form by form: precedence (relations < + − < products < unary minus < postfix),
// products, fractions and derivatives, superscripts, subscripts. Expected trees are built with the AST
// constructors; nodes are hash-consed, so `toBe` is structural equality.
import { afterAll, describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import { parseStats } from "../../src/parse/index.js";
import { parseExpr, parseRels, parseError } from "../helpers/parse.js";

const s = (n: string, latex = n) => A.sym(n, "scalar", latex);
const m = (n: string, latex = n) => A.sym(n, "matrix", latex);
const v = (n: string) => A.sym(n, "vector", `\\mathbf{${n}}`);
const op = (name: string, ...args: A.Expr[]) => A.op(name, args);
const [a, b, c, x, z] = ["a", "b", "c", "x", "z"].map((n) => s(n));
const [X, Y, P, Q, W, L] = ["A", "B", "C", "X", "W", "L"].map((n) => m(n));
const n = A.num;

afterAll(() => expect(parseStats.ambiguousSubparses).toBe(0));

describe("precedence", () => {
  test.each([
    ["a + b c", op("add", a, op("mul", b, c))],
    ["a b + c", op("add", op("mul", a, b), c)],
    ["a - b - c", op("add", a, op("neg", b), op("neg", c))],
    ["a - b c", op("add", a, op("neg", op("mul", b, c)))],
    ["(a + b) c", op("mul", op("add", a, b), c)],
    ["a + (b + c)", op("add", a, op("add", b, c))],
    // unary minus binds tighter than a product, looser than a postfix script
    ["-a b", op("mul", op("neg", a), b)],
    ["-a^2", op("neg", A.op("pow", [a], 2))],
    ["-2", n(-2)],
    ["-(a b)", op("neg", op("mul", a, b))],
    ["a \\cdot -b", op("mul", a, op("neg", b))],
    ["+a", a],
    ["a \\pm b", op("add", a, b)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));

  test("relations are lowest, and chain", () => {
    const [r] = parseRels("x = a + b = c");
    expect(r.first).toBe(x);
    expect(r.rest).toEqual([
      { rel: "=", rhs: op("add", a, b) },
      { rel: "=", rhs: c },
    ]);
    expect(parseRels("x := a")[0].rest[0].rel).toBe(":=");
    expect(parseRels("x \\leq a")[0].rest[0].rel).toBe("\\leq");
    expect(parseRels("x \\ge a")[0].rest[0].rel).toBe("\\geq");
  });
  test("a comma or a line break separates formulas", () => {
    expect(parseRels("a = b, c = x").map((r) => r.first)).toEqual([a, c]);
    expect(parseRels("a = b \\\\ c = x").map((r) => r.first)).toEqual([a, c]);
  });
});

describe("products", () => {
  test.each([
    ["A B", op("mul", X, Y)],
    ["A B C", op("mul", op("mul", X, Y), P)],
    ["A \\cdot B", op("mul", X, Y)],
    ["a \\times b", op("mul", a, b)],
    ["A \\odot B", op("hadamard", X, Y)],
    ["A \\circ B", op("hadamard", X, Y)],
    ["A \\oslash B", op("ediv", X, Y)],
    ["a / b", op("ediv", a, b)],
    ["A \\otimes B", op("kron", X, Y)],
    // all products share one level and associate to the left
    ["A \\odot B C", op("mul", op("hadamard", X, Y), P)],
    ["A B \\odot C", op("hadamard", op("mul", X, Y), P)],
    ["A (B \\odot C)", op("mul", X, op("hadamard", Y, P))],
    ["2 x", op("mul", n(2), x)],
    ["x 2", op("mul", x, n(2))],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("fractions and derivatives", () => {
  const d = (of: A.Expr, wrt: A.Expr[], order = wrt.length, upright = false) => A.deriv(of, wrt, order, upright);
  const w = v("w");
  test.each([
    ["\\frac{a}{b}", op("ediv", a, b)],
    ["\\frac{A B}{\\sqrt{a}}", op("ediv", op("mul", X, Y), op("sqrt", a))],
    ["\\tfrac{1}{2} a", op("mul", op("ediv", n(1), n(2)), a)],
    ["\\frac{\\partial L}{\\partial X}", d(L, [Q])],
    ["\\frac{\\partial L}{\\partial W_q}", d(L, [A.sym("W_q", "matrix", "W_{q}")])],
    ["\\frac{\\partial^2 f}{\\partial z \\partial z^\\top}", d(s("f"), [z, op("transpose", z)], 2)],
    ["\\frac{\\partial^2 f}{\\partial x^2}", d(s("f"), [x, x], 2)],
    ["\\frac{\\partial^{2} f}{\\partial x \\partial z}", d(s("f"), [x, z], 2)],
    ["\\frac{\\text{d} E}{\\text{d}\\mathbf{w}}", d(m("E"), [w], 1, true)],
    ["\\frac{\\mathrm{d} E}{\\mathrm{d} \\mathbf{w}}", d(m("E"), [w], 1, true)],
    ["\\frac{\\text{d}^2 y}{\\text{d} x^2}", d(s("y"), [x, x], 2, true)],
    ["\\frac{\\partial (a + b)}{\\partial x}", d(op("add", a, b), [x])],
    // operator form: the derivative applies to the rest of the product
    ["\\frac{\\partial}{\\partial x} f", d(s("f"), [x])],
    ["\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X)", d(op("tr", op("mul", X, Q)), [Q])],
    ["\\frac{\\partial L}{\\partial O} A^\\top", op("mul", d(L, [m("O")]), op("transpose", X))],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("superscripts", () => {
  test.each([
    ["A^\\top", op("transpose", X)],
    ["A^T", op("transpose", X)],
    ["A^{\\top}", op("transpose", X)],
    ["A^\\intercal", op("transpose", X)],
    ["A^{-1}", op("inv", X)],
    ["A^{-\\top}", op("inv", op("transpose", X))],
    ["A^{-T}", op("inv", op("transpose", X))],
    ["A^{1/2}", A.op("pow", [X], 0.5)],
    ["A^{-1/2}", A.op("pow", [X], -0.5)],
    ["A^2", A.op("pow", [X], 2)],
    ["a^{3}", A.op("pow", [a], 3)],
    ["a^{0.5}", A.op("pow", [a], 0.5)],
    ["A^{\\circ 2}", A.op("epow", [X], 2)],
    ["A^{\\circ 1/2}", A.op("epow", [X], 0.5)],
    ["(A B)^\\top", op("transpose", op("mul", X, Y))],
    ["A^\\top B", op("mul", op("transpose", X), Y)],
    ["A^{\\top}^{-1}", op("inv", op("transpose", X))],
    ["e^{x}", op("exp", x)],
    ["x^{*}", s("x_star", "x^{*}")],
    ["x^{{*}}", s("x_star", "x^{*}")],
    ["W^{(2)}", A.sym("W_2", "matrix", "W^{(2)}")],
    ["\\sqrt{a}", op("sqrt", a)],
    ["\\sqrt{d_k}", op("sqrt", s("d_k", "d_{k}"))],
    ["\\sqrt[3]{a}", A.op("pow", [a], 1 / 3)],
    ["f'", s("f_prime", "f'")],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
  test("a symbol exponent is kept as a power application", () => {
    const e = parseExpr("a^{n}");
    expect(e.k === "apply" && e.fn.name).toBe("pow");
  });
});

describe("subscripts", () => {
  test.each([
    // a subscript on a symbol names a new symbol
    ["W_q", m("W_q", "W_{q}")],
    ["W_{q1}", m("W_q1", "W_{q 1}")],
    ["W_{q,1}", A.slice(W, s("q"), n(1))],
    ["\\mathbf{x}_i", A.sym("x_i", "vector", "\\mathbf{x}_{i}")],
    ["d_k", s("d_k", "d_{k}")],
    ["\\mathbf{W}_{\\text{out}}", A.sym("W_out", "matrix", "\\mathbf{W}_{\\text{out}}")],
    // a comma, a colon or two index letters on a matrix slice it
    ["A_{:,j}", A.slice(X, null, s("j"))],
    ["A_{i,:}", A.slice(X, s("i"), null)],
    ["A_{ij}", A.slice(X, s("i"), s("j"))],
    ["A_{i,j}", A.slice(X, s("i"), s("j"))],
    ["A_{:,:}", A.slice(X, null, null)],
    ["A_{i+1,j}", A.slice(X, op("add", s("i"), n(1)), s("j"))],
    ["(A B)_{i,j}", A.slice(op("mul", X, Y), s("i"), s("j"))],
    ["x_{i}^2", A.op("pow", [s("x_i", "x_{i}")], 2)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("malformed math is a located error", () => {
  test.each([
    ["A +", 1, 4, "formula ends too early"],
    ["\\frac{a}{", 1, 10, "formula ends too early"],
    ["\\frac{a}{b", 1, 11, "formula ends too early"],
    ["(A", 1, 3, "formula ends too early"],
    ["A)", 1, 2, "unexpected ')'"],
    ["A }", 1, 3, "unexpected '}'"],
    ["a == b", 1, 4, "unexpected relation ="],
    ["x^", 1, 3, "formula ends too early"],
    ["A_{", 1, 4, "formula ends too early"],
    ["\\sqrt", 1, 6, "formula ends too early"],
    ["a +\n  * b", 2, 3, "unexpected '*'"],
    ["x \\in \\mathbb{R}^{n \\times }", 1, 7, "dimension not understood"],
    ["\\operatorname{softmax}(A, B)", 1, 1, "\\operatorname{softmax} takes 1 argument, got 2"],
    ["\\exp(a, b)", 1, 1, "\\exp takes 1 argument, got 2"],
    ["A^\\circ", 1, 3, "entrywise power not understood"],
    ["\\operatorname{LayerNorm}_{(}(X)", 1, 1, "layer-norm ε not understood"],
    ["\\begin{bmatrix} 1 & 2", 1, 1, "\\begin{bmatrix} without \\end{bmatrix}"],
    ["\\mathbf", 1, 1, "\\mathbf needs an argument"],
  ])("%j → %i:%i %s", (src, line, col, message) => expect(parseError(src)).toEqual({ line, col, message }));

  test("positions count from the formula's place in its file", async () => {
    const { parseMath } = await import("../../src/parse/index.js");
    const { MacroTable } = await import("../../src/macro/index.js");
    try {
      parseMath("a = (b", { file: "lec.md", line: 7, col: 12 }, new MacroTable());
      expect.unreachable();
    } catch (e) {
      expect((e as { loc: unknown }).loc).toEqual({ file: "lec.md", line: 7, col: 18 });
    }
  });
  test("a formula far longer than any lecture row is refused quickly", () => {
    expect(parseError("a + ".repeat(200) + "b")).toEqual({
      line: 1,
      col: 1,
      message: "formula too long (401 tokens; at most 300 in one row)",
    });
    expect(parseError("x".repeat(9000)).message).toBe("formula too long (9000 characters; at most 8000)");
    // each row of an aligned block counts on its own
    expect(
      parseRels(
        Array(4)
          .fill("a = " + "b + ".repeat(60) + "c")
          .join(" \\\\ "),
      ),
    ).toHaveLength(4);
  });
  test("empty math is no statement", () => {
    expect(parseRels("")).toEqual([]);
    expect(parseRels("  \\, \\quad ")).toEqual([]);
  });
});
