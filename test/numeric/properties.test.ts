import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  allClose,
  colSum,
  det,
  eye,
  fdGradient,
  frob,
  inv,
  kron,
  layerNormRows,
  logdet,
  mat,
  matmul,
  matpow,
  mul,
  ones,
  randWellConditioned,
  relErr,
  rng,
  rowSum,
  scale,
  solve,
  softmaxRows,
  sub,
  sum,
  toRows,
  trace,
  transpose,
  type Mat,
} from "../../src/numeric/index.js";

const dim = fc.integer({ min: 1, max: 5 });
const entry = fc.double({ min: -10, max: 10, noNaN: true });
const matOf = (r: number, c: number, e = entry): fc.Arbitrary<Mat> =>
  fc.array(e, { minLength: r * c, maxLength: r * c }).map((d) => mat(r, c, d));
const square = dim.chain((n) => matOf(n, n));
/** Product-compatible pair A (n×k), B (k×m). */
const conformable = fc.tuple(dim, dim, dim).chain(([n, k, m]) => fc.tuple(matOf(n, k), matOf(k, m)));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe("algebraic identities (fast-check)", () => {
  it("(AB)ᵀ = BᵀAᵀ", () => {
    fc.assert(
      fc.property(conformable, ([A, B]) => {
        expect(toRows(transpose(matmul(A, B)))).toEqual(toRows(matmul(transpose(B), transpose(A))));
      }),
    );
  });

  it("transpose is an involution", () => {
    fc.assert(
      fc.property(
        dim.chain((r) => dim.chain((c) => matOf(r, c))),
        (A) => {
          expect(toRows(transpose(transpose(A)))).toEqual(toRows(A));
        },
      ),
    );
  });

  it("tr(AB) = tr(BA)", () => {
    const pair = fc.tuple(dim, dim).chain(([n, k]) => fc.tuple(matOf(n, k), matOf(k, n)));
    fc.assert(
      fc.property(pair, ([A, B]) => {
        const scaleAB = frob(A) * frob(B);
        expect(Math.abs(trace(matmul(A, B)) - trace(matmul(B, A)))).toBeLessThanOrEqual(1e-12 * scaleAB + 1e-300);
      }),
    );
  });

  it("det(AB) = det A · det B", () => {
    const pair = dim.filter((n) => n <= 4).chain((n) => fc.tuple(matOf(n, n), matOf(n, n)));
    fc.assert(
      fc.property(pair, ([A, B]) => {
        const n = A.rows;
        const bound = (frob(A) * frob(B)) ** n; // Hadamard-type bound on the sizes involved
        expect(Math.abs(det(matmul(A, B)) - det(A) * det(B))).toBeLessThanOrEqual(1e-11 * bound + 1e-300);
      }),
    );
  });

  it("det Aᵀ = det A and det(cA) = cⁿ det A", () => {
    fc.assert(
      fc.property(square, fc.double({ min: -3, max: 3, noNaN: true }), (A, c) => {
        const n = A.rows;
        const bound = frob(A) ** n;
        expect(Math.abs(det(transpose(A)) - det(A))).toBeLessThanOrEqual(1e-12 * bound + 1e-300);
        expect(Math.abs(det(scale(c, A)) - c ** n * det(A))).toBeLessThanOrEqual(
          1e-12 * Math.abs(c) ** n * bound + 1e-300,
        );
      }),
    );
  });

  it("(AB)C = A(BC)", () => {
    const triple = fc
      .tuple(dim, dim, dim, dim)
      .chain(([a, b, c, d]) => fc.tuple(matOf(a, b), matOf(b, c), matOf(c, d)));
    fc.assert(
      fc.property(triple, ([A, B, C]) => {
        const bound = frob(A) * frob(B) * frob(C);
        expect(frob(sub(matmul(matmul(A, B), C), matmul(A, matmul(B, C))))).toBeLessThanOrEqual(1e-13 * bound + 1e-300);
      }),
    );
  });

  it("Kronecker mixed product: (A⊗B)(C⊗D) = (AC)⊗(BD)", () => {
    const quad = fc
      .tuple(dim, dim, dim, dim, dim, dim)
      .chain(([a, b, c, d, e, f]) => fc.tuple(matOf(a, b), matOf(d, e), matOf(b, c), matOf(e, f)));
    fc.assert(
      fc.property(quad, ([A, B, C, D]) => {
        const lhs = matmul(kron(A, B), kron(C, D));
        const rhs = kron(matmul(A, C), matmul(B, D));
        expect(frob(sub(lhs, rhs))).toBeLessThanOrEqual(1e-13 * frob(A) * frob(B) * frob(C) * frob(D) + 1e-300);
      }),
    );
  });

  it("inverse, solve and matpow on well-conditioned matrices", () => {
    fc.assert(
      fc.property(
        seed,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
        (s, n, j, k) => {
          const g = rng(s);
          const A = scale(1 / n, randWellConditioned(n, g));
          expect(relErr(matmul(A, inv(A)), eye(n))).toBeLessThan(1e-12);
          const B = mat(n, 2, (i, c) => i - c);
          expect(relErr(matmul(A, solve(A, B)), B)).toBeLessThan(1e-12);
          expect(relErr(matmul(matpow(A, j), matpow(A, k)), matpow(A, j + k))).toBeLessThan(1e-10);
          expect(logdet(A)).toBeCloseTo(Math.log(det(A)), 8);
        },
      ),
    );
  });

  it("logdet(AAᵀ + I) = log det(AAᵀ + I) ≥ 0", () => {
    fc.assert(
      fc.property(square, (A) => {
        const S = add(matmul(A, transpose(A)), eye(A.rows));
        const ld = logdet(S);
        expect(ld).toBeGreaterThanOrEqual(-1e-12);
        expect(Math.abs(ld - Math.log(det(S)))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ld)));
      }),
    );
  });
});

