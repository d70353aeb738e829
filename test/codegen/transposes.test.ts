// Products with a transposed factor are one matmul variant in the js and c targets (issue 14: "never a
// materialised transpose"): the attention kernels call no transpose at all (Kᵀ, Aᵀ, Vᵀ, Xᵀ, (∂L/∂S)ᵀ and the
// Wᵀ of ∂L/∂X are read in place), and the variants are right — the IR cases "transposed products …" in ./cases.ts
// exercise AᵀB, ABᵀ, AᵀBᵀ and (s Aᵀ) B through test/codegen/js.test.ts and c.test.ts (finite differences, C
// against JS); here the same products against the reference evaluator on random sizes.
import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive } from "../../src/derive/reverse.js";
import { checkJs, derivationOf, worst } from "./helpers.js";
import { CASES } from "./cases.js";

describe("transposed products", () => {
  const p = buildProgram(derive(loadDocument("examples/attention.tex")));
  test("the attention kernels form no transpose (js, c)", () => {
    expect(emitProgram(p, "js")).not.toMatch(/R\.T\(/);
    expect(emitProgram(p, "c")).not.toMatch(/tg_transpose\(/);
    expect(emitProgram(p, "js")).toMatch(/R\.matmulTN\(X, dQ\)/);
    expect(emitProgram(p, "c")).toMatch(/tg_matmul_nt\(t\d+, Q, K, n, d_k, n\)/);
  });
  for (const name of Object.keys(CASES).filter((n) => n.startsWith("transposed products"))) {
    test(`${name}: the JS kernel agrees with finite differences on three draws`, () => {
      const d = derivationOf(CASES[name]);
      const js = emitProgram(buildProgram(d), "js");
      for (const v of ["TN", "NT"]) expect(js).toContain(`R.matmul${v}(`);
      for (const seed of [1, 2, 3]) {
        const r = checkJs(d, seed);
        expect(r.forward).toBeLessThan(1e-10);
        expect(worst(r)).toBeLessThan(1e-6);
      }
    });
  }
});
