// Deterministic seeded random numbers (xoshiro128** seeded by splitmix32) and random test matrices.
import { wrap, type Mat } from "./mat.js";

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [lo, hi], both ends inclusive. */
  int(lo: number, hi: number): number;
}

function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

function seedWord(seed: number | string): number {
  if (typeof seed === "string") {
    let h = 0x811c9dc5; // FNV-1a
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }
  if (!Number.isFinite(seed)) throw new Error(`rng: seed must be finite, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;
}

/** A deterministic generator: the same seed (number or string) always gives the same stream. */
export function rng(seed: number | string = 0): Rng {
  const sm = splitmix32(seedWord(seed));
  let s0 = sm(),
    s1 = sm(),
    s2 = sm(),
    s3 = sm();
  const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  const next = (): number => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r;
  };
  let spare: number | undefined;
  const uniform = (): number => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const u1 = 1 - uniform(); // (0, 1]: log is finite
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    int(lo: number, hi: number): number {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
        throw new Error(`rng.int: need integers lo ≤ hi, got ${lo} and ${hi}`);
      }
      return lo + Math.floor(uniform() * (hi - lo + 1));
    },
  };
}

function fill(r: number, c: number, f: () => number): Mat {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`random matrix: bad shape ${r}×${c}`);
  }
  const d = new Float64Array(r * c);
  for (let k = 0; k < d.length; k++) d[k] = f();
  return wrap(r, c, d);
}

/** Entries i.i.d. N(0, 1). */
export function randn(r: number, c: number, g: Rng): Mat {
  return fill(r, c, () => g.normal());
}

/** Entries uniform in [lo, hi). */
export function randUniform(r: number, c: number, g: Rng, lo = -1, hi = 1): Mat {
  return fill(r, c, () => lo + (hi - lo) * g.uniform());
}

/** Entries uniform in [0.5, 2] (safe for log, sqrt, division, and x^p). */
export function randPositive(r: number, c: number, g: Rng): Mat {
  return fill(r, c, () => 0.5 + 1.5 * g.uniform());
}

/** Exactly symmetric positive definite: B Bᵀ / n + I with B ~ randn, so all eigenvalues are ≥ 1. */
export function randSPD(n: number, g: Rng): Mat {
  const b = randn(n, n, g).data;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      const v = s / n + (i === j ? 1 : 0);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return wrap(n, n, d);
}

/**
 * A general (non-symmetric) square matrix that is safely invertible: off-diagonal entries N(0, 1), each
 * diagonal entry positive and larger than its row's off-diagonal absolute sum by at least 1. Strict diagonal
 * dominance gives ‖A⁻¹‖∞ ≤ 1, and with the positive diagonal every eigenvalue has positive real part, so det A > 0.
 */
export function randWellConditioned(n: number, g: Rng): Mat {
  const a = randn(n, n, g);
  const d = a.data;
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let j = 0; j < n; j++) if (j !== i) off += Math.abs(d[i * n + j]);
    d[i * n + i] = off + 1 + Math.abs(g.normal());
  }
  return a;
}
