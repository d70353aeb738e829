// Zero differentials under linear maps (issue 8, found by the differential test): d(step(A)) = 0, and the
// canonical form writes it as 0, so d(vec(step A)) = vec(0), d(diag(σ(step z))) = diag(0) and
// d(step(A) ⊗ B) = 0 ⊗ B + … were left for the read-off, which has no rule for them and refused
// ("cannot read off a gradient from ⟨G, diag(0)⟩"). The rule lines d-zero-vec, d-zero-diag, d-zero-kron-left and
// d-zero-kron-right (rules/differentiate.rules) now take them to 0, so the gradients exist and agree with
// central differences. The Kronecker cases need the product sizes of ./kron-vec.test.ts as well.
import { describe, expect, test } from "vitest";
import { checkGradients } from "../../src/derive/numcheck.js";
import { checkJs, derivationOf, worst } from "../codegen/helpers.js";
import { expectGradientsAgree } from "./gradcheck.js";

const CASES: Record<string, string> = {
  "diag(σ(step z))":
    "\\mathbf{z} \\in \\mathbb{R}^{n}\nY = \\operatorname{diag}(\\sigma(\\operatorname{step}(\\mathbf{z}))) \\mathbf{z}",
};

describe("a zero differential under vec, diag and ⊗ is zero", () => {
  for (const [name, text] of Object.entries(CASES))
    test(`${name}: derived, and agrees with central differences`, () => {
      const d = derivationOf(text);
      expect(d.backward.some((b) => b.input)).toBe(true);
      expectGradientsAgree(d);
    });
});

describe("a zero factor of ⊗ is zero", () => {
  const cases: Record<string, string> = {
    "sum(step(A) ⊗ tan B)":
      "A \\in \\mathbb{R}^{n \\times m}\nB \\in \\mathbb{R}^{k \\times k}\nY = \\operatorname{sum}(\\operatorname{step}(A) \\otimes \\tan(B))",
    "sum(tan B ⊗ sign(A))":
      "A \\in \\mathbb{R}^{n \\times m}\nB \\in \\mathbb{R}^{k \\times k}\nY = \\operatorname{sum}(\\tan(B) \\otimes \\operatorname{sign}(A))",
    "sum(vec(step A) ⊙ vec B)":
      "A \\in \\mathbb{R}^{n \\times m}\nB \\in \\mathbb{R}^{n \\times m}\nY = \\operatorname{sum}(\\operatorname{vec}(\\operatorname{step}(A)) \\odot \\operatorname{vec}(B))",
  };
  for (const [name, text] of Object.entries(cases))
    test(`${name}: derived (the zero factor's gradient is 0), and agrees with central differences`, () => {
      const d = derivationOf(text);
      for (const seed of [1, 2, 3]) {
        for (const c of checkGradients(d, seed)) expect(c.relErr, `${c.input} (draw ${seed})`).toBeLessThan(1e-6);
        expect(worst(checkJs(d, seed))).toBeLessThan(1e-6);
      }
    });
});
