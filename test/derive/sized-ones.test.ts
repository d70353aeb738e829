// A ones vector whose size a read-off moves out of its context (issue 8, found by the differential test):
// ∂/∂x of 1ᵀ logsoftmax(x) reads off as s 1ᵀ 1 with both ones of length n, i.e. 1 − n·softmax(x). Printed with
// bare ones (`1 − rowsum(softmax(x) 1ᵀ)`) the size was lost and the reference evaluator took it as 1 — a wrong
// gradient without a warning, and emit refused. Constants are now sized before the read-off and printed bare only
// where the context sizes them back, so the gradient is right, the kernels emit, and the attention block still
// prints its conventional `rowsum(A ⊙ ∂L/∂A) 1ᵀ`.
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { checkJs, derivationOf, worst } from "../codegen/helpers.js";
import * as A from "../../src/ast/index.js";

const CASES: Record<string, string> = {
  "1ᵀ logsoftmax(x)": "\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\mathbf{1}^\\top \\operatorname{logsoftmax}(\\mathbf{x})",
  "1ᵀ logsoftmax(LayerNorm(x))":
    "\\mathbf{x} \\in \\mathbb{R}^{n}\nf = \\mathbf{1}^\\top \\operatorname{logsoftmax}(\\operatorname{LayerNorm}(\\mathbf{x}))",
  "sum of log softmax rows":
    "X \\in \\mathbb{R}^{n \\times d}\nf = \\mathbf{1}^\\top \\operatorname{logsoftmax}(X) \\mathbf{1}",
  "1ᵀ (x 1ᵀ) y":
    "\\mathbf{x} \\in \\mathbb{R}^{n}\n\\mathbf{y} \\in \\mathbb{R}^{m}\nf = \\mathbf{1}^\\top \\mathbf{x} \\mathbf{1}^\\top \\mathbf{y}",
};

// layer norm on sizes as small as 2 (a nearly flat row) is ill-conditioned for central differences in the reference
// evaluator (8e-6 on one draw; the emitted kernels agree with finite differences to 1e-8); the old gradient was off by 0.7
const TOLERANCE: Record<string, number> = { "1ᵀ logsoftmax(LayerNorm(x))": 1e-4 };

describe("ones sized through the read-off", () => {
  for (const [name, text] of Object.entries(CASES)) {
    test(`${name}: derive agrees with finite differences, and so does the JS kernel`, () => {
      const d = derivationOf(text);
      for (const seed of [1, 2, 3]) {
        for (const c of checkGradients(d, seed))
          expect(c.relErr, `${c.input} (draw ${seed})`).toBeLessThan(TOLERANCE[name] ?? 1e-6);
        expect(worst(checkJs(d, seed))).toBeLessThan(1e-6);
      }
    });
  }
  test("the attention block keeps its bare 1ᵀ", () => {
    const d = derivationOf(
      "X \\in \\mathbb{R}^{n \\times d}\nW \\in \\mathbb{R}^{d \\times d}\nS = X W X^\\top\nA = \\operatorname{softmax}(S)\nL = \\operatorname{tr}(A)",
    );
    const dS = d.backward.find((b) => b.target.name === "S")!.expr;
    expect(A.some(dS, (x) => x.k === "op" && x.op === "onesof")).toBe(false);
  });
});
