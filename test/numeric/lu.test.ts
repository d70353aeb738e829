import { describe, expect, it } from "vitest";
import {
  allClose,
  det,
  eye,
  fromRows,
  inv,
  logdet,
  luDecompose,
  luIsSingular,
  matmul,
  matpow,
  randSPD,
  randWellConditioned,
  relErr,
  rng,
  slogdet,
  solve,
  toRows,
  colVec,
  zeros,
  mat,
} from "../../src/numeric/index.js";

describe("inv", () => {
  it("2×2 closed form", () => {
    expect(
      toRows(
        inv(
          fromRows([
            [4, 7],
            [2, 6],
          ]),
        ),
      ),
    ).toEqual(
      [
        [0.6, -0.7],
        [-0.2, 0.4],
      ].map((r) => r.map((x) => expect.closeTo(x, 14))),
    );
  });

  it("A⁻¹A = I for random well-conditioned and pivot-requiring matrices", () => {
    const g = rng(3);
    for (const n of [1, 2, 5, 12]) {
      const A = randWellConditioned(n, g);
      expect(relErr(matmul(inv(A), A), eye(n))).toBeLessThan(1e-12);
      expect(relErr(matmul(A, inv(A)), eye(n))).toBeLessThan(1e-12);
    }
    const P = fromRows([
      [0, 1, 2],
      [1, 0, 3],
      [4, -3, 8],
    ]); // zero leading pivot
    expect(allClose(matmul(P, inv(P)), eye(3), 1e-12, 1e-12)).toBe(true);
  });

  it("throws on singular input (exact and to working precision) and on non-square", () => {
    expect(() =>
      inv(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toThrow(/singular/);
    expect(() =>
      inv(
        fromRows([
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ]),
      ),
    ).toThrow("inv: 3×3 matrix is singular to working precision");
    expect(() => inv(zeros(2, 2))).toThrow(/singular/);
    expect(() => inv(zeros(2, 3))).toThrow("inv: expected a square matrix, got 2×3");
    expect(() => inv(0)).toThrow(/not invertible/);
    expect(inv(4)).toBe(0.25);
  });

  it("scale-invariant singularity test: tiny but well-conditioned matrices invert", () => {
    const A = matmul(1e-200, eye(3));
    expect(relErr(inv(A), matmul(1e200, eye(3)))).toBeLessThan(1e-14);
  });
});

describe("det, slogdet, logdet", () => {
  it("det of triangular = product of the diagonal", () => {
    expect(
      det(
        fromRows([
          [2, 5, 7],
          [0, 3, 1],
          [0, 0, -4],
        ]),
      ),
    ).toBeCloseTo(-24, 12);
    expect(
      det(
        fromRows([
          [2, 0, 0],
          [5, 3, 0],
          [1, 1, 0.5],
        ]),
      ),
    ).toBeCloseTo(3, 12);
  });

  it("det of a permutation and of singular matrices", () => {
    expect(
      det(
        fromRows([
          [0, 1],
          [1, 0],
        ]),
      ),
    ).toBe(-1);
    expect(
      det(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBe(0);
    expect(det(eye(4))).toBe(1);
    expect(det(3)).toBe(3);
    expect(det(mat(0, 0))).toBe(1);
    expect(() => det(zeros(2, 3))).toThrow(/2×3/);
  });

  it("logdet of SPD matches log det; huge determinants do not overflow", () => {
    const g = rng(5);
    const S = randSPD(6, g);
    expect(logdet(S)).toBeCloseTo(Math.log(det(S)), 12);
    expect(
      logdet(
        fromRows([
          [2, 1],
          [1, 2],
        ]),
      ),
    ).toBeCloseTo(Math.log(3), 14);
    const big = matmul(1e100, eye(10)); // det = 1e1000 overflows
    expect(det(big)).toBe(Infinity);
    expect(logdet(big)).toBeCloseTo(1000 * Math.log(10), 10);
  });

  it("logdet throws when det ≤ 0; slogdet reports the sign", () => {
    expect(() =>
      logdet(
        fromRows([
          [0, 1],
          [1, 0],
        ]),
      ),
    ).toThrow(/not positive/);
    expect(() =>
      logdet(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toThrow(/not positive/);
    expect(() => logdet(-2)).toThrow(/not positive/);
    expect(
      slogdet(
        fromRows([
          [0, 1],
          [1, 0],
        ]),
      ),
    ).toEqual({ sign: -1, logAbs: 0 });
    expect(
      slogdet(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toEqual({ sign: 0, logAbs: -Infinity });
  });

  it("randWellConditioned always has det > 0", () => {
    const g = rng(11);
    for (let t = 0; t < 50; t++) expect(slogdet(randWellConditioned(1 + (t % 7), g)).sign).toBe(1);
  });
});

describe("solve", () => {
  it("solves A x = b and A X = B", () => {
    const A = fromRows([
      [3, 1],
      [1, 2],
    ]);
    const x = solve(A, colVec([9, 8]));
    expect(
      toRows(x)
        .flat()
        .map((v) => Math.round(v * 1e12) / 1e12),
    ).toEqual([2, 3]);
    const g = rng(2);
    const W = randWellConditioned(7, g);
    const B = fromRows(Array.from({ length: 7 }, (_, i) => [i, 1, -i * i]));
    expect(relErr(matmul(W, solve(W, B)), B)).toBeLessThan(1e-13);
  });

  it("shape and singularity errors", () => {
    expect(() => solve(eye(2), colVec([1, 2, 3]))).toThrow("solve: 2×2 and 3×1 do not conform");
    expect(() => solve(zeros(2, 3), colVec([1, 2]))).toThrow(/2×3 and 2×1/);
    expect(() =>
      solve(
        fromRows([
          [1, 1],
          [1, 1],
        ]),
        colVec([1, 2]),
      ),
    ).toThrow(/singular/);
  });

  it("luDecompose reconstructs PA = LU", () => {
    const A = fromRows([
      [0, 2, 1],
      [3, 1, 4],
      [1, 5, 9],
    ]);
    const f = luDecompose(A);
    const n = 3;
    const L = mat(n, n, (i, j) => (i === j ? 1 : i > j ? f.lu[i * n + j] : 0));
    const U = mat(n, n, (i, j) => (i <= j ? f.lu[i * n + j] : 0));
    const PA = mat(n, n, (i, j) => A.data[f.perm[i] * n + j]);
    expect(relErr(matmul(L, U), PA)).toBeLessThan(1e-15);
    expect(luIsSingular(f)).toBe(false);
  });
});

describe("matpow", () => {
  const A = fromRows([
    [1, 1],
    [1, 0],
  ]); // Fibonacci
  it("positive, zero, negative powers", () => {
    expect(toRows(matpow(A, 10))).toEqual([
      [89, 55],
      [55, 34],
    ]);
    expect(toRows(matpow(A, 1))).toEqual(toRows(A));
    expect(toRows(matpow(A, 0))).toEqual(toRows(eye(2)));
    expect(relErr(matmul(matpow(A, -3), matpow(A, 3)), eye(2))).toBeLessThan(1e-14);
    expect(matpow(2, -2)).toBe(0.25);
  });

  it("returns a fresh matrix for k = 1 and rejects bad input", () => {
    const P = matpow(A, 1);
    P.data[0] = 42;
    expect(A.data[0]).toBe(1);
    expect(() => matpow(A, 1.5)).toThrow(/integer/);
    expect(() => matpow(zeros(2, 3), 2)).toThrow(/2×3/);
    expect(() =>
      matpow(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
        -1,
      ),
    ).toThrow(/singular/);
  });
});