describe("broadcasting and nn properties (fast-check)", () => {
  it("adding a column equals adding c·1ᵀ; adding a row equals adding 1·r", () => {
    const arb = fc.tuple(dim, dim).chain(([n, m]) => fc.tuple(matOf(n, m), matOf(n, 1), matOf(1, m)));
    fc.assert(
      fc.property(arb, ([A, c, r]) => {
        // exact equality (allClose with zero tolerances treats −0 and +0 as equal)
        expect(allClose(add(A, c), add(A, matmul(c, ones(1, A.cols))), 0, 0)).toBe(true);
        expect(allClose(mul(r, A), mul(matmul(ones(A.rows, 1), r), A), 0, 0)).toBe(true);
      }),
    );
  });

  it("softmax rows are probability vectors for any finite input, however large", () => {
    const big = fc.double({ min: -1e300, max: 1e300, noNaN: true });
    const arb = fc.tuple(dim, dim).chain(([n, m]) => matOf(n, m, big));
    fc.assert(
      fc.property(arb, (X) => {
        const S = softmaxRows(X);
        expect(S.data.every((p) => p >= 0 && p <= 1)).toBe(true);
        for (const s of toRows(rowSum(S)).flat()) expect(s).toBeCloseTo(1, 12);
      }),
    );
  });

  it("layer-normed rows have mean ≈ 0", () => {
    const arb = fc.tuple(dim, dim).chain(([n, m]) => matOf(n, m));
    fc.assert(
      fc.property(arb, (X) => {
        const Y = layerNormRows(X);
        for (const s of toRows(rowSum(Y)).flat()) expect(Math.abs(s / X.cols)).toBeLessThan(1e-9);
      }),
    );
  });

  it("sum = sum of rowSum = sum of colSum", () => {
    fc.assert(
      fc.property(
        fc.tuple(dim, dim).chain(([n, m]) => matOf(n, m)),
        (A) => {
          const bound = 1e-13 * A.data.reduce((s, x) => s + Math.abs(x), 0) + 1e-300;
          expect(Math.abs(sum(rowSum(A)) - sum(A))).toBeLessThanOrEqual(bound);
          expect(Math.abs(sum(colSum(A)) - sum(A))).toBeLessThanOrEqual(bound);
        },
      ),
    );
  });
});

describe("finite differences and comparison (fast-check)", () => {
  it("fdGradient of xᵀAx + bᵀx matches (A + Aᵀ)x + b", () => {
    const arb = dim.chain((n) => fc.tuple(matOf(n, n), matOf(n, 1), matOf(n, 1)));
    fc.assert(
      fc.property(arb, ([A, b, x]) => {
        const want = add(matmul(add(A, transpose(A)), x), b);
        fc.pre(frob(want) > 1e-3);
        const f = (x: Mat): number => sum(mul(x, matmul(A, x))) + sum(mul(b, x));
        expect(relErr(fdGradient(f, x), want)).toBeLessThan(1e-6);
      }),
    );
  });

  it("relErr is symmetric and scale invariant; allClose accepts a value and itself", () => {
    const arb = fc.tuple(dim, dim).chain(([n, m]) => fc.tuple(matOf(n, m), matOf(n, m)));
    fc.assert(
      fc.property(arb, fc.double({ min: 0.01, max: 100, noNaN: true }), ([A, B], c) => {
        expect(relErr(A, B)).toBe(relErr(B, A));
        // scale invariance holds above the TINY denominator floor (1e-300), not for subnormal-sized values
        fc.pre(Math.max(frob(A), frob(B)) === 0 || Math.max(frob(A), frob(B)) > 1e-280);
        expect(relErr(scale(c, A), scale(c, B))).toBeCloseTo(relErr(A, B), 10);
        expect(relErr(A, B)).toBeLessThanOrEqual(2 + 1e-15);
        expect(allClose(A, A)).toBe(true);
      }),
    );
  });
});
