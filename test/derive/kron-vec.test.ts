// The Kronecker product and vec differentiate, read off, emit and verify (issue 8, found by the differential test,
// which excluded both until now). Before: a gradient through A ⊗ B holds ones of n·m entries (sum(A ⊗ B) reads off
// as kronright(1 1ᵀ, B)), whose size no linear dimension could say, so emit refused ("the size of a column of
// ones … is not determined by the shape of any input"); ⟨G, vec(dA)⟩ had no read-off rule, so derive refused; and
// the sum of a column's entries read off as 1 1ᵀ 1 with a 1ᵀ of unknown length, so emit refused again.
// Now: n·m is a product dimension that remembers its factors (src/shape/dims.ts), the adjoints of ⊗ and vec
// (kronleft, kronright, unvec) read their shapes off it, kernels compute nm = n * m from the input sizes, and the
// rule lines adj-vec, adj-vec-row, adj-vec-vector, adj-sum-entries-vector/-row read off through vec and sums of
// columns. Each case: the gradients agree with central differences, the JS kernel with finite differences, and
// all four targets emit.
import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { checkJs, derivationOf, worst } from "../codegen/helpers.js";
import { expectGradientsAgree } from "./gradcheck.js";

const decl = (...xs: string[]) => xs.join("\n");
const CASES: Record<string, string> = {
  "sum(A ⊗ B)": decl(
    "A \\in \\mathbb{R}^{n \\times m}",
    "B \\in \\mathbb{R}^{k \\times p}",
    "Y = \\operatorname{sum}(A \\otimes B)",
  ),
  "sum(A ⊗ A), one input twice": decl("A \\in \\mathbb{R}^{n \\times n}", "Y = \\operatorname{sum}(A \\otimes A)"),
  "sum(G ⊗ cosh G)": decl("G \\in \\mathbb{R}^{k \\times n}", "Y = \\operatorname{sum}(G \\otimes \\cosh(G))"),
  "Y = A ⊗ tanh(X), upstream gradient": decl(
    "A \\in \\mathbb{R}^{n \\times m}",
    "X \\in \\mathbb{R}^{k \\times p}",
    "Y = A \\otimes \\tanh(X)",
  ),
  "sum(B ⊗ (3·1 + y)ᵀ), a row factor": decl(
    "B \\in \\mathbb{R}^{n \\times n}",
    "\\mathbf{y} \\in \\mathbb{R}^{n}",
    "Y = \\operatorname{sum}(B \\otimes (3 \\mathbf{1} + \\mathbf{y})^\\top)",
  ),
  "sum(sin(vec A))": decl("A \\in \\mathbb{R}^{n \\times m}", "Y = \\operatorname{sum}(\\sin(\\operatorname{vec}(A)))"),
  "Y = vec(tanh A), upstream gradient": decl("A \\in \\mathbb{R}^{n \\times m}", "Y = \\operatorname{vec}(\\tanh(A))"),
  "Y = vec(w) of a column": decl("\\mathbf{w} \\in \\mathbb{R}^{q}", "Y = \\operatorname{vec}(\\mathbf{w})"),
  "vec of a row expression": decl(
    "\\mathbf{u} \\in \\mathbb{R}^{T}",
    "\\mathbf{x} \\in \\mathbb{R}^{d}",
    "Y = \\operatorname{vec}(\\|\\mathbf{u}^\\top\\| + \\mathbf{x}^\\top)",
  ),
  "sum(vec(Z⁻¹))": decl(
    "Z \\in \\mathbb{R}^{m \\times m}",
    "Z > 0",
    "Y = \\operatorname{sum}(\\operatorname{vec}(Z^{-1}))",
  ),
  "vec(A)ᵀ (B ⊗ C) vec(A)": decl(
    "A \\in \\mathbb{R}^{n \\times m}",
    "B \\in \\mathbb{R}^{m \\times m}",
    "C \\in \\mathbb{R}^{n \\times n}",
    "Y = \\operatorname{vec}(A)^\\top (B \\otimes C) \\operatorname{vec}(A)",
  ),
  // ⟨G, y ⊗ e⟩ with e a broadcast scalar reads off kronleft(G, y), a column, against e: once 1ᵀ x (a 1×1 matrix),
  // whose 1 1ᵀ after it read as conforming and gave a 1×n gradient for an n×n input; now sum(x), a scalar
  "sum(y ⊗ (sum(H) + u)), a scalar broadcast inside ⊗": decl(
    "Z \\in \\mathbb{R}^{n \\times n}",
    "\\mathbf{y} \\in \\mathbb{R}^{n}",
    "\\mathbf{u} \\in \\mathbb{R}^{n}",
    "H = Z",
    "Y = \\operatorname{sum}(\\mathbf{y} \\otimes (\\operatorname{sum}(H) + \\mathbf{u}))",
  ),
  // the gradient of a scalar under vec: unvec of a scalar stands for every entry
  "sum(concat(G, sum(vec W) + b⁻¹))": decl(
    "G \\in \\mathbb{R}^{k \\times k}",
    "W \\in \\mathbb{R}^{k \\times k}",
    "\\mathbf{b} \\in \\mathbb{R}^{k}",
    "\\mathbf{b} > 0",
    "Y = \\operatorname{sum}(\\operatorname{concat}(G, \\operatorname{sum}(\\operatorname{vec}(W)) + \\mathbf{b}^{\\circ -1}))",
  ),
  "sum of a column's entries": decl(
    "\\mathbf{x} \\in \\mathbb{R}^{m}",
    "Y = \\operatorname{sum}(\\arctan(\\mathbf{x} + 3))",
  ),
};

describe("kron and vec: derived, read off, emitted for every target", () => {
  for (const [name, text] of Object.entries(CASES))
    test(name, () => {
      const d = derivationOf(text);
      expectGradientsAgree(d);
      const p = buildProgram(d);
      for (const seed of [1, 2]) expect(worst(checkJs(d, seed, p)), `js kernel, draw ${seed}`).toBeLessThan(1e-6);
      for (const target of ["numpy", "torch", "c"] as const) expect(emitProgram(p, target).length).toBeGreaterThan(0);
    });

  test("a product size is computed from its factors, in every target", () => {
    const p = buildProgram(derivationOf(CASES["sum(A ⊗ B)"]));
    const nk = p.sizes.find((s) => s.axis === "product");
    expect(nk?.ident).toBe("nk");
    expect(emitProgram(p, "js")).toContain("const nk = n * k;");
    expect(emitProgram(p, "numpy")).toContain("nk = n * k");
    expect(emitProgram(p, "c")).toContain("const int nk = n * k;");
  });

  test("vec stacks the columns: ∂⟨c, vec A⟩/∂A puts c back column by column", () => {
    const d = derivationOf(
      decl(
        "A \\in \\mathbb{R}^{2 \\times 3}",
        "\\mathbf{c} \\in \\mathbb{R}^{6}",
        "Y = \\mathbf{c}^\\top \\operatorname{vec}(A)",
      ),
      { wrt: ["A"] },
    );
    expectGradientsAgree(d);
  });
});
