// Gradients through rows, columns and entries of a matrix (issue 8, "Never silently wrong"). The slice rules
// (rules/differentiate.rules d-slice-*, rules/readoff.rules adj-slice-*) are written for one slice form each; a
// pattern for a column X_{:,j} once matched a row X_{i,:} (both have two children), so ∂/∂X of X_{1,:} v printed
// vᵀ 1 e_1ᵀ (a 1×n row) instead of e_1 vᵀ. Each case: the gradient has X's shape and agrees with central
// differences in float64 on three random draws with their own sizes.
import { describe, test } from "vitest";
import { derivationOf } from "../codegen/helpers.js";
import { expectGradientsAgree } from "./gradcheck.js";

const decl = "X \\in \\mathbb{R}^{n \\times d}\n\\mathbf{w} \\in \\mathbb{R}^{n}\n\\mathbf{v} \\in \\mathbb{R}^{d}\n";
const CASES: Record<string, string> = {
  row: "f = X_{1,:} \\mathbf{v}",
  column: "f = \\mathbf{w}^\\top X_{:,2}",
  "row and column": "f = \\mathbf{w}^\\top X_{:,2} + X_{1,:} \\mathbf{v}",
  entry: "f = X_{2,1} + X_{1,2}",
  "row times column": "f = X_{1,:} X^\\top \\mathbf{w} + \\mathbf{w}^\\top X_{:,1} X_{2,1}",
};

describe("gradients through slices take the slice's own form", () => {
  for (const [name, line] of Object.entries(CASES)) {
    test(name, () => {
      expectGradientsAgree(derivationOf(decl + line + "\n"));
    });
  }
});
