// JavaScript kernels against central finite differences: the reference identities (Matrix Cookbook rows of
// ../derive/identities.test.ts), layers, and the cases that exercise the IR (vector and scalar outputs and
// inputs, constants under --wrt, dimensions used as values, π, 1 and I sized from context, a 1×1 product
// used as a scalar). Also the module boundary: ES module import, argument checking, seeds.
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { importJsKernel, loadJsKernel } from "../../src/codegen/verify/js.js";
import { checkJs, derivationOf, worst } from "./helpers.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { CASES } from "./cases.js";

/** The identities table, read from the derive tests (rows whose derivation is known to be wrong are skipped). */
const IDENTITIES: [number, string, string][] = [
  ...readFileSync("test/derive/identities.test.ts", "utf8").matchAll(/^\s*\[(\d+), "((?:[^"\\]|\\.)*)", "(\w+)"/gm),
].map((m) => [Number(m[1]), JSON.parse(`"${m[2]}"`), m[3]]);

describe("reference identities: JS kernel vs finite differences", () => {
  for (const [n, f, wrt] of IDENTITIES) {
    test(`#${n}: ∂/∂${wrt} ${f}`, () => {
      const r = checkJs(derivationOf(`f = ${f}\n`));
      expect(r.forward).toBeLessThan(1e-8);
      expect(worst(r)).toBeLessThan(1e-6);
    });
  }
});

describe("IR cases: JS kernel vs finite differences", () => {
  for (const [name, text] of Object.entries(CASES)) {
    test(name, () => {
      for (const seed of [1, 2, 3]) {
        const r = checkJs(derivationOf(text), seed);
        expect(r.forward).toBeLessThan(1e-8);
        expect(worst(r)).toBeLessThan(1e-6);
      }
    });
  }
  test("--wrt: the other inputs are constants (inputs without gradients)", () => {
    const d = derivationOf(CASES["layer: tanh(Wx + b), softmax(γh)"], { wrt: ["W"] });
    const p = buildProgram(d);
    expect(p.inputs.map((x) => [x.key, x.grad !== null])).toEqual([
      ["W", true],
      ["x", false],
      ["b", false],
      ["gamma", false],
    ]);
    expect(worst(checkJs(d, 1, p))).toBeLessThan(1e-6);
  });
  test("--of: an intermediate output", () => {
    expect(worst(checkJs(derive(loadDocument("examples/attention.tex"), { of: "S" })))).toBeLessThan(1e-6);
  });
  test("attention", () => {
    for (const seed of [1, 2, 3, 4])
      expect(worst(checkJs(derive(loadDocument("examples/attention.tex")), seed))).toBeLessThan(1e-6);
  });
});

describe("the JS module boundary", () => {
  const p = buildProgram(derive(loadDocument("examples/attention.tex")));
  const text = emitProgram(p, "js");
  const m = loadJsKernel(text);
  const arr = (r: number, c: number) => ({
    shape: [r, c],
    data: Float64Array.from({ length: r * c }, (_, i) => Math.sin(i + r)),
  });
  const inputs = { X: arr(3, 4), W_q: arr(4, 2), W_k: arr(4, 2), W_v: arr(4, 5) };

  test("imports as an ES module with the contract's exports", async () => {
    const esm = await importJsKernel(text);
    expect(esm.INPUTS).toEqual({ X: ["n", "d"], W_q: ["d", "d_k"], W_k: ["d", "d_k"], W_v: ["d", "d_v"] });
    expect([esm.OUTPUT, esm.OUTPUT_SHAPE]).toEqual(["O", ["n", "d_v"]]);
    expect(Object.isFrozen(esm.INPUTS)).toBe(true);
    expect(text).not.toMatch(/^import /m);
  });
  test("shapes are checked; missing inputs and seeds are errors", () => {
    const y = m.forward(inputs) as { readonly shape: readonly number[] };
    expect(y.shape).toEqual([3, 5]);
    expect(() => m.forward({ ...inputs, W_q: arr(3, 2) })).toThrow(/W_q.*expected 4x2/);
    expect(() => m.forward({ X: inputs.X })).toThrow(/missing input "W_q"/);
    expect(() => m.gradients(inputs)).toThrow(/seed/);
    const g = m.gradients(inputs, arr(3, 5)) as Record<string, { readonly shape: readonly number[] }>;
    expect(Object.keys(g)).toEqual(["X", "W_q", "W_k", "W_v"]);
    expect(g.W_v.shape).toEqual([4, 5]);
  });
  test("a scalar output's seed defaults to 1 and scales the gradients", () => {
    const k = loadJsKernel(emitProgram(buildProgram(derivationOf(CASES["π"])), "js"));
    const x = { shape: [3], data: Float64Array.of(1, 2, 3) };
    expect(k.forward({ x })).toBeCloseTo(Math.PI * 14, 12);
    const g1 = k.gradients({ x }) as Record<string, { readonly shape: readonly number[]; readonly data: Float64Array }>;
    const g2 = k.gradients({ x }, 2) as Record<
      string,
      { readonly shape: readonly number[]; readonly data: Float64Array }
    >;
    expect(g1.x.shape).toEqual([3]);
    expect(Array.from(g1.x.data)).toEqual([1, 2, 3].map((v) => 2 * Math.PI * v));
    expect(Array.from(g2.x.data)).toEqual([1, 2, 3].map((v) => 4 * Math.PI * v));
  });
  test("embeds only the runtime helpers it uses", () => {
    expect(text).toContain("softmax(a)");
    expect(text).not.toContain("logdet(a)");
    expect(text).not.toContain("kron(a, b)");
  });
});
