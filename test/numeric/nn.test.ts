import { describe, expect, it } from "vitest";
import {
  abs,
  colSum,
  colVec,
  exp,
  fromRows,
  layerNormRows,
  log,
  logSoftmaxRows,
  logSoftmaxVec,
  logSumExp,
  randn,
  relErr,
  relu,
  reluScalar,
  rng,
  rowSum,
  rowVec,
  sigmoid,
  sigmoidScalar,
  softmaxRows,
  softmaxVec,
  softplus,
  softplusScalar,
  sqrt,
  step,
  stepScalar,
  tanh,
  tanhScalar,
  toRows,
  zeros,
  map,
} from "../../src/numeric/index.js";

describe("softmax", () => {
  it("rows sum to 1 and match the direct formula", () => {
    const X = fromRows([
      [1, 2, 3],
      [0, 0, 0],
      [-1, 5, 2],
    ]);
    const S = softmaxRows(X);
    for (const s of toRows(rowSum(S)).flat()) expect(s).toBeCloseTo(1, 15);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0] + e[1] + e[2];
    expect(
      toRows(S)[0]
        .map((v, i) => v - e[i] / z)
        .every((d) => Math.abs(d) < 1e-15),
    ).toBe(true);
    expect(toRows(S)[1]).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("is stable for large inputs and shift invariant", () => {
    const X = fromRows([
      [1000, 1001, 1002],
      [-1000, -1001, -1002],
    ]);
    const S = softmaxRows(X);
    expect(S.data.every(Number.isFinite)).toBe(true);
    expect(
      relErr(
        S,
        softmaxRows(
          fromRows([
            [0, 1, 2],
            [0, -1, -2],
          ]),
        ),
      ),
    ).toBeLessThan(1e-15);
    const L = logSoftmaxRows(X);
    expect(L.data.every(Number.isFinite)).toBe(true);
    expect(relErr(L, map(S, Math.log))).toBeLessThan(1e-13);
    expect(toRows(softmaxRows(fromRows([[1000, 0]])))).toEqual([[1, Math.exp(-1000)]]);
  });

  it("softmaxVec works over entries and keeps the shape", () => {
    const x = colVec([1000, 1000]);
    expect(toRows(softmaxVec(x))).toEqual([[0.5], [0.5]]);
    expect(toRows(softmaxVec(rowVec([0, 0]))).flat()).toEqual([0.5, 0.5]);
    expect(() => softmaxVec(zeros(2, 2))).toThrow(/expected a vector, got 2×2/);
    const g = rng(4);
    const v = randn(6, 1, g);
    expect(relErr(logSoftmaxVec(v), map(softmaxVec(v), Math.log))).toBeLessThan(1e-14);
    expect(logSumExp(colVec([1000, 1000]))).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp(colVec([-Infinity, -Infinity]))).toBe(-Infinity);
    expect(logSumExp(3)).toBe(3);
  });

  it("softmaxRows agrees with softmaxVec of each row", () => {
    const g = rng(8);
    const X = randn(4, 5, g);
    const S = softmaxRows(X);
    for (let i = 0; i < 4; i++) {
      const row = rowVec(X.data.subarray(i * 5, i * 5 + 5));
      expect(relErr(rowVec(S.data.subarray(i * 5, i * 5 + 5)), softmaxVec(row))).toBeLessThan(1e-15);
    }
  });
});

describe("layerNormRows", () => {
  it("each row has mean 0 and variance ≈ 1", () => {
    const g = rng(9);
    const X = randn(5, 16, g);
    const Y = layerNormRows(map(X, (x) => 3 * x + 7));
    const n = 16;
    const means = toRows(rowSum(Y))
      .flat()
      .map((s) => s / n);
    for (const m of means) expect(Math.abs(m)).toBeLessThan(1e-14);
    const vars = toRows(rowSum(map(Y, (y) => y * y)))
      .flat()
      .map((s) => s / n);
    for (const v of vars) expect(v).toBeCloseTo(1, 4); // var/(var+eps) with var ≈ 9
  });

  it("known values and eps handling", () => {
    const Y = layerNormRows(fromRows([[1, 3]]), 0);
    expect(toRows(Y)).toEqual([[-1, 1]]);
    const C = layerNormRows(fromRows([[5, 5, 5]]));
    expect(toRows(C)).toEqual([[0, 0, 0]]);
    const E = layerNormRows(fromRows([[1, 3]]), 1);
    expect(toRows(E)[0][1]).toBeCloseTo(1 / Math.sqrt(2), 15);
  });
});

describe("scalar activations", () => {
  it("sigmoid is stable and symmetric", () => {
    expect(sigmoidScalar(0)).toBe(0.5);
    expect(sigmoidScalar(1000)).toBe(1);
    expect(sigmoidScalar(-1000)).toBe(0);
    expect(sigmoidScalar(-700)).toBeGreaterThan(0);
    for (const x of [-30, -2, 0.3, 5]) expect(sigmoidScalar(x) + sigmoidScalar(-x)).toBeCloseTo(1, 15);
  });

  it("relu, step, softplus, tanh", () => {
    expect([-1, 0, 2].map(reluScalar)).toEqual([0, 0, 2]);
    expect([-1, 0, 2].map(stepScalar)).toEqual([0, 0, 1]);
    expect(softplusScalar(1000)).toBe(1000);
    expect(softplusScalar(-1000)).toBe(0);
    expect(softplusScalar(0)).toBeCloseTo(Math.log(2), 15);
    expect(softplusScalar(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(tanhScalar(0.5)).toBe(Math.tanh(0.5));
  });

  it("elementwise versions keep scalars scalar and matrices matrices", () => {
    const v = colVec([-1, 0, 2]);
    expect(toRows(relu(v)).flat()).toEqual([0, 0, 2]);
    expect(toRows(step(v)).flat()).toEqual([0, 0, 1]);
    expect(sigmoid(0)).toBe(0.5);
    expect(toRows(sigmoid(v)).flat()[1]).toBe(0.5);
    expect(tanh(0)).toBe(0);
    expect(toRows(softplus(colVec([0]))).flat()[0]).toBeCloseTo(Math.log(2), 15);
    expect(toRows(exp(colVec([0, 1]))).flat()).toEqual([1, Math.E]);
    expect(log(1)).toBe(0);
    expect(sqrt(4)).toBe(2);
    expect(toRows(abs(v)).flat()).toEqual([1, 0, 2]);
    expect(toRows(colSum(fromRows([[1], [2]])))).toEqual([[3]]);
  });
});
