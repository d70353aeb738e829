// The log-like functions, sign and the vector reductions end to end: each evaluates as its definition, derives
// (the rule lines in rules/differentiate.rules) and agrees with central finite differences on several random
// draws; the subgradient conventions hold where the function is not differentiable.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import * as A from "../../src/ast/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { fromRows, type Value } from "../../src/numeric/index.js";
import { printExpr } from "../../src/render/latex.js";
import { parseExpr } from "../helpers/parse.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-lognames-"));
let count = 0;
function derived(body: string) {
  const file = join(dir, `f${count++}.tex`);
  writeFileSync(file, `\\mathbf{x} \\in \\mathbb{R}^{n}\nA \\in \\mathbb{R}^{m \\times n}\nf = ${body}\n`);
  const d = loadDocument(file);
  expect(d.errors).toEqual([]);
  return derive(d);
}
const gradient = (d: ReturnType<typeof derive>, of: string) =>
  printExpr(d.backward.find((b) => b.input && b.target.name === of)!.expr);

describe("every new function agrees with finite differences", () => {
  test.each([
    // the argument is a symbol where the function has poles or a bounded domain (sampled inside it)
    "\\mathbf{1}^\\top \\tan(\\mathbf{x})",
    "\\mathbf{1}^\\top \\sec(\\mathbf{x})",
    "\\mathbf{1}^\\top \\arcsin(\\mathbf{x})",
    "\\mathbf{1}^\\top \\arccos(\\mathbf{x})",
    "\\mathbf{1}^\\top \\cot(\\mathbf{x})",
    "\\mathbf{1}^\\top \\csc(\\mathbf{x})",
    "\\mathbf{1}^\\top \\coth(\\mathbf{x})",
    // both bounded and positive: drawn in (0.1, 0.9)
    "\\mathbf{1}^\\top (\\arcsin(\\mathbf{x}) + \\log(\\mathbf{x}))",
    // smooth everywhere: through a product, so that the chain rule is exercised too
    "\\mathbf{1}^\\top \\sinh(A \\mathbf{x})",
    "\\mathbf{1}^\\top \\cosh(A \\mathbf{x})",
    "\\mathbf{1}^\\top \\arctan(A \\mathbf{x})",
    "\\mathbf{1}^\\top \\tan(\\tanh(A \\mathbf{x}))",
    "\\mathbf{1}^\\top (\\operatorname{sign}(A \\mathbf{x}) \\odot (A \\mathbf{x}))",
    "\\|A \\mathbf{x}\\|_1",
    "\\|A \\mathbf{x}\\|_\\infty",
    "\\max(A \\mathbf{x})",
    "\\min(A \\mathbf{x})",
    "\\max \\tanh(A \\mathbf{x})",
    "\\|\\mathbf{x}\\|_1^2 + \\max(\\mathbf{x}) \\min(\\mathbf{x})",
    "\\mathbf{1}^\\top \\operatorname{ReLU}(\\mathbf{x}) + \\max(0, \\mathbf{1}^\\top \\mathbf{x})",
  ])("%s", (body) => {
    const d = derived(body);
    // the function name is no input (on main, \tan was a matrix named tan)
    for (const b of d.backward.filter((g) => g.input)) expect(["x", "A"], body).toContain(b.target.name);
    for (let seed = 1; seed <= 4; seed++)
      for (const c of checkGradients(d, seed)) expect(c.relErr, `${c.input}, seed ${seed}`).toBeLessThan(1e-6);
  });
});

