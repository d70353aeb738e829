// Broadcasts (issue 8): a scalar added to, subtracting from, multiplying or dividing a vector or matrix, s·1 and
// m·1 shifts, the row broadcast 1bᵀ and the lecture-convention column added to an n×m matrix. The gradient of
// the broadcast quantity sums the upstream gradient over the copies (∂/∂s ⟨G, s 1 1ᵀ⟩ = 1ᵀ G 1, ∂/∂v ⟨G, v 1ᵀ⟩
// = G 1), so it has the shape of the variable. Each case: every gradient has its variable's shape and agrees
// with central differences (float64, three random draws with their own sizes), and the emitted JS kernel
// agrees with finite differences too (numpy and torch against torch.autograd, C: the broadcast entries of test/codegen/cases.ts; verify --target all:
// test/cli/broadcast.test.ts).
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import { checkGradients, runDerivation } from "../../src/derive/numcheck.js";
import type { Value } from "../../src/numeric/index.js";
import { checkJs, derivationOf, worst } from "../codegen/helpers.js";
import { BROADCASTS } from "./broadcasts.js";

const shapeOf = (v: Value) => (typeof v === "number" ? "scalar" : v.rows === 1 && v.cols === 1 ? "scalar" : `${v.rows}×${v.cols}`);

describe("broadcast gradients", () => {
  for (const [name, text] of Object.entries(BROADCASTS)) {
    test(`${name}: every gradient has its variable's shape and agrees with finite differences`, () => {
      const d = derivationOf(text);
      expect(d.inputs.length).toBeGreaterThan(0);
      for (const seed of [1, 2, 3]) {
        const run = runDerivation(d, seed);
        for (const b of d.backward.filter((x) => x.input))
          expect(shapeOf(run.derivs.get(b.name)!), b.target.latex).toBe(shapeOf(run.values.get(b.target.name)!));
        for (const c of checkGradients(d, seed)) expect(c.relErr, `${c.input} (draw ${seed})`).toBeLessThan(1e-6);
      }
    });
    test(`${name}: the JS kernel agrees with finite differences`, () => {
      for (const seed of [1, 2, 3]) {
        const r = checkJs(derivationOf(text), seed);
        expect(r.forward).toBeLessThan(1e-8);
        expect(worst(r)).toBeLessThan(1e-6);
      }
    });
  }
});
