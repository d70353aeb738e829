import { describe, expect, it } from "vitest";
import {
  allClose,
  colVec,
  eye,
  formatValue,
  fromRows,
  mat,
  maxAbsDiff,
  relErr,
  rowVec,
  sameShape,
  zeros,
} from "../../src/numeric/index.js";

describe("relErr", () => {
  it("values", () => {
    expect(relErr(colVec([1, 2]), colVec([1, 2]))).toBe(0);
    expect(relErr(zeros(2, 2), zeros(2, 2))).toBe(0);
    expect(relErr(colVec([3, 4]), colVec([0, 0]))).toBe(1);
    expect(relErr(2, 1)).toBe(0.5);
    expect(relErr(1, 1)).toBe(0);
    expect(relErr(colVec([1, 0]), colVec([1, 1e-10]))).toBeCloseTo(1e-10, 20);
  });

  it("scalars compare with 1×1; other mismatches throw with both shapes", () => {
    expect(relErr(3, mat(1, 1, [3]))).toBe(0);
    expect(() => relErr(colVec([1, 2]), rowVec([1, 2]))).toThrow("relErr: 2×1 and 1×2 differ in shape");
    expect(() => relErr(1, colVec([1, 2]))).toThrow(/scalar and 2×1/);
  });

  it("NaN propagates; equal infinities are equal", () => {
    expect(relErr(colVec([NaN]), colVec([1]))).toBeNaN();
    expect(relErr(colVec([Infinity, 1]), colVec([Infinity, 1]))).toBe(0);
  });
});

describe("allClose / sameShape / maxAbsDiff", () => {
  it("tolerances", () => {
    expect(allClose(1, 1 + 1e-7)).toBe(true);
    expect(allClose(1, 1 + 1e-5)).toBe(false);
    expect(allClose(0, 1e-10)).toBe(true);
    expect(allClose(0, 1e-8)).toBe(false);
    expect(allClose(100, 101, 0.01)).toBe(true);
    expect(allClose(eye(2), eye(2))).toBe(true);
    expect(allClose(colVec([NaN]), colVec([NaN]))).toBe(false);
    expect(allClose(colVec([1]), rowVec([1, 1]))).toBe(false);
    expect(allClose(2, mat(1, 1, [2]))).toBe(true);
  });

  it("sameShape is strict", () => {
    expect(sameShape(1, 2)).toBe(true);
    expect(sameShape(zeros(2, 3), zeros(2, 3))).toBe(true);
    expect(sameShape(zeros(2, 3), zeros(3, 2))).toBe(false);
    expect(sameShape(1, mat(1, 1))).toBe(false);
  });

  it("maxAbsDiff", () => {
    expect(maxAbsDiff(colVec([1, 5]), colVec([2, 3]))).toBe(2);
    expect(maxAbsDiff(colVec([NaN]), colVec([0]))).toBeNaN();
  });
});

describe("formatValue", () => {
  it("scalars and small matrices", () => {
    expect(formatValue(1.5)).toBe("1.5");
    expect(formatValue(3)).toBe("3");
    expect(formatValue(1 / 3)).toBe("0.333333");
    expect(formatValue(1.2e-7)).toBe("1.2e-7");
    expect(formatValue(NaN)).toBe("NaN");
    expect(
      formatValue(
        fromRows([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toBe("2×3 [[1, 2, 3], [4, 5, 6]]");
    expect(formatValue(mat(0, 2))).toBe("0×2 []");
  });

  it("elides large matrices", () => {
    const s = formatValue(
      mat(10, 10, (i, j) => i * 10 + j),
      { maxItems: 4 },
    );
    expect(s).toBe("10×10 [[0, 1, …, 8, 9], [10, 11, …, 18, 19], …, [80, 81, …, 88, 89], [90, 91, …, 98, 99]]");
  });
});
