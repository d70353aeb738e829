// A matrix operation of a scalar (issue 8, "Never silently wrong"): tr(s), vec(s), rowsum(s), sum(s), s ⊗ A,
// det(s) and log det(s) were refused at read-off ("an operation without a read-off rule") or left unsized ones
// and identities behind that emit refused; s^{-1} went through A^{-1} A = I and left an unsized I. rules/expand.rules
// (expand-*-scalar) now make them scalar algebra before differentiation. Each case: every gradient has its input's
// shape and agrees with central differences in float64 on three random draws.
import { describe, test } from "vitest";
import { derivationOf } from "../codegen/helpers.js";
import { expectGradientsAgree } from "./gradcheck.js";

const decl = "\\alpha \\in \\mathbb{R}\nA \\in \\mathbb{R}^{n \\times d}\nB \\in \\mathbb{R}^{n \\times n}\n";
const CASES: Record<string, string> = {
  trace: "f = \\operatorname{tr}(\\exp(\\alpha)) \\alpha",
  vec: "f = \\operatorname{sum}(\\operatorname{vec}(\\alpha^2)) + \\alpha",
  rowsum: "f = \\operatorname{rowsum}(\\sin(\\alpha)) \\alpha",
  "kron left": "f = \\operatorname{sum}((\\alpha \\otimes A) \\odot A)",
  "kron right": "f = \\operatorname{tr}(B \\otimes \\exp(\\alpha))",
  det: "f = \\det(\\sin(\\alpha)) \\alpha",
  "log det": "f = \\log\\det(\\exp(\\alpha)) \\alpha",
  inverse: "f = \\exp(\\alpha)^{-1} + \\operatorname{sum}(A) \\cos(\\alpha)^{-1}",
};

describe("a matrix operation of a scalar is scalar algebra", () => {
  for (const [name, line] of Object.entries(CASES)) {
    test(name, () => {
      expectGradientsAgree(derivationOf(decl + line + "\n"));
    });
  }
});
