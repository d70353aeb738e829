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

// f = W h as a function of W's entries, by central differences, with the entries in column (vec) or row (rvec) order;
// the hand check behind the verdicts below: vec gives hᵀ ⊗ I_m, rvec gives I_m ⊗ hᵀ.
function stackedJacobian(W: number[][], h: number[], order: "vec" | "rvec"): number[][] {
  const m = W.length,
    n = h.length,
    eps = 1e-6;
  const f = (V: number[][]) => V.map((row) => row.reduce((s, w, j) => s + w * h[j], 0));
  const J = Array.from({ length: m }, () => new Array<number>(m * n).fill(0));
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const up = W.map((r) => [...r]),
        dn = W.map((r) => [...r]);
      up[i][j] += eps;
      dn[i][j] -= eps;
      const col = order === "vec" ? j * m + i : i * n + j;
      f(up).forEach((v, r) => {
        J[r][col] = (v - f(dn)[r]) / (2 * eps);
      });
    }
  return J;
}
const kron = (a: number[][], b: number[][]) =>
  a.flatMap((ra) => b.map((rb) => ra.flatMap((x) => rb.map((y) => x * y))));

describe("check: a never-defined stacked vector, in the order of the lecture's one stacking line", () => {
  test("central differences: ∂(W h)/∂vec W = hᵀ ⊗ I and ∂(W h)/∂rvec W = I ⊗ hᵀ", () => {
    const W = [
        [0.3, -1.2, 0.7],
        [1.1, 0.4, -0.5],
      ],
      h = [0.9, -0.6, 1.4];
    const I = [
      [1, 0],
      [0, 1],
    ];
    const near = (a: number[][], b: number[][]) => a.every((r, i) => r.every((x, j) => Math.abs(x - b[i][j]) < 1e-8));
    expect(near(stackedJacobian(W, h, "vec"), kron([h], I))).toBe(true);
    expect(near(stackedJacobian(W, h, "rvec"), kron(I, [h]))).toBe(true);
    expect(near(stackedJacobian(W, h, "vec"), kron(I, [h]))).toBe(false);
  });
  test("`f = (f):` (the stacking line naming the wrong symbol) fixes column stacking for w", () => {
    const { claims: cs } = checked(join(FIXTURES, "stacked-lecture-order.md"));
    expect(byLine(cs, 4).verdict).toBe("correct");
    expect(byLine(cs, 4).reason).toMatch(/read as vec \(columns stacked\) of \\mathbf\{W\}.*line 3/);
    // line 5: I ⊗ hᵀ is the rvec form (above), and the lecture stacks with the colon, i.e. columns
    expect(byLine(cs, 5).verdict).toBe("incorrect");
    expect(byLine(cs, 5).reason).toMatch(/right for row stacking \(rvec\).*wrong order/);
    // line 6: twice hᵀ ⊗ I
    expect(byLine(cs, 6).verdict).toBe("incorrect");
    expect(byLine(cs, 6).reason).toMatch(/factor 2/);
  });
  test("a layer with a generic index: \\mathbf{I}_{d_\\ell} is the identity, and m_ℓ is vec M_ℓ", () => {
    const { claims: cs } = checked(join(FIXTURES, "stacked-layer-order.md"));
    expect(byLine(cs, 3).verdict).toBe("correct");
    // line 4: the rvec form again (Kronecker factors swapped)
    expect(byLine(cs, 4).verdict).toBe("incorrect");
    expect(byLine(cs, 4).reason).toMatch(/right for row stacking \(rvec\)/);
    // line 5: z_{ℓ−1} ⊗ I is d·d_{ℓ−1} × d, not d × d·d_{ℓ−1}
    expect(byLine(cs, 5).verdict).toBe("incorrect");
    expect(byLine(cs, 5).reason).toMatch(/shapes differ/);
  });
  test("with both stackings written the lecture fixes no order: unverifiable, as before", () => {
    const { claims: cs } = checked(join(FIXTURES, "stacked-both-orders.md"));
    expect(byLine(cs, 4).verdict).toBe("unverifiable");
    expect(byLine(cs, 4).reason).toMatch(/holds for column stacking \(vec\), not for row stacking/);
  });
});
