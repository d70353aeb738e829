// Claims with respect to a row or column slice (\mathbf{a}_{i,:}, \mathbf{W}_{:,j}) whose base enters the
// expression only through that slice: the slice is an independent vector. Right and wrong claims; the
// quadratic-form pair is the same formula as zᵀAz, confirmed by central differences in ./entries.test.ts.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "slices.md"));

describe("check: derivatives with respect to a slice", () => {
  test.each([
    [3, "correct", /agrees/], // d(a_{i,:}ᵀx)/da_{i,:} = x
    [5, "incorrect", /constant factor/], // = 2x
    [7, "correct", /agrees/], // d(wᵀBw)/dw = (B + Bᵀ)w with w = W_{:,j}
    [9, "incorrect", /only if \\mathbf\{B\} is symmetric/], // = 2Bw
    // W also enters through the whole matrix: the slice is not an independent variable, so no verdict yet
    [11, "unverifiable", /not a single symbol/],
  ])("line %i is %s", (line, verdict, reason) => {
    const c = byLine(claims, line);
    expect(c.verdict).toBe(verdict);
    expect(c.reason).toMatch(reason);
  });
});
