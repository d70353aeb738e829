import { describe, expect, it } from "vitest";
import {
  colSum,
  colVec,
  concatCols,
  concatRows,
  diag,
  dot,
  entry,
  eye,
  frob,
  fromRows,
  isMat,
  kron,
  mat,
  matmul,
  norm2,
  outer,
  rowSum,
  rowVec,
  shapeOf,
  sliceCol,
  sliceRow,
  sum,
  toRows,
  trace,
  transpose,
  zeros,
} from "../../src/numeric/index.js";

const A = fromRows([
  [1, 2, 3],
  [4, 5, 6],
]);

describe("matmul", () => {
  it("known product", () => {
    const B = fromRows([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(toRows(matmul(A, B))).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(toRows(matmul(eye(2), A))).toEqual(toRows(A));
  });

  it("scalars scale; scalar·scalar is a number; 1×1 results stay matrices", () => {
    expect(toRows(matmul(2, A))).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(toRows(matmul(A, 2))).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(matmul(2, 3)).toBe(6);
    const r = matmul(rowVec([1, 2, 3]), colVec([4, 5, 6]));
    expect(isMat(r)).toBe(true);
    expect(toRows(r)).toEqual([[32]]);
  });

  it("non-conforming shapes throw with both shapes", () => {
    expect(() => matmul(zeros(3, 4), zeros(5, 2))).toThrow("matmul: 3×4 and 5×2 do not conform");
  });

  it("empty inner dimension gives zeros", () => {
    expect(toRows(matmul(zeros(2, 0), zeros(0, 2)))).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

describe("structure", () => {
  it("transpose", () => {
    expect(toRows(transpose(A))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(transpose(3)).toBe(3);
  });

  it("kron shape and entries", () => {
    const B = fromRows([
      [0, 1],
      [1, 0],
    ]);
    const K = kron(
      fromRows([
        [1, 2],
        [3, 4],
      ]),
      B,
    );
    expect(shapeOf(K)).toEqual([4, 4]);
    expect(toRows(K)).toEqual([
      [0, 1, 0, 2],
      [1, 0, 2, 0],
      [0, 3, 0, 4],
      [3, 0, 4, 0],
    ]);
    const K2 = kron(A, colVec([1, 10]));
    expect(shapeOf(K2)).toEqual([4, 3]);
    expect(toRows(K2)).toEqual([
      [1, 2, 3],
      [10, 20, 30],
      [4, 5, 6],
      [40, 50, 60],
    ]);
    expect(toRows(kron(2, A))).toEqual(toRows(matmul(2, A)));
    expect(kron(2, 3)).toBe(6);
  });

  it("trace", () => {
    expect(
      trace(
        fromRows([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe(5);
    expect(trace(7)).toBe(7);
    expect(() => trace(A)).toThrow("trace: expected a square matrix, got 2×3");
  });

  it("diag both ways", () => {
    expect(toRows(diag(colVec([1, 2])))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(toRows(diag(rowVec([1, 2])))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(
      toRows(
        diag(
          fromRows([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toEqual([[1], [4]]);
    expect(toRows(diag(5))).toEqual([[5]]);
    expect(() => diag(A)).toThrow(/2×3/);
  });

  it("concatCols / concatRows", () => {
    expect(toRows(concatCols(A, colVec([7, 8])))).toEqual([
      [1, 2, 3, 7],
      [4, 5, 6, 8],
    ]);
    expect(toRows(concatRows(A, rowVec([7, 8, 9])))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(toRows(concatCols(1, 2, 3))).toEqual([[1, 2, 3]]);
    expect(toRows(concatRows(1, 2))).toEqual([[1], [2]]);
    expect(() => concatCols(A, colVec([1, 2, 3]))).toThrow(/2×3, 3×1/);
    expect(() => concatRows(A, rowVec([1, 2]))).toThrow(/2×3, 1×2/);
  });

  it("sliceCol, sliceRow, entry (0-based) with range checks", () => {
    expect(toRows(sliceCol(A, 1))).toEqual([[2], [5]]);
    expect(toRows(sliceRow(A, 1))).toEqual([[4, 5, 6]]);
    expect(entry(A, 1, 2)).toBe(6);
    expect(() => sliceCol(A, 3)).toThrow(/column index 3 out of range for 2×3/);
    expect(() => sliceRow(A, -1)).toThrow(/row index -1/);
    expect(() => entry(A, 0, 1.5)).toThrow(/column index 1.5/);
  });
});

describe("reductions and norms", () => {
  it("rowSum, colSum, sum", () => {
    expect(toRows(rowSum(A))).toEqual([[6], [15]]);
    expect(toRows(colSum(A))).toEqual([[5, 7, 9]]);
    expect(sum(A)).toBe(21);
    expect(sum(4)).toBe(4);
  });

  it("sum is compensated", () => {
    const m = mat(1, 4, [1e16, 1, -1e16, 1]);
    expect(sum(m)).toBe(2);
  });

  it("frob, norm2, dot, outer", () => {
    expect(
      frob(
        fromRows([
          [3, 0],
          [0, 4],
        ]),
      ),
    ).toBe(5);
    expect(frob(-3)).toBe(3);
    expect(frob(fromRows([[3e200, 4e200]]))).toBeCloseTo(5e200, -188);
    expect(frob(fromRows([[3e-200, 4e-200]]))).toBeCloseTo(5e-200, 210);
    expect(frob(zeros(2, 2))).toBe(0);
    expect(norm2(colVec([3, 4]))).toBe(5);
    expect(norm2(rowVec([3, 4]))).toBe(5);
    expect(() => norm2(A)).toThrow(/expected a vector, got 2×3/);
    expect(dot(colVec([1, 2]), colVec([3, 4]))).toBe(11);
    expect(() => dot(colVec([1, 2]), rowVec([3, 4]))).toThrow(/2×1 and 1×2/);
    expect(toRows(outer(colVec([1, 2]), colVec([3, 4, 5])))).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
    expect(() => outer(A, colVec([1]))).toThrow(/2×3/);
  });

  it("frob propagates NaN", () => {
    expect(frob(colVec([1, NaN]))).toBeNaN();
  });
});
