// The chain rule over a family's layers written with ∏_{i=0}^{k-1} (src/check/layerchain.ts): written out for
// k = 1, 2, 3, it must link and be the only path. The fact it relies on — that without a skip connection the
// product of the layers' Jacobians is the whole Jacobian, and with one it is not — is confirmed by central differences.
import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { FIXTURES, byLine, checked } from "./helpers.js";

type M = number[][];
const mul = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, x, k) => s + x * b[k][j], 0)));
const col = (v: number[]): M => v.map((x) => [x]);
const rand = (r: number, c: number, seed: number): M =>
  Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => Math.sin(seed * 7.3 + i * 3.1 + j * 1.7)));

/** a_3 of a_ℓ = M_ℓ z_{ℓ−1} (+ S z_1 at layer 3 when `skip`), z_ℓ = tanh(a_ℓ), as a function of vec M_1. */
function a3(Ms: M[], z0: number[], S: M | null): number[] {
  let z = col(z0),
    z1: M = z,
    a: M = z;
  Ms.forEach((Ml, l) => {
    a = mul(Ml, z);
    if (l === 2 && S) a = a.map((r, i) => [r[0] + mul(S, z1)[i][0]]);
    z = a.map((r) => [Math.tanh(r[0])]);
    if (l === 0) z1 = z;
  });
  return a.map((r) => r[0]);
}

describe("the layer product, numerically", () => {
  const d = 3;
  const Ms = [rand(d, d, 1), rand(d, d, 2), rand(d, d, 3)],
    z0 = [0.4, -0.8, 0.3],
    S = rand(d, d, 4);
  // ∂a_3/∂vec M_1 by central differences (vec: columns stacked)
  const fd = (skip: boolean): M => {
    const J: M = Array.from({ length: d }, () => new Array<number>(d * d).fill(0));
    for (let j = 0; j < d; j++)
      for (let i = 0; i < d; i++) {
        const up = Ms.map((m) => m.map((r) => [...r])),
          dn = Ms.map((m) => m.map((r) => [...r]));
        up[0][i][j] += 1e-6;
        dn[0][i][j] -= 1e-6;
        const [p, q] = [a3(up, z0, skip ? S : null), a3(dn, z0, skip ? S : null)];
        for (let r = 0; r < d; r++) J[r][j * d + i] = (p[r] - q[r]) / 2e-6;
      }
    return J;
  };
  // the k = 2 product at ℓ = 3: (∂a_3/∂z_2)(∂z_2/∂a_2)(∂a_2/∂z_1)(∂z_1/∂a_1)(∂a_1/∂vec M_1)
  const a1 = mul(Ms[0], col(z0)).map((r) => r[0]);
  const z1 = a1.map(Math.tanh);
  const a2 = mul(Ms[1], col(z1)).map((r) => r[0]);
  const dtanh = (v: number[]): M => v.map((x, i) => v.map((_, j) => (i === j ? 1 - Math.tanh(x) ** 2 : 0)));
  const kronZI: M = Array.from({ length: d }, (_, r) =>
    Array.from({ length: d * d }, (_, c) => (c % d === r ? z0[Math.floor(c / d)] : 0)),
  );
  const product = [Ms[2], dtanh(a2), Ms[1], dtanh(a1), kronZI].reduce(mul);
  const close = (a: M, b: M) => a.every((r, i) => r.every((x, j) => Math.abs(x - b[i][j]) < 1e-6));
  test("without a skip connection the product is the Jacobian; with one it is not", () => {
    expect(close(product, fd(false))).toBe(true);
    expect(close(product, fd(true))).toBe(false);
  });
});

describe("check: the chain rule over layers written with a product", () => {
  const { claims } = checked(join(FIXTURES, "layer-product-chain.md"));
  test("the product that links a_ℓ to m_{ℓ−k} through each layer is the chain rule", () => {
    const c = byLine(claims, 3);
    expect(c.verdict).toBe("correct");
    expect(c.reason).toMatch(/^the chain rule over the layers: written out for k = 1, 2, 3/);
  });
  test("products that are not the chain rule are not called correct (nothing is evaluated, so not incorrect)", () => {
    // line 4: ∂a_{ℓ−i}/∂z_{ℓ−i} — a_ℓ is made of z_{ℓ−1}, not z_ℓ (an off-by-one index)
    expect(byLine(claims, 4).verdict).toBe("unverifiable");
    expect(byLine(claims, 4).reason).toMatch(/is not made of \\mathbf\{z\}_\{\\ell\}/);
    // line 5: i from 1 to k starts the chain at a_{ℓ−1}, not a_ℓ
    expect(byLine(claims, 5).verdict).toBe("unverifiable");
    expect(byLine(claims, 5).reason).toMatch(/does not continue the chain at \\mathbf\{a\}_\{\\ell\}/);
  });
  test("a skip connection (a_ℓ also reads z_{ℓ−2}) is a second path: unverifiable", () => {
    const { claims: cs } = checked(join(FIXTURES, "layer-product-skip.md"));
    expect(byLine(cs, 3).verdict).toBe("unverifiable");
    expect(byLine(cs, 3).reason).toMatch(/k = 2.*also uses \\mathbf\{z\}_\{\\ell - 2\}: a second path/);
  });
});
