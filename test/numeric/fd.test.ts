import { describe, expect, it } from "vitest";
import {
  add,
  colVec,
  concatCols,
  det,
  diag,
  dot,
  eye,
  fdDirectional,
  fdGradient,
  fdHessian,
  fdJacobian,
  fromRows,
  inv,
  kron,
  layerNormRows,
  logdet,
  logSoftmaxVec,
  map,
  matmul,
  mul,
  neg,
  ones,
  outer,
  randn,
  randPositive,
  randSPD,
  randWellConditioned,
  relErr,
  rng,
  rowVec,
  scale,
  sigmoid,
  softmaxRows,
  softmaxVec,
  sub,
  sum,
  toRows,
  trace,
  transpose,
  type Mat,
  type Value,
  sqrt,
} from "../../src/numeric/index.js";

const TOL = 1e-6;
const g = rng("fd");

describe("fdGradient against analytic gradients", () => {
  it("tr(AX) → Aᵀ", () => {
    for (const n of [1, 3, 6]) {
      const A = randn(n, n, g),
        X = randn(n, n, g);
      expect(
        relErr(
          fdGradient((X: Mat) => trace(matmul(A, X)), X),
          transpose(A),
        ),
      ).toBeLessThan(TOL);
    }
  });

  it("tr(AX) for rectangular A (m×n), X (n×m) → Aᵀ", () => {
    const A = randn(2, 4, g),
      X = randn(4, 2, g);
    expect(
      relErr(
        fdGradient((X: Mat) => trace(matmul(A, X)), X),
        transpose(A),
      ),
    ).toBeLessThan(TOL);
  });

  it("logdet X → X⁻ᵀ (SPD and non-symmetric)", () => {
    const S = randSPD(5, g);
    expect(
      relErr(
        fdGradient((X: Mat) => logdet(X), S),
        transpose(inv(S)),
      ),
    ).toBeLessThan(TOL);
    const W = randWellConditioned(5, g);
    const G = fdGradient((X: Mat) => logdet(X), W);
    expect(relErr(G, transpose(inv(W)))).toBeLessThan(TOL);
    expect(relErr(G, inv(W))).toBeGreaterThan(1e-3); // the transpose matters
  });

  it("det X → det(X) X⁻ᵀ", () => {
    const W = randWellConditioned(4, g);
    expect(
      relErr(
        fdGradient((X: Mat) => det(X), W),
        scale(det(W), transpose(inv(W))),
      ),
    ).toBeLessThan(TOL);
  });

  it("xᵀAx + bᵀx → (A + Aᵀ)x + b", () => {
    const A = randn(6, 6, g),
      b = randn(6, 1, g),
      x = randn(6, 1, g);
    const f = (x: Mat): number => dot(x, matmul(A, x)) + dot(b, x);
    expect(relErr(fdGradient(f, x), add(matmul(add(A, transpose(A)), x), b))).toBeLessThan(TOL);
  });

  it("sum(W ⊙ XY) → W Yᵀ, and sum(W ⊙ X⁻¹) → −X⁻ᵀ W X⁻ᵀ", () => {
    const X = randn(3, 4, g),
      Y = randn(4, 2, g),
      W = randn(3, 2, g);
    expect(
      relErr(
        fdGradient((X: Mat) => sum(mul(W, matmul(X, Y))), X),
        matmul(W, transpose(Y)),
      ),
    ).toBeLessThan(TOL);
    const V = randWellConditioned(4, g),
      W2 = randn(4, 4, g);
    const Vit = transpose(inv(V));
    expect(
      relErr(
        fdGradient((X: Mat) => sum(mul(W2, inv(X))), V),
        neg(matmul(Vit, matmul(W2, Vit))),
      ),
    ).toBeLessThan(TOL);
  });

  it("wᵀ logsoftmax(x) → w − softmax(x)·Σw", () => {
    const x = randn(7, 1, g),
      w = randn(7, 1, g);
    const want = sub(w, scale(sum(w), softmaxVec(x)));
    expect(
      relErr(
        fdGradient((x: Mat) => dot(w, logSoftmaxVec(x)), x),
        want,
      ),
    ).toBeLessThan(TOL);
  });

  it("layer norm backward: (g − mean g − y·mean(g⊙y)) / σ", () => {
    const n = 8;
    const x = rowVec(randn(1, n, g).data),
      G = rowVec(randn(1, n, g).data);
    const eps = 1e-5;
    const y = layerNormRows(x, eps);
    const mean = sum(x) / n;
    const sigma = Math.sqrt(sum(map(x, (v) => (v - mean) ** 2)) / n + eps);
    const want = scale(1 / sigma, sub(sub(G, sum(G) / n), scale(sum(mul(G, y)) / n, y)));
    expect(
      relErr(
        fdGradient((x: Mat) => sum(mul(G, layerNormRows(x, eps))), x),
        want,
      ),
    ).toBeLessThan(TOL);
  });

  it("scalar x and large-magnitude x (relative steps)", () => {
    expect(
      relErr(
        fdGradient((t: number) => Math.sin(t), 0.3),
        Math.cos(0.3),
      ),
    ).toBeLessThan(1e-9);
    const x = colVec([1e4, -3e5, 2e-3]);
    // rounding ≈ ε·|f|/h is large here (|f| ≈ 9e10), but relative to ‖∇f‖ it stays small
    expect(
      relErr(
        fdGradient((x: Mat) => sum(map(x, (v) => v * v)), x),
        scale(2, x),
      ),
    ).toBeLessThan(1e-7);
    const P = randPositive(3, 3, g);
    expect(
      relErr(
        fdGradient((X: Mat) => sum(sqrt(X)), P),
        map(P, (v) => 0.5 / Math.sqrt(v)),
      ),
    ).toBeLessThan(1e-8);
  });

  it("order 4 is more accurate", () => {
    const S = randSPD(4, g);
    const want = transpose(inv(S));
    const e2 = relErr(
      fdGradient((X: Mat) => logdet(X), S),
      want,
    );
    const e4 = relErr(
      fdGradient((X: Mat) => logdet(X), S, { order: 4 }),
      want,
    );
    expect(e2).toBeLessThan(1e-8);
    expect(e4).toBeLessThan(1e-10);
  });

  it("f may return 1×1; other outputs throw", () => {
    const a = colVec([1, 2]);
    expect(
      relErr(
        fdGradient((x: Mat) => matmul(transpose(a), x), colVec([0, 0])),
        a,
      ),
    ).toBeLessThan(1e-9);
    expect(() => fdGradient((x: Mat) => x, colVec([1, 2]))).toThrow("fdGradient: f must return a scalar, got 2×1");
    expect(() => fdGradient((x: Mat) => sum(x), colVec([1]), -1)).toThrow(/positive/);
  });
});

