import { describe, expect, it } from "vitest";
import {
  add,
  asMat,
  broadcastShape,
  clone,
  colVec,
  div,
  elementwise,
  eye,
  fromRows,
  full,
  isMat,
  map,
  map2,
  mat,
  mul,
  neg,
  numel,
  ones,
  pow,
  reshape,
  rowVec,
  scale,
  shapeOf,
  shapeStr,
  sub,
  toRows,
  toScalar,
  zeros,
  type Mat,
} from "../../src/numeric/index.js";

describe("construction", () => {
  it("mat copies data, fills zeros, accepts a generator", () => {
    const src = [1, 2, 3, 4, 5, 6];
    const m = mat(2, 3, src);
    src[0] = 99;
    expect(toRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(mat(2, 2).data)).toEqual([0, 0, 0, 0]);
    expect(toRows(mat(2, 2, (i, j) => 10 * i + j))).toEqual([
      [0, 1],
      [10, 11],
    ]);
    const f = Float64Array.of(1, 2);
    const v = mat(2, 1, f);
    f[0] = 7;
    expect(v.data[0]).toBe(1);
  });

  it("mat rejects wrong lengths and bad dimensions", () => {
    expect(() => mat(2, 2, [1, 2, 3])).toThrow(/2×2 needs 4 entries, got 3/);
    expect(() => mat(-1, 2)).toThrow(/rows/);
    expect(() => mat(1.5, 2)).toThrow(/rows/);
  });

  it("fromRows / toRows round trip; ragged rows throw", () => {
    const rows = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const m = fromRows(rows);
    expect(shapeOf(m)).toEqual([3, 2]);
    expect(toRows(m)).toEqual(rows);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 entries, expected 2/);
    expect(shapeOf(fromRows([]))).toEqual([0, 0]);
    expect(toRows(5)).toEqual([[5]]);
  });

  it("zeros, ones, full, eye, colVec, rowVec", () => {
    expect(toRows(zeros(1, 2))).toEqual([[0, 0]]);
    expect(toRows(ones(2, 1))).toEqual([[1], [1]]);
    expect(toRows(full(1, 2, 3.5))).toEqual([[3.5, 3.5]]);
    expect(toRows(eye(3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(shapeOf(colVec([1, 2, 3]))).toEqual([3, 1]);
    expect(shapeOf(rowVec([1, 2, 3]))).toEqual([1, 3]);
  });

  it("isMat, shapeOf, shapeStr, numel, asMat, toScalar, clone, reshape", () => {
    expect(isMat(eye(2))).toBe(true);
    expect(isMat(3)).toBe(false);
    expect(isMat({ rows: 1, cols: 1, data: [1] })).toBe(false);
    expect(shapeOf(2)).toEqual([]);
    expect(shapeStr(2)).toBe("scalar");
    expect(shapeStr(zeros(3, 4))).toBe("3×4");
    expect(numel(2)).toBe(1);
    expect(numel(zeros(3, 4))).toBe(12);
    expect(toRows(asMat(4))).toEqual([[4]]);
    expect(toScalar(mat(1, 1, [7]))).toBe(7);
    expect(toScalar(7)).toBe(7);
    expect(() => toScalar(zeros(2, 1))).toThrow(/2×1/);
    const m = eye(2);
    const c = clone(m) as Mat;
    c.data[0] = 5;
    expect(m.data[0]).toBe(1);
    expect(
      toRows(
        reshape(
          fromRows([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          3,
          2,
        ),
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => reshape(zeros(2, 3), 4, 2)).toThrow(/2×3 to 4×2/);
  });
});

describe("elementwise and broadcasting", () => {
  const A = fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("same-shape operations", () => {
    const B = fromRows([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(toRows(add(A, B))).toEqual([
      [7, 7, 7],
      [7, 7, 7],
    ]);
    expect(toRows(sub(A, B))).toEqual([
      [-5, -3, -1],
      [1, 3, 5],
    ]);
    expect(toRows(mul(A, B))).toEqual([
      [6, 10, 12],
      [12, 10, 6],
    ]);
    expect(toRows(div(A, B))).toEqual([
      [1 / 6, 2 / 5, 3 / 4],
      [4 / 3, 5 / 2, 6],
    ]);
    expect(toRows(neg(A))).toEqual([
      [-1, -2, -3],
      [-4, -5, -6],
    ]);
    expect(toRows(pow(A, 2))).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ]);
    expect(toRows(pow(2, A))).toEqual([
      [2, 4, 8],
      [16, 32, 64],
    ]);
    expect(toRows(pow(A, B))).toEqual([
      [1, 32, 81],
      [64, 25, 6],
    ]);
  });

  it("scalar on either side; scalar with scalar stays scalar", () => {
    expect(toRows(add(A, 1))).toEqual([
      [2, 3, 4],
      [5, 6, 7],
    ]);
    expect(toRows(sub(10, A))).toEqual([
      [9, 8, 7],
      [6, 5, 4],
    ]);
    expect(toRows(div(A, 2))).toEqual([
      [0.5, 1, 1.5],
      [2, 2.5, 3],
    ]);
    expect(toRows(scale(2, A))).toEqual([
      [2, 4, 6],
      [8, 10, 12],
    ]);
    expect(add(2, 3)).toBe(5);
    expect(mul(2, 3)).toBe(6);
    expect(scale(2, 3)).toBe(6);
    expect(neg(2)).toBe(-2);
    expect(isMat(add(mat(1, 1, [1]), 2))).toBe(true);
  });

  it("n×1 columns and 1×m rows broadcast against n×m, both ways", () => {
    const c = colVec([10, 20]);
    const r = rowVec([1, 2, 3]);
    expect(toRows(add(A, c))).toEqual([
      [11, 12, 13],
      [24, 25, 26],
    ]);
    expect(toRows(sub(c, A))).toEqual([
      [9, 8, 7],
      [16, 15, 14],
    ]);
    expect(toRows(mul(A, r))).toEqual([
      [1, 4, 9],
      [4, 10, 18],
    ]);
    expect(toRows(div(r, A))).toEqual([
      [1, 1, 1],
      [1 / 4, 2 / 5, 3 / 6],
    ]);
    expect(toRows(add(mat(1, 1, [100]), A))).toEqual([
      [101, 102, 103],
      [104, 105, 106],
    ]);
    expect(broadcastShape(c, A)).toEqual([2, 3]);
  });

  it("rejects non-broadcastable shapes with both shapes in the message", () => {
    expect(() => add(A, colVec([1, 2, 3]))).toThrow("add: 2×3 and 3×1 do not broadcast");
    expect(() => mul(A, rowVec([1, 2]))).toThrow("mul: 2×3 and 1×2 do not broadcast");
    expect(() => sub(zeros(2, 3), zeros(3, 2))).toThrow(/sub: 2×3 and 3×2/);
    // expanding both operands (an outer broadcast) is deliberately not allowed
    expect(() => add(colVec([1, 2]), rowVec([1, 2, 3]))).toThrow(/2×1 and 1×3 do not broadcast/);
  });

  it("map, map2, elementwise", () => {
    expect(map(3, (x) => x * x)).toBe(9);
    expect(toRows(map(A, (x) => x % 2))).toEqual([
      [1, 0, 1],
      [0, 1, 0],
    ]);
    expect(toRows(map2(A, colVec([1, 0]), (x, y) => x * y))).toEqual([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expect(map2(2, 3, Math.max)).toBe(3);
    const sq = elementwise((x) => x * x);
    expect(sq(3)).toBe(9);
    expect(toRows(sq(colVec([2, 3])))).toEqual([[4], [9]]);
  });

  it("never mutates inputs", () => {
    const before = toRows(A);
    add(A, 1);
    mul(A, A);
    neg(A);
    map(A, (x) => x + 1);
    pow(A, 3);
    expect(toRows(A)).toEqual(before);
  });
});
