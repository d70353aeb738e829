// Derivatives by stacked entries: ∂y/∂vec X, ∂y/∂a with a = vec X (or X:, or rvec X), ∂vec Y/∂vec X
// (src/check/stacked.ts), against central differences with the columns (and rows) reordered to the stacking.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "stacked.md"));

describe("check: derivatives by vec and rvec", () => {
  test("Matrix Cookbook forms are correct (vec stacks columns)", () => {
    // ∂(A x)/∂vec A = xᵀ ⊗ I_m, spelled with a = vec(A), b = A: and vec(A) itself; \mathbf{I}_m is the identity
    for (const line of [4, 6, 8]) expect(byLine(claims, line).verdict).toBe("correct");
    // ∂(A x)/∂rvec A = I ⊗ xᵀ
    expect(byLine(claims, 7).verdict).toBe("correct");
    // ∂ tr(Cᵀ A)/∂vec A = vec(C)ᵀ as a row; vec(C) as a column is the denominator layout
    expect(byLine(claims, 10).verdict).toBe("correct");
    expect(byLine(claims, 11).verdict).toBe("correct");
    expect(byLine(claims, 11).notes[0]).toMatch(/denominator layout/);
    // ∂vec(C X B)/∂vec X = Bᵀ ⊗ C
    expect(byLine(claims, 13).verdict).toBe("correct");
  });
  test("wrong claims, each reviewed by hand", () => {
    // line 5: I_m ⊗ xᵀ is ∂(A x)/∂rvec A (A x = (I ⊗ xᵀ) rvec A), but a = vec A: A x = (xᵀ ⊗ I) vec A
    const l5 = byLine(claims, 5);
    expect(l5.verdict).toBe("incorrect");
    expect(l5.reason).toMatch(/right for row stacking \(rvec\).*Kronecker factors are in the wrong order/);
    // line 9: twice the true Jacobian xᵀ ⊗ I
    expect(byLine(claims, 9).verdict).toBe("incorrect");
    expect(byLine(claims, 9).reason).toMatch(/factor 2/);
    // line 12: vec(Cᵀ) = rvec(C), a permutation of vec(C) (C is m×n): the gradient stacked row-wise
    expect(byLine(claims, 12).verdict).toBe("incorrect");
    expect(byLine(claims, 12).reason).toMatch(/stacked in the other order/);
    // line 14: C ⊗ Bᵀ is the rvec form, rvec(C X B) = (C ⊗ Bᵀ) rvec X; vec needs Bᵀ ⊗ C
    expect(byLine(claims, 14).verdict).toBe("incorrect");
    expect(byLine(claims, 14).reason).toMatch(/right for row stacking/);
  });
});

describe("check: ∂E/∂vec X of a scalar the lecture never defines", () => {
  const { claims: cs } = checked(join(FIXTURES, "stacked-abstract.md"));
  test("the gradient stacked as a row (or a column: denominator layout) is correct for every E", () => {
    // ∂f/∂Z: = ((∂f/∂Z):)ᵀ — the colon is vec; the claim is the definition of the row form
    expect(byLine(cs, 3).verdict).toBe("correct");
    expect(byLine(cs, 4).verdict).toBe("correct");
    expect(byLine(cs, 4).notes).toEqual(["denominator layout"]);
  });
  test("wrong claims, each reviewed by hand", () => {
    // line 5: vec(Gᵀ) = rvec(G), the entries of G in row order, not vec(G) (Z is p×q with p, q ≥ 2 in the draws)
    expect(byLine(cs, 5).verdict).toBe("incorrect");
    expect(byLine(cs, 5).reason).toMatch(/stacked in the other order/);
    // line 6: twice vec(G)ᵀ
    expect(byLine(cs, 6).verdict).toBe("incorrect");
    expect(byLine(cs, 6).reason).toBe("off by a constant factor 2");
  });
});

describe("check: a stacked vector the lecture never defines", () => {
  const { claims: cs } = checked(join(FIXTURES, "stacked-undefined.md"));
  test("unverifiable, and the reason says which stacking the claim holds for", () => {
    for (const line of [3, 4, 5]) expect(byLine(cs, line).verdict).toBe("unverifiable");
    // W h = (hᵀ ⊗ I) vec W = (I ⊗ hᵀ) rvec W
    expect(byLine(cs, 3).reason).toMatch(/holds for column stacking \(vec\), not for row stacking/);
    expect(byLine(cs, 4).reason).toMatch(/holds for row stacking \(rvec\), not for column stacking/);
    // hᵀ ⊗ hᵀ is not even m × mn: neither stacking
    expect(byLine(cs, 5).reason).not.toMatch(/holds for/);
  });
});