describe("fdJacobian", () => {
  it("softmax Jacobian = diag(s) − ssᵀ", () => {
    for (const n of [2, 5]) {
      const x = randn(n, 1, g);
      const s = softmaxVec(x);
      expect(relErr(fdJacobian(softmaxVec, x), sub(diag(s), outer(s, s)))).toBeLessThan(TOL);
    }
  });

  it("sigmoid Jacobian = diag(s(1−s))", () => {
    const x = randn(4, 1, g);
    const s = sigmoid(x);
    expect(
      relErr(
        fdJacobian((x: Mat) => sigmoid(x), x),
        diag(mul(s, sub(1, s))),
      ),
    ).toBeLessThan(TOL);
  });

  it("uses row-major vec: J(X ↦ AX) = A ⊗ I, J(X ↦ XB) = I ⊗ Bᵀ, J(Xᵀ) is the commutation matrix", () => {
    const A = randn(2, 3, g),
      B = randn(4, 2, g),
      X = randn(3, 4, g);
    const J1 = fdJacobian((X: Mat) => matmul(A, X), X);
    expect([J1.rows, J1.cols]).toEqual([8, 12]);
    expect(relErr(J1, kron(A, eye(4)))).toBeLessThan(TOL);
    expect(
      relErr(
        fdJacobian((X: Mat) => matmul(X, B), X),
        kron(eye(3), transpose(B)),
      ),
    ).toBeLessThan(TOL);
    const T = fdJacobian(
      (X: Mat) => transpose(X),
      fromRows([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    const P = toRows(T).map((r) => r.map((v) => Math.round(v)));
    expect(P).toEqual([
      [1, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 1],
    ]);
  });

  it("scalar outputs give one row; scalar inputs one column", () => {
    const x = randn(3, 1, g);
    const J = fdJacobian((x: Mat) => dot(x, x), x);
    expect([J.rows, J.cols]).toEqual([1, 3]);
    expect(relErr(J, transpose(scale(2, x)))).toBeLessThan(TOL);
    const Jt = fdJacobian((t: number) => colVec([t, t * t]), 3);
    expect(relErr(Jt, colVec([1, 6]))).toBeLessThan(1e-9);
  });

  it("softmaxRows Jacobian is block diagonal", () => {
    const X = randn(2, 3, g);
    const J = fdJacobian((X: Mat) => softmaxRows(X), X);
    const S = softmaxRows(X);
    const blk = (i: number): Mat => {
      const s = colVec(S.data.subarray(i * 3, i * 3 + 3));
      return sub(diag(s), outer(s, s));
    };
    const z = fromRows([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    const want = fromRows([...toRows(concatCols(blk(0), z)), ...toRows(concatCols(z, blk(1)))]);
    expect(relErr(J, want)).toBeLessThan(TOL);
  });

  it("throws when f changes output shape", () => {
    expect(() => fdJacobian((x: Mat) => (x.data[0] > 0 ? colVec([1]) : colVec([1, 2])), colVec([0]))).toThrow(
      /returned 1×1 at a perturbed point but 2×1 at x/,
    );
  });
});

describe("fdDirectional", () => {
  it("d inv(X)[dX] = −X⁻¹ dX X⁻¹", () => {
    const X = randWellConditioned(4, g),
      dX = randn(4, 4, g);
    const Xi = inv(X);
    expect(
      relErr(
        fdDirectional((X: Mat) => inv(X), X, dX),
        neg(matmul(Xi, matmul(dX, Xi))),
      ),
    ).toBeLessThan(TOL);
  });

  it("d logdet(X)[dX] = tr(X⁻¹ dX), scalar output", () => {
    const X = randSPD(5, g),
      dX = scale(100, randn(5, 5, g)); // large dx: step is rescaled
    const d = fdDirectional((X: Mat) => logdet(X), X, dX);
    expect(typeof d).toBe("number");
    expect(relErr(d, trace(matmul(inv(X), dX)))).toBeLessThan(TOL);
  });

  it("is linear in dx and zero for dx = 0; shapes must agree", () => {
    const x = randn(3, 1, g),
      dx = randn(3, 1, g);
    const f = (x: Mat): Mat => softmaxVec(x);
    expect(relErr(fdDirectional(f, x, scale(3, dx)), scale(3, fdDirectional(f, x, dx)))).toBeLessThan(1e-8);
    expect(toRows(fdDirectional(f, x, scale(0, dx)))).toEqual([[0], [0], [0]]);
    expect(fdDirectional((t: number) => t * t, 2, 1)).toBeCloseTo(4, 8);
    expect(() => fdDirectional(f, x, rowVec([1, 2, 3]))).toThrow(/x is 3×1 but dx is 1×3/);
  });

  it("agrees with the Jacobian times vec(dx)", () => {
    const X = randn(2, 3, g),
      dX = randn(2, 3, g);
    const f = (X: Mat): Mat => softmaxRows(X);
    const Jd = matmul(fdJacobian(f, X), colVec(dX.data));
    expect(relErr(colVec((fdDirectional(f, X, dX) as Mat).data), Jd)).toBeLessThan(TOL);
  });
});

describe("fdHessian", () => {
  it("xᵀAx → A + Aᵀ", () => {
    const A = randn(5, 5, g),
      x = randn(5, 1, g);
    const H = fdHessian((x: Mat) => dot(x, matmul(A, x)), x);
    expect(relErr(H, add(A, transpose(A)))).toBeLessThan(TOL);
    expect(toRows(H)).toEqual(toRows(transpose(H)));
  });

  it("log-sum-exp Hessian = diag(s) − ssᵀ", () => {
    const x = randn(4, 1, g);
    const s = softmaxVec(x);
    const H = fdHessian((x: Mat) => Math.log(sum(map(x, Math.exp))), x);
    expect(relErr(H, sub(diag(s), outer(s, s)))).toBeLessThan(TOL);
  });

  it("scalar x and shape of result", () => {
    const H = fdHessian((t: number) => t ** 3, 2);
    expect([H.rows, H.cols]).toEqual([1, 1]);
    expect(relErr(H, 12 as Value)).toBeLessThan(TOL);
    expect(
      relErr(
        fdHessian((x: Mat) => sum(map(x, (v) => v ** 4)), ones(2, 1)),
        scale(12, eye(2)),
      ),
    ).toBeLessThan(TOL);
  });
});
