// The terminal's Unicode math reads back as the formula it came from: LaTeX → tree, printed as LaTeX, shown as
// Unicode (src/render/unicode.ts), read back by an independent reader of the notation (test/helpers/unicode-back.ts)
// → the same tree. Symbols compare by name (bold is not shown on a terminal: \mathbf{x} and x are both `x`).
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import "../../src/ops/index.js";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { printExpr } from "../../src/render/latex.js";
import { toUnicode } from "../../src/render/unicode.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { printDisplay } from "../../src/render/display.js";
import { parseExpr } from "../helpers/parse.js";
import { unicodeToLatex } from "../helpers/unicode-back.js";
import { ROOT } from "../helpers/build.js";
import { join } from "node:path";

const plain = (e: Expr): Expr =>
  A.mapExpr(e, (x) =>
    x.k === "sym" ? A.sym(x.name) : x.k === "deriv" && x.upright ? A.deriv(x.of, x.wrt, x.order) : x,
  );
/** The tree of `latex`, through Unicode and back. */
function roundTrip(latex: string): { unicode: string; back: Expr; want: Expr } {
  const unicode = toUnicode(latex);
  return { unicode, back: plain(parseExpr(unicodeToLatex(unicode))), want: plain(parseExpr(latex)) };
}

const LEAVES = [
  "a",
  "x",
  "A",
  "X",
  "B",
  "W_q",
  "d_k",
  "\\alpha",
  "\\sigma",
  "\\mathbf{x}",
  "\\mathbf{W}",
  "\\mathbf{1}",
  "2",
  "3",
  "0.5",
  "\\queryMatrix",
].map((s) => parseExpr(s));
const SCALARS = ["a", "x", "d_k", "\\alpha"].map((s) => parseExpr(s));
const UNARY = ["transpose", "inv", "sqrt", "exp", "log", "tanh", "softmax", "tr", "diag", "rowsum", "det"] as const;
const BINARY = ["mul", "hadamard", "kron"] as const;

function exprs(depth: number): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr; node: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", maxDepth: depth, withCrossShrink: true },
      fc.constantFrom(...LEAVES),
      tie("node"),
    ),
    node: fc.oneof(
      fc
        .array(tie("expr"), { minLength: 2, maxLength: 3 })
        .map((xs) => (A.isOp(xs[0], "add") ? A.op("add", [...xs[0].args, ...xs.slice(1)]) : A.op("add", xs))),
      tie("expr").map((x) => (x.k === "num" ? A.num(-x.value) : A.op("neg", [x]))),
      fc.tuple(fc.constantFrom(...BINARY), tie("expr"), tie("expr")).map(([o, a, b]) => A.op(o, [a, b])),
      fc.tuple(fc.constantFrom(...UNARY), tie("expr")).map(([o, a]) => A.op(o, [a])),
      fc
        .tuple(tie("expr"), fc.constantFrom(...SCALARS))
        .map(([a, s]) => A.op("mul", [A.op("ediv", [A.num(1), A.op("sqrt", [s])]), a])),
      tie("expr").map((a) => A.op("pow", [a], 2)),
      fc
        .tuple(fc.constantFrom(...SCALARS), fc.constantFrom(...LEAVES.filter((l) => l.k === "sym")))
        .map(([f, x]) => A.deriv(f, [x])),
      fc.tuple(fc.constantFrom("i", "j"), tie("expr")).map(([i, body]) => A.sumIdx(i, body)),
    ),
  }));
  return expr;
}

describe("Unicode math for the terminal", () => {
  test("reads as people write it", () => {
    expect(
      toUnicode("\\frac{\\partial L}{\\partial Q} = \\frac{1}{\\sqrt{d_{k}}} \\frac{\\partial L}{\\partial S} K"),
    ).toBe("∂L/∂Q = (1/√d_k) ∂L/∂S K");
    expect(toUnicode("A^\\top \\odot B^{-1}")).toBe("Aᵀ ⊙ B⁻¹");
    expect(toUnicode("\\sum_{i} x_{i}^{2}")).toBe("∑ᵢ x_i²");
    expect(toUnicode("\\left\\langle G, \\mathrm{d}(X) \\right\\rangle")).toBe("⟨G, d(X)⟩");
    expect(toUnicode("\\left(X W - Y\\right)^\\top")).toBe("(X W − Y)ᵀ");
    expect(toUnicode("X \\in \\mathbb{R}^{n \\times d}")).toBe("X ∈ ℝ^(n × d)");
  });

  test("random expressions read back as the same tree", () => {
    fc.assert(
      fc.property(exprs(4), (e) => {
        const latex = printExpr(e);
        const { unicode, back, want } = roundTrip(latex);
        if (back !== want) throw new Error(`${latex}\n  shown as ${unicode}\n  reads back as ${printExpr(back)}`);
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  test("every gradient of the examples reads back as the same tree", () => {
    let n = 0;
    for (const f of ["attention.tex", "layernorm.tex", "multihead.tex", "logistic.tex"]) {
      const doc = loadDocument(join(ROOT, "examples", f));
      const d = derive(doc);
      for (const b of d.backward) {
        for (const latex of [printExpr(b.name), printDisplay(b.expr, d.doc.env)]) {
          let r: ReturnType<typeof roundTrip>;
          try {
            r = roundTrip(latex);
          } catch (err) {
            throw new Error(`${latex}\n  shown as ${toUnicode(latex)}: ${(err as Error).message}`);
          }
          expect(r.back, `${latex}\n  shown as ${r.unicode}`).toBe(r.want);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(30);
  });
});
