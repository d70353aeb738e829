// Chain statements of undefined quantities are the chain rule when their factors link (src/check/chainrule.ts).
// The layout facts that check relies on are confirmed here by central differences on a concrete composition.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

const { claims } = checked(join(FIXTURES, "chain-rule.md"));

describe("check: the chain rule for quantities the lecture does not define", () => {
  test("a linked chain is correct, in either layout", () => {
    expect(byLine(claims, 3).verdict).toBe("correct");
    expect(byLine(claims, 3).reason).toMatch(/^the chain rule: the factors link/);
    const den = byLine(claims, 5);
    expect(den.verdict).toBe("correct");
    expect(den.notes).toEqual(["denominator layout"]);
  });
  test("brackets and an ellipsis within one indexed family", () => {
    expect(byLine(claims, 11).verdict).toBe("correct");
    expect(byLine(claims, 11).reason).toMatch(/⋯ stands for/);
    expect(byLine(claims, 13).verdict).toBe("correct");
  });
  test("a chain that does not link is not called correct (nor incorrect: nothing is evaluated)", () => {
    for (const line of [7, 9, 15]) {
      const c = byLine(claims, line);
      expect(c.verdict).toBe("unverifiable");
      expect(c.reason).toMatch(/not the chain rule as written/);
    }
    expect(byLine(claims, 7).reason).toMatch(/does not continue the chain at/);
    expect(byLine(claims, 9).reason).toMatch(/the chain ends at/);
  });
  test("a quantity the lecture defines leaves the chain to the derivation", () => {
    const { claims: cs } = checked(join(FIXTURES, "chain-rule-defined.md"));
    const c = byLine(cs, 3);
    expect(c.reason).not.toMatch(/the chain rule: the factors link/);
  });
});

// y(u(x)) with u = sin(B x), y = tanh(A u): J_y(x) = J_y(u) J_u(x) (numerator layout, m×n), and the
// denominator-layout product J_u(x)ᵀ J_y(u)ᵀ is its transpose — central differences on three draws.
describe("the layouts the chain check accepts, numerically", () => {
  const rand = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const mat = (r: () => number, m: number, n: number) => Array.from({ length: m }, () => Array.from({ length: n }, r));
  const mv = (M: number[][], v: number[]) => M.map((row) => row.reduce((s, a, j) => s + a * v[j], 0));
  const mm = (P: number[][], Q: number[][]) =>
    P.map((row) => Q[0].map((_, j) => row.reduce((s, a, k) => s + a * Q[k][j], 0)));
  const jac = (f: (v: number[]) => number[], v: number[]) => {
    const h = 1e-6;
    const cols = v.map((_, j) => {
      const p = [...v],
        q = [...v];
      p[j] += h;
      q[j] -= h;
      const fp = f(p),
        fq = f(q);
      return fp.map((a, i) => (a - fq[i]) / (2 * h));
    });
    return cols[0].map((_, i) => cols.map((c) => c[i]));
  };
  test.each([1, 2, 3])("draw %i", (seed) => {
    const r = rand(seed * 7919);
    const A = mat(r, 2, 3),
      B = mat(r, 3, 4),
      x = mat(r, 4, 1).map((a) => a[0]);
    const u = (v: number[]) => mv(B, v).map(Math.sin);
    const y = (w: number[]) => mv(A, w).map(Math.tanh);
    const full = jac((v) => y(u(v)), x),
      chain = mm(jac(y, u(x)), jac(u, x));
    expect(full.length).toBe(2);
    expect(full[0].length).toBe(4);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) expect(chain[i][j]).toBeCloseTo(full[i][j], 6);
  });
});
