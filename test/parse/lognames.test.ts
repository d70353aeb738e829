// LaTeX's log-like function names (\tan … \Pr) and \operatorname{} names: each one is an operation or a located
// error that names it — never a symbol (`\tan(\mathbf{x})` was a matrix named tan), a product or a slice
// (`\|x\|_1` was a slice of the 2-norm).
import { afterAll, describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import { parseStats } from "../../src/parse/index.js";
import { parseExpr, parseError, macrosOf } from "../helpers/parse.js";

const s = (n: string) => A.sym(n, "scalar", n);
const op = (name: string, ...args: A.Expr[]) => A.op(name, args);
const x = s("x");
const xv = A.sym("x", "vector", "\\mathbf{x}");
const X = A.sym("A", "matrix", "A");

afterAll(() => expect(parseStats.ambiguousSubparses).toBe(0));

describe("supported log-like names are operations, with and without parentheses", () => {
  test.each([
    ["\\tan", "tan"],
    ["\\cot", "cot"],
    ["\\sec", "sec"],
    ["\\csc", "csc"],
    ["\\sinh", "sinh"],
    ["\\cosh", "cosh"],
    ["\\tanh", "tanh"],
    ["\\coth", "coth"],
    ["\\arcsin", "arcsin"],
    ["\\arccos", "arccos"],
    ["\\arctan", "arctan"],
    ["\\exp", "exp"],
    ["\\log", "log"],
    ["\\ln", "log"],
    ["\\det", "det"],
    ["\\max", "max"],
    ["\\min", "min"],
  ])("%s", (cmd, name) => {
    const arg = name === "det" ? X : name === "max" || name === "min" ? xv : x;
    const src = arg === X ? "A" : arg === xv ? "\\mathbf{x}" : "x";
    expect(parseExpr(`${cmd}(${src})`)).toBe(op(name, arg));
    expect(parseExpr(`${cmd} ${src}`)).toBe(op(name, arg));
    expect(parseExpr(`${cmd}\\left(${src}\\right)`)).toBe(op(name, arg));
  });
  test.each([
    ["\\operatorname{sign}(x)", op("sign", x)],
    ["\\text{sign}(x)", op("sign", x)],
    ["\\operatorname{sgn} x", op("sign", x)],
    ["\\operatorname{tan}(x)", op("tan", x)],
    ["\\operatorname{arctan}(x)", op("arctan", x)],
    ["\\mathrm{sinh}(x)", op("sinh", x)],
    ["\\max(\\mathbf{x})^2", A.op("pow", [op("max", xv)], 2)],
    ["\\tan(x) y", op("mul", op("tan", x), s("y"))],
    ["\\max(\\mathbf{x}) y", op("mul", op("max", xv), s("y"))],
    // \max(0, x) is ReLU(x), either way round
    ["\\max(0, x)", op("relu", x)],
    ["\\max(x, 0)", op("relu", x)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
  test("the talk-notation macro \\sign{x} (\\text{sign}\\left(#1\\right)) is the sign function", () => {
    expect(parseExpr("\\sign{x}", macrosOf("\\newcommand{\\sign}[1]{\\text{sign}\\left(#1\\right)}"))).toBe(
      op("sign", x),
    );
  });
});

describe("norms with a subscript", () => {
  test.each([
    ["\\|\\mathbf{x}\\|_1", op("norm1", xv)],
    ["\\left\\|\\mathbf{x}\\right\\|_{1}", op("norm1", xv)],
    ["\\|\\mathbf{x}\\|_\\infty", op("norminf", xv)],
    ["\\|\\mathbf{x}\\|_{\\infty}", op("norminf", xv)],
    ["\\|\\mathbf{x}\\|_2", A.op("norm", [xv], 2)],
    ["\\|\\mathbf{x}\\|", op("norm", xv)],
    ["\\|A\\|_F", op("frob", X)],
    ["\\|\\mathbf{x}\\|_1^2", A.op("pow", [op("norm1", xv)], 2)],
  ])("%s", (src, want) => expect(parseExpr(src)).toBe(want));
  test("any other subscript is refused, not a slice of the norm", () => {
    expect(parseError("\\|\\mathbf{x}\\|_p")).toEqual({
      line: 1,
      col: 16,
      message: "\\|\\cdot\\|_{p} is not supported",
    });
    expect(parseError("\\|\\mathbf{x}\\|_{0}").message).toBe("\\|\\cdot\\|_{0} is not supported");
  });
});

describe("the unit vector at the arg max", () => {
  test("\\mathbf{e}_{\\arg\\max \\mathbf{x}} and \\mathbf{e}_{\\arg\\min \\mathbf{x}} = e_{arg max (−x)}", () => {
    expect(parseExpr("\\mathbf{e}_{\\arg\\max \\mathbf{x}}")).toBe(op("argmaxind", xv));
    expect(parseExpr("\\mathbf{e}_{\\arg \\max \\left(\\mathbf{x}\\right)}")).toBe(op("argmaxind", xv));
    expect(parseExpr("\\mathbf{e}_{\\arg\\min \\mathbf{x}}")).toBe(op("argmaxind", op("neg", xv)));
  });
});

describe("unsupported names are located errors that name them", () => {
  test.each(["\\lg", "\\dim", "\\Pr", "\\sup", "\\inf", "\\arg"])("%s", (cmd) => {
    expect(parseError(`y = 2 ${cmd}(x)`)).toEqual({ line: 1, col: 7, message: `${cmd} is not supported` });
    expect(parseError(`${cmd} x`).message).toBe(`${cmd} is not supported`);
  });
  test("\\sup_{x} f(x), \\arg\\max_\\theta, \\argmax", () => {
    expect(parseError("\\sup_{x} f(x)").message).toBe("\\sup is not supported");
    expect(parseError("\\hat{\\theta} = \\arg\\max_\\theta f(\\theta)")).toEqual({
      line: 1,
      col: 16,
      message: "\\arg\\max is not supported",
    });
    expect(parseError("\\argmax_\\theta f(\\theta)").message).toBe("\\argmax is not supported");
  });
  test("\\max over an index and of several arguments", () => {
    expect(parseError("y = \\max_{i} x_i")).toEqual({
      line: 1,
      col: 5,
      message: "\\max_{…} over an index is not supported",
    });
    expect(parseError("\\min(a, b)").message).toBe("\\min of 2 arguments is not supported");
    expect(parseError("\\max(a, b, 0)").message).toBe("\\max of 3 arguments is not supported");
  });
  test("an \\operatorname{} or \\text{} name that is no operation, applied to arguments", () => {
    expect(parseError("y = \\operatorname{foo}(x)")).toEqual({
      line: 1,
      col: 5,
      message: "\\operatorname{foo} is not supported",
    });
    expect(parseError("y = \\operatorname{foo} x").message).toBe("\\operatorname{foo} is not supported");
    expect(parseError("\\text{var}(x)").message).toBe("\\text{var} is not supported");
    expect(parseError("\\operatorname{argmax}(\\mathbf{x})").message).toBe("\\operatorname{argmax} is not supported");
  });
  test("but not words of prose, subscripts, or a name alone", () => {
    expect(() =>
      parseExpr("\\begin{cases} 1 & \\text{if } (h, w) \\text{ is the max} \\\\ 0 & \\text{otherwise} \\end{cases}"),
    ).not.toThrow();
    expect(parseExpr("W_{\\text{out}} (x + y)")).toBeDefined();
    expect(parseExpr("\\operatorname{foo}")).toBe(A.text("foo"));
    expect(parseExpr("\\operatorname{ReLU}(x)")).toBe(op("relu", x));
  });
});
