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
import * as A from "../../src/ast/index.js";
import { rulesOf } from "../../src/rewrite/rules.js";
import { substitute } from "../../src/rewrite/pattern.js";
import { evaluate } from "../../src/numeric/eval.js";
import { randn, rng, sum, type Mat } from "../../src/numeric/index.js";

const shapeOf = (v: Value) =>
  typeof v === "number" ? "scalar" : v.rows === 1 && v.cols === 1 ? "scalar" : `${v.rows}×${v.cols}`;

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

// The read-off rules for broadcasts, numerically: the pairing of G with the copies of a scalar differential
// e = d(s) (every entry) or of a column e = d(v) (every column) is Σ_ij G_ij e or Σ_ij G_ij e_i; the rule's
// right side, evaluated, must give that. (test/rules can only instantiate a pair with equal shapes.)
describe("the adj-broadcast read-off rules hold numerically", () => {
  const rule = (name: string) => rulesOf("readoff").find((r) => r.name === name)!;
  const G = A.sym("G", "matrix"),
    s = A.sym("s", "scalar"),
    v = A.sym("v", "vector");
  const cases: [string, string, string, [number, number], "scalar" | "column"][] = [
    ["adj-broadcast-scalar-vector", "vec_x", "e", [5, 1], "scalar"],
    ["adj-broadcast-scalar", "M", "e", [4, 3], "scalar"],
    ["adj-broadcast-column", "W", "vec_e", [4, 3], "column"],
  ];
  for (const [name, gv, ev, [n, m], kind] of cases) {
    test(name, () => {
      const r = rule(name);
      expect(r, name).toBeDefined();
      const g = rng(name);
      const Gv = randn(n, m, g) as Mat;
      const ds = g.normal(),
        dv = randn(n, 1, g) as Mat;
      const x = kind === "scalar" ? s : v;
      const rhs = substitute(
        r.rhs,
        new Map([
          [gv, G],
          [ev, A.diff(x)],
        ]),
      );
      const got = evaluate(rhs, {
        values: new Map([
          ["G", Gv],
          ["s", 1.5],
          ["v", randn(n, 1, g)],
        ]),
        directions: new Map([
          ["s", ds],
          ["v", dv],
        ]),
      });
      let want = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) want += Gv.data[i * m + j] * (kind === "scalar" ? ds : dv.data[i]);
      expect(Math.abs((got as number) - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(sum(Gv))));
    });
  }
});
