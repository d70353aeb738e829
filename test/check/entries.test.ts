// Claims with respect to one entry of a vector (∂f/∂z_k, every k checked on every draw), right and wrong,
// and the formulas the fixture calls right confirmed by central differences independently of texgrad.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "entries.md"));

describe("check: derivatives with respect to an entry", () => {
  test.each([
    [5, "correct"], // d(aᵀz)/dz_k = a_k
    [7, "incorrect"], // = z_k: wrong
    [9, "correct"], // d(zᵀz)/dz_i = 2 z_i
    [11, "incorrect"], // = z_i: a factor 2 missing
    [13, "correct"], // d(zᵀAz)/dz_k = Σ_j (A_kj + A_jk) z_j
    [15, "incorrect"], // = 2 Σ_j A_kj z_j: needs A symmetric, not assumed
  ])("line %i is %s", (line, verdict) => {
    const c = byLine(claims, line);
    expect(c.verdict).toBe(verdict);
    if (verdict === "correct") expect(c.reason).toMatch(/for every [ki] on \d+ random draws/);
  });

  test("the fixture's right and wrong zᵀAz formulas against central differences", () => {
    let s = 7;
    const rnd = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647 - 0.5;
    };
    const n = 5,
      A = Array.from({ length: n }, () => Array.from({ length: n }, rnd)),
      z = Array.from({ length: n }, rnd);
    const f = (v: number[]) => v.reduce((acc, vi, i) => acc + vi * v.reduce((t, vj, j) => t + A[i][j] * vj, 0), 0);
    let wrongErr = 0;
    for (let k = 0; k < n; k++) {
      const h = 1e-5,
        p = [...z],
        m = [...z];
      p[k] += h;
      m[k] -= h;
      const fd = (f(p) - f(m)) / (2 * h);
      const right = z.reduce((t, zj, j) => t + (A[k][j] + A[j][k]) * zj, 0);
      const wrong = 2 * z.reduce((t, zj, j) => t + A[k][j] * zj, 0);
      expect(Math.abs(right - fd)).toBeLessThan(1e-8);
      wrongErr = Math.max(wrongErr, Math.abs(wrong - fd));
    }
    expect(wrongErr).toBeGreaterThan(1e-3);
  });
});