describe("gradients in conventional notation", () => {
  test.each([
    ["\\mathbf{1}^\\top \\tan(\\mathbf{x})", "\\tan\\left(\\mathbf{x}\\right)^{\\circ 2} + 1"],
    ["\\mathbf{1}^\\top \\sinh(\\mathbf{x})", "\\cosh\\left(\\mathbf{x}\\right)"],
    ["\\mathbf{1}^\\top \\cosh(\\mathbf{x})", "\\sinh\\left(\\mathbf{x}\\right)"],
    ["\\|\\mathbf{x}\\|_1", "\\operatorname{sign}\\left(\\mathbf{x}\\right)"],
    [
      "\\|\\mathbf{x}\\|_\\infty",
      "\\operatorname{sign}\\left(\\mathbf{x}\\right) \\odot \\mathbf{e}_{\\arg\\max \\operatorname{abs}\\left(\\mathbf{x}\\right)}",
    ],
    ["\\max(\\mathbf{x})", "\\mathbf{e}_{\\arg\\max \\mathbf{x}}"],
    ["\\min(\\mathbf{x})", "\\mathbf{e}_{\\arg\\min \\mathbf{x}}"],
  ])("%s", (body, want) => {
    const g = gradient(derived(body), "x");
    expect(g).toBe(want);
    // and the printed gradient reads back as the same tree
    expect(printExpr(parseExpr(g))).toBe(g);
  });
  test("the reproduction of issue 8: ∂f/∂x of 1ᵀ tan(x), not ∂f/∂tan", () => {
    const d = derived("\\mathbf{1}^\\top \\tan(\\mathbf{x})");
    expect(d.backward.filter((b) => b.input).map((b) => b.target.name)).toEqual(["x"]);
  });
});

describe("evaluation and the subgradient conventions", () => {
  const v = (...xs: number[]) => fromRows(xs.map((x) => [x]));
  const ev = (src: string, x: Value) => evaluate(parseExpr(src), { values: new Map([["x", x]]) });
  const data = (val: Value) => (typeof val === "number" ? [val] : Array.from(val.data));
  test("values of the scalar functions", () => {
    const t = 0.3;
    for (const [src, want] of [
      ["\\tan", Math.tan(t)],
      ["\\cot", 1 / Math.tan(t)],
      ["\\sec", 1 / Math.cos(t)],
      ["\\csc", 1 / Math.sin(t)],
      ["\\sinh", Math.sinh(t)],
      ["\\cosh", Math.cosh(t)],
      ["\\coth", 1 / Math.tanh(t)],
      ["\\arcsin", Math.asin(t)],
      ["\\arccos", Math.acos(t)],
      ["\\arctan", Math.atan(t)],
    ] as const)
      expect(ev(`${src}(x)`, t), src).toBeCloseTo(want, 14);
  });
  test("sign: 1, −1, and 0 at 0", () => {
    expect(data(ev("\\operatorname{sign}(\\mathbf{x})", v(2, -0.5, 0)))).toEqual([1, -1, 0]);
  });
  test("norms, max and min of a vector", () => {
    const x = v(1, -3, 2);
    expect(ev("\\|\\mathbf{x}\\|_1", x)).toBe(6);
    expect(ev("\\|\\mathbf{x}\\|_\\infty", x)).toBe(3);
    expect(ev("\\max(\\mathbf{x})", x)).toBe(2);
    expect(ev("\\min(\\mathbf{x})", x)).toBe(-3);
  });
  test("e_{arg max x}: the first index on ties; sign(0) = 0 gives the 1-norm's subgradient 0 at 0", () => {
    expect(data(ev("\\mathbf{e}_{\\arg\\max \\mathbf{x}}", v(1, 4, 4, 2)))).toEqual([0, 1, 0, 0]);
    expect(data(ev("\\mathbf{e}_{\\arg\\min \\mathbf{x}}", v(1, -4, 3, -4)))).toEqual([0, 1, 0, 0]);
    // the derived gradients, evaluated at a tie and at zeros
    const at = (body: string, x: Value) => {
      const d = derived(body);
      const b = d.backward.find((g) => g.input && g.target.name === "x")!;
      return data(
        evaluate(b.expr, {
          values: new Map([
            ["x", x],
            ["A", fromRows([[1]])],
          ]),
        }),
      );
    };
    expect(at("\\max(\\mathbf{x})", v(5, 5, 1))).toEqual([1, 0, 0]);
    expect(at("\\|\\mathbf{x}\\|_\\infty", v(-5, 5, 1))).toEqual([-1, 0, 0]);
    expect(at("\\|\\mathbf{x}\\|_1", v(0, 2, -1))).toEqual([0, 1, -1]);
  });
  test("e_{arg max x} is a vector of x's shape", () => {
    expect(A.isOp(parseExpr("\\mathbf{e}_{\\arg\\max \\mathbf{x}}"), "argmaxind")).toBe(true);
  });
});
