// Function spellings, big operators, constants, decoration, accents and symbol kinds (DESIGN.md, "Math
// grammar"): every spelling of a function gives the same operation node; decoration never changes the tree.
import { afterAll, describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import { parseStats } from "../../src/parse/index.js";
import { parseExpr, parseError, macrosOf } from "../helpers/parse.js";

const s = (n: string, latex = n) => A.sym(n, "scalar", latex);
const m = (n: string, latex = n) => A.sym(n, "matrix", latex);
const op = (name: string, ...args: A.Expr[]) => A.op(name, args);
// bars keep how they were written (attr 1: |x| is read only of a scalar), and so does the subscript of ‖x‖₂
const bars = (x: A.Expr) => A.op("abs", [x], 1);
const [x, z] = [s("x"), s("z")];
const [X, B] = [m("A"), m("B")];
const xv = A.sym("x", "vector", "\\mathbf{x}");

afterAll(() => expect(parseStats.ambiguousSubparses).toBe(0));

describe("elementwise functions, with and without parentheses", () => {
  test.each([
    ["\\exp(x)", op("exp", x)],
    ["\\exp x", op("exp", x)],
    ["\\exp\\left(x\\right)", op("exp", x)],
    ["\\log x", op("log", x)],
    ["\\log(x)", op("log", x)],
    ["\\ln(x)", op("log", x)],
    ["\\operatorname{ln} x", op("log", x)],
    ["\\sin x", op("sin", x)],
    ["\\cos(x)", op("cos", x)],
    ["\\tanh(A)", op("tanh", X)],
    ["\\sigma(z)", op("sigma", z)],
    ["\\sigma\\left(z\\right)", op("sigma", z)],
    ["\\operatorname{ReLU}(x)", op("relu", x)],
    ["\\text{ReLU}(x)", op("relu", x)],
    ["\\mathrm{ReLU}(x)", op("relu", x)],
    // a parenthesis-free function takes the rest of the product
    ["\\exp a b", op("exp", op("mul", s("a"), s("b")))],
    ["\\log \\mathbf{1}^\\top \\exp(z)", op("log", op("mul", op("transpose", A.constant("ones")), op("exp", z)))],
    ["a \\exp(x) b", op("mul", op("mul", s("a"), op("exp", x)), s("b"))],
    ["\\exp(x)^2", A.op("pow", [op("exp", x)], 2)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));

  test("a bare \\sigma is the Greek letter, σ² a variance", () => {
    expect(parseExpr("\\sigma")).toBe(s("sigma", "\\sigma"));
    expect(parseExpr("\\sigma^2")).toBe(A.op("pow", [s("sigma", "\\sigma")], 2));
    expect(parseExpr("\\Sigma^{-1}")).toBe(op("inv", m("Sigma", "\\Sigma")));
  });
});

describe("matrix functions", () => {
  test.each([
    ["\\operatorname{softmax}(A)", op("softmax", X)],
    ["\\softmax(A)", op("softmax", X)],
    ["\\text{softmax}(A)", op("softmax", X)],
    ["\\operatorname{LayerNorm}(A)", op("layernorm", X)],
    ["\\operatorname{LayerNorm}_\\epsilon(A)", op("layernorm", X, s("epsilon", "\\epsilon"))],
    ["\\operatorname{LayerNorm}_{10^{-5}}(A)", op("layernorm", X, A.op("pow", [A.num(10)], -5))],
    ["\\operatorname{tr}(A)", op("tr", X)],
    ["\\mathrm{tr}(A)", op("tr", X)],
    ["\\text{tr}(A)", op("tr", X)],
    ["\\trace{A}", op("tr", X)],
    ["\\operatorname{trace}(A)", op("tr", X)],
    ["\\operatorname{tr} A B", op("tr", op("mul", X, B))],
    ["\\det(A)", op("det", X)],
    ["\\det A", op("det", X)],
    ["\\log\\det(A)", op("logdet", X)],
    ["\\log \\det A", op("logdet", X)],
    ["\\operatorname{diag}(\\mathbf{x})", op("diag", xv)],
    ["\\text{diag}(A)", op("diag", X)],
    ["\\operatorname{concat}(A, B)", op("concat", X, B)],
    ["\\concat(A, B, A)", op("concat", X, B, X)],
    ["\\operatorname{vec}(A)", op("vec", X)],
    ["\\operatorname{sum}(A)", op("sum", X)],
    ["\\operatorname{logsoftmax}(A)", op("logsoftmax", X)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("norms, sums, constants", () => {
  test.each([
    ["\\|\\mathbf{x}\\|", op("norm", xv)],
    ["\\left\\|\\mathbf{x}\\right\\|", op("norm", xv)],
    ["\\|\\mathbf{x}\\|^2", A.op("pow", [op("norm", xv)], 2)],
    ["\\|\\mathbf{x}\\|_2", A.op("norm", [xv], 2)],
    ["\\|A\\|_F", op("frob", X)],
    ["\\lVert A \\rVert_F", op("frob", X)],
    ["\\|A\\|_F^2", A.op("pow", [op("frob", X)], 2)],
    ["|x|", bars(x)],
    ["\\sum_i x_i", A.sumIdx("i", s("x_i", "x_{i}"))],
    ["\\sum_{i=1}^{n} x_i", A.sumIdx("i", s("x_i", "x_{i}"), A.num(1), s("n"))],
    ["\\sum_{i} a_i b_i", A.sumIdx("i", op("mul", s("a_i", "a_{i}"), s("b_i", "b_{i}")))],
    ["\\sum_{i} x_i + z", op("add", A.sumIdx("i", s("x_i", "x_{i}")), z)],
    ["\\mathbf{1}", A.constant("ones")],
    ["\\mathbf{I}", A.constant("eye")],
    ["\\eye", A.constant("eye")],
    // a size subscript, also a subscripted dimension name, keeps the identity (its size comes from the shapes)
    ["\\mathbf{I}_{m}", A.constant("eye")],
    ["\\eye_{d_k}", A.constant("eye")],
    ["\\mathbf{I}_{d_{\\ell - 1}}", A.constant("eye")],
    ["\\mathbf{0}", A.constant("zero")],
    ["3", A.num(3)],
    ["0.25", A.num(0.25)],
    ["\\pi", A.num(Math.PI)],
    ["2\\pi", op("mul", A.num(2), A.num(Math.PI))],
    // π with an index or an argument names a quantity (mixing proportions, a policy)
    ["\\pi_k", s("pi_k", "\\pi_{k}")],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("bars pair one way: every reading of |a| b |c| but one is excluded", () => {
  const [a, b, c] = [s("a"), s("b"), s("c")];
  test.each([
    ["|a| b |c|", op("mul", op("mul", bars(a), b), bars(c))],
    ["|a|a|a|", op("mul", op("mul", bars(a), a), bars(a))],
    ["||a| - |b||", bars(op("add", bars(a), op("neg", bars(b))))],
    ["\\|\\|x\\|\\|", op("norm", op("norm", x))],
    ["\\|x\\| \\|z\\|", op("mul", op("norm", x), op("norm", z))],
    ["\\left| a \\right| \\left| b \\right|", op("mul", bars(a), bars(b))],
    ["\\vert a \\vert", bars(a)],
    ["|\\mathbf{x}^\\top \\mathbf{x}|", bars(op("mul", op("transpose", xv), xv))],
    // a bar left open inside parentheses is the `given` of a conditional
    ["p(a | b)", A.apply(s("p"), [A.apply(A.sym("given", "unknown", "\\operatorname{given}"), [a, b])])],
    ["p(|a| | b)", A.apply(s("p"), [A.apply(A.sym("given", "unknown", "\\operatorname{given}"), [bars(a), b])])],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
  test("an unpaired norm bar is an error, not a search", () => {
    expect(parseError("\\|x")).toEqual({ line: 1, col: 1, message: "unexpected '\\|'" });
    expect(parseError("|a|a|a")).toEqual({ line: 1, col: 5, message: "unexpected '|'" });
  });
});

describe("decoration is transparent", () => {
  const AB = op("mul", op("add", X, B), m("C"));
  test.each([
    ["(A + B) C"],
    ["\\left( A + B \\right) C"],
    ["\\big( A + B \\big) C"],
    ["\\Big(A + B\\Big) C"],
    ["\\bigl(A + B\\bigr) C"],
    ["(A + B)\\!C"],
    ["(A + B)\\,C"],
    ["(A + B)\\;C"],
    ["(A + B) \\quad C"],
    ["{(A + B)} C"],
    ["(A + B) C."],
    ["(A + B) C,"],
    ["\\displaystyle (A + B) C"],
    ["[A + B] C"],
    ["(A + B) C \\label{eq:1}"],
    ["(A + B) C \\nonumber"],
  ])("%s", (src) => expect(parseExpr(src)).toBe(AB));
  test.each([
    ["\\mathbf{X}", A.sym("X", "matrix", "\\mathbf{X}")],
    ["\\boldsymbol{\\mu}", A.sym("mu", "vector", "\\boldsymbol{\\mu}")],
    ["\\bm{x}", A.sym("x", "vector", "\\bm{x}")],
    ["\\mathrm{x}", s("x", "\\mathrm{x}")],
    ["\\mathbf{x}", xv],
    ["\\boldsymbol{\\Sigma}", A.sym("Sigma", "matrix", "\\boldsymbol{\\Sigma}")],
  ])("font %s", (src, want) => expect(parseExpr(src)).toBe(want));
  test("one-sided fences: \\left\\{ cases \\right.", () => {
    const e = parseExpr("\\left\\{\\begin{matrix} 1 & x \\end{matrix}\\right.");
    expect(e).toBe(
      A.apply(A.sym("matrix", "unknown", "\\operatorname{matrix}"), [
        A.apply(A.sym("row", "unknown", "\\operatorname{row}"), [A.num(1), x]),
      ]),
    );
  });
});

describe("accents make distinct symbols", () => {
  test.each([
    ["\\hat{\\mathbf{x}}", A.sym("x_hat", "vector", "\\hat{\\mathbf{x}}")],
    ["\\tilde{X}", m("X_tilde", "\\tilde{X}")],
    ["\\bar{y}", s("y_bar", "\\bar{y}")],
    ["\\widehat{y}", s("y_hat", "\\widehat{y}")],
    ["\\overline{\\mathbf{W}}", A.sym("W_bar", "matrix", "\\overline{\\mathbf{W}}")],
    ["\\hat{y}_i", s("y_hat_i", "\\hat{y}_{i}")],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
});

describe("symbol kinds", () => {
  test.each([
    ["x", "scalar"],
    ["\\alpha", "scalar"],
    ["\\gamma", "scalar"],
    ["X", "matrix"],
    ["\\Sigma", "matrix"],
    ["\\mathbf{x}", "vector"],
    ["\\mathbf{X}", "matrix"],
    ["\\boldsymbol{\\mu}", "vector"],
    // undefined macros: the kind comes from the name
    ["\\queryMatrix", "matrix"],
    ["\\inputVector", "vector"],
    ["\\numDim", "scalar"],
    ["\\learnScalar", "scalar"],
    ["\\lossThing", "unknown"],
  ])("%s is a %s", (src, kind) => {
    const e = parseExpr(src);
    expect(e.k === "sym" && e.hint).toBe(kind);
  });
  test("an undefined macro is a symbol named after it, printed as written", () => {
    expect(parseExpr("\\queryMatrix")).toBe(m("queryMatrix", "\\queryMatrix"));
  });
  test("a defined macro keeps the author's spelling and takes its kind from the expansion", () => {
    const t = macrosOf("\\newcommand{\\inputMatrix}{\\mathbf{X}}\\newcommand{\\weightMatrix}[1]{\\mathbf{W}_{#1}}");
    expect(parseExpr("\\inputMatrix", t)).toBe(A.sym("X", "matrix", "\\inputMatrix"));
    expect(parseExpr("\\inputMatrix \\weightMatrix{q}", t)).toBe(
      op("mul", A.sym("X", "matrix", "\\inputMatrix"), A.sym("W_q", "matrix", "\\mathbf{W}_{q}")),
    );
  });
  test("f(x) applies a function; W(x + b) is a product", () => {
    expect(parseExpr("f(x)")).toBe(A.apply(s("f"), [x]));
    expect(parseExpr("E(\\mathbf{w})")).toBe(A.apply(m("E"), [A.sym("w", "vector", "\\mathbf{w}")]));
    expect(parseExpr("W(x + z)")).toBe(op("mul", m("W"), op("add", x, z)));
    expect(parseExpr("\\attentionFunction(Q, K, V)")).toBe(
      A.apply(A.sym("attentionFunction", "unknown", "\\attentionFunction"), [m("Q"), m("K"), m("V")]),
    );
  });
  test("matrices keep their cells", () => {
    const row = (...c: A.Expr[]) => A.apply(A.sym("row", "unknown", "\\operatorname{row}"), c);
    expect(parseExpr("\\begin{bmatrix} 1 & x \\\\ z & 0 \\end{bmatrix}")).toBe(
      A.apply(A.sym("bmatrix", "unknown", "\\operatorname{bmatrix}"), [row(A.num(1), x), row(z, A.num(0))]),
    );
  });
  test("errors in functions", () => {
    expect(parseError("\\det(A, B)")).toEqual({ line: 1, col: 1, message: "\\det takes 1 argument, got 2" });
    expect(parseError("\\operatorname{tr}(A, B)")).toEqual({
      line: 1,
      col: 1,
      message: "\\operatorname{tr} takes 1 argument, got 2",
    });
  });
});
