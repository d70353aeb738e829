// Layer norm as a primitive and written out from its mean and variance give the same gradients; an affine
// layer with a broadcast bias (X W + 1 bᵀ) and a small MLP derive and agree with finite differences.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkGradients, runDerivation } from "../../src/derive/numcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { relErr, type Value } from "../../src/numeric/index.js";
import type { Expr } from "../../src/ast/index.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-layers-"));
function doc(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const d = loadDocument(file);
  expect(d.errors).toEqual([]);
  return d;
}
const HEAD =
  "X \\in \\mathbb{R}^{n \\times d}\n\\boldsymbol{\\gamma} \\in \\mathbb{R}^{d}\n\\boldsymbol{\\beta} \\in \\mathbb{R}^{d}\n\\epsilon > 0\n";

describe("layer norm", () => {
  const decomposed = derive(loadDocument(fileURLToPath(new URL("../../examples/layernorm.tex", import.meta.url))));
  const primitive = derive(
    doc(
      "ln.tex",
      `${HEAD}Y = \\operatorname{LayerNorm}_\\epsilon(X) \\operatorname{diag}(\\boldsymbol{\\gamma}) + \\mathbf{1} \\boldsymbol{\\beta}^\\top\n`,
    ),
  );
  test("both forms agree with finite differences", () => {
    for (const d of [decomposed, primitive])
      for (let s = 1; s <= 3; s++) for (const c of checkGradients(d, s)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
  test("the primitive's closed-form backward equals the one derived from mean and variance", () => {
    for (let s = 1; s <= 3; s++) {
      const run = runDerivation(decomposed, s);
      const values = new Map<string, Value>(["X", "gamma", "beta", "epsilon"].map((k) => [k, run.values.get(k)!]));
      for (const f of primitive.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
      expect(relErr(values.get("Y")!, run.values.get("Y")!)).toBeLessThan(1e-12);
      const derivs = new Map<Expr, Value>([[primitive.upstream!, run.derivs.get(decomposed.upstream!)!]]);
      for (const b of primitive.backward)
        derivs.set(b.name, evaluate(b.expr, { values, derivs }, values.get(b.target.name)));
      for (const x of ["X", "gamma", "beta"]) {
        const mine = primitive.backward.find((b) => b.target.name === x)!,
          theirs = decomposed.backward.find((b) => b.target.name === x)!;
        expect(relErr(derivs.get(mine.name)!, run.derivs.get(theirs.name)!), x).toBeLessThan(1e-9);
      }
    }
  });
});

describe("affine layers with broadcast bias", () => {
  test("X W + 1 bᵀ, then tanh and a second layer, through a squared error", () => {
    const d = derive(
      doc(
        "mlp.tex",
        [
          "X \\in \\mathbb{R}^{n \\times d}",
          "W_1 \\in \\mathbb{R}^{d \\times h}",
          "\\mathbf{b}_1 \\in \\mathbb{R}^{h}",
          "W_2 \\in \\mathbb{R}^{h \\times c}",
          "Y \\in \\mathbb{R}^{n \\times c}",
          "H = \\tanh(X W_1 + \\mathbf{1} \\mathbf{b}_1^\\top)",
          "Z = H W_2",
          "E = \\|Z - Y\\|_F^2",
          "",
        ].join("\n"),
      ),
      { of: "E" },
    );
    expect(d.inputs.map((s) => s.name).sort()).toEqual(["W_1", "W_2", "X", "Y", "b_1"]);
    for (let s = 1; s <= 3; s++) for (const c of checkGradients(d, s)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
  test("logistic regression log likelihood", () => {
    const d = derive(
      doc(
        "logreg.tex",
        [
          "X \\in \\mathbb{R}^{n \\times d}",
          "\\mathbf{y} \\in \\mathbb{R}^{n}",
          "\\mathbf{w} \\in \\mathbb{R}^{d}",
          "\\mathbf{p} = \\sigma(X \\mathbf{w})",
          "E = -\\mathbf{y}^\\top \\log(\\mathbf{p}) - (1 - \\mathbf{y})^\\top \\log(1 - \\mathbf{p})",
          "",
        ].join("\n"),
      ),
      { of: "E", wrt: ["w"] },
    );
    for (let s = 1; s <= 3; s++) for (const c of checkGradients(d, s)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
});

describe("Kronecker products", () => {
  test("gradients through A ⊗ X and X ⊗ B read off with the block adjoints", () => {
    for (const f of [
      "\\mathbf{a}^\\top (A \\otimes X) \\mathbf{b}",
      "\\mathbf{a}^\\top (X \\otimes B) \\mathbf{b}",
      "\\operatorname{tr}(C (A \\otimes X))",
    ]) {
      const d = derive(doc("kron.tex", `f = ${f}\n`), { of: "f" });
      for (let s = 1; s <= 3; s++)
        for (const c of checkGradients(d, s)) expect(c.relErr, `${f}: ${c.input}`).toBeLessThan(1e-6);
    }
  });
});

describe("column slices and index sums as lectures write them", () => {
  test("Σ_j A_{:,j}ᵀ B_{:,j} and Σ_i (y_i − wᵀx_i)² derive and agree with finite differences", () => {
    const sliced = derive(
      doc(
        "slices.tex",
        "A \\in \\mathbb{R}^{n \\times m}\nB \\in \\mathbb{R}^{n \\times m}\nf = \\sum_{j=1}^{m} A_{:,j}^\\top B_{:,j}\n",
      ),
      { of: "f" },
    );
    const regression = derive(
      doc(
        "regression.tex",
        "\\mathbf{w} \\in \\mathbb{R}^{d}\nE(\\mathbf{w}) = \\sum_{i=1}^{n} (y_i - \\mathbf{w}^\\top \\mathbf{x}_i)^2\n",
      ),
      { of: "E" },
    );
    expect(regression.inputs.map((s) => s.name)).toEqual(["w"]);
    for (const d of [sliced, regression])
      for (let s = 1; s <= 3; s++) for (const c of checkGradients(d, s)) expect(c.relErr, c.input).toBeLessThan(1e-6);
  });
});
