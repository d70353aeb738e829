import { describe, expect, it } from "vitest";
import {
  randn,
  randPositive,
  randSPD,
  randUniform,
  randWellConditioned,
  rng,
  transpose,
  toRows,
  logdet,
  inv,
  matmul,
  eye,
  relErr,
} from "../../src/numeric/index.js";

describe("rng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = rng(42),
      b = rng(42),
      c = rng(43);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
    expect(rng("name").uniform()).toBe(rng("name").uniform());
    expect(rng("name").uniform()).not.toBe(rng("other").uniform());
    expect(rng(2 ** 40).uniform()).not.toBe(rng(0).uniform());
  });

  it("uniform is in [0, 1) with sensible moments", () => {
    const g = rng(1);
    const n = 20000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = g.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it("normal has mean 0 and variance 1", () => {
    const g = rng(2);
    const n = 40000;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = g.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });

  it("int is inclusive on both ends and covers the range", () => {
    const g = rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const k = g.int(2, 5);
      expect(Number.isInteger(k) && k >= 2 && k <= 5).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(g.int(7, 7)).toBe(7);
    expect(() => g.int(3, 2)).toThrow(/lo ≤ hi/);
    expect(() => g.int(0.5, 2)).toThrow(/integers/);
  });
});

describe("random matrices", () => {
  it("shapes and ranges", () => {
    const g = rng(5);
    expect([randn(3, 2, g).rows, randn(3, 2, g).cols]).toEqual([3, 2]);
    const P = randPositive(10, 10, g);
    expect(P.data.every((x) => x >= 0.5 && x <= 2)).toBe(true);
    const U = randUniform(10, 10, g, -3, -2);
    expect(U.data.every((x) => x >= -3 && x < -2)).toBe(true);
    expect(() => randn(-1, 2, g)).toThrow(/bad shape/);
  });

  it("randSPD is exactly symmetric with a finite logdet", () => {
    const g = rng(6);
    for (const n of [1, 3, 8]) {
      const S = randSPD(n, g);
      expect(toRows(S)).toEqual(toRows(transpose(S)));
      expect(Number.isFinite(logdet(S))).toBe(true);
    }
  });

  it("randWellConditioned inverts accurately", () => {
    const g = rng(7);
    for (const n of [1, 2, 10, 30]) {
      const A = randWellConditioned(n, g);
      expect(relErr(matmul(A, inv(A)), eye(n))).toBeLessThan(1e-12);
    }
  });
});
