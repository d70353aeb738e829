// Jacobians and Hessians through broadcasts (issue 8): for every definition of the broadcast statement files
// (../derive/broadcasts.ts) and every input it depends on, the closed-form Jacobian ∂ rvec Y/∂ rvec X agrees with
// central differences, and for scalar outputs the Hessian agrees with second differences. A broadcast scalar s
// in an n×m result is s 1_n 1_mᵀ (∂ rvec Y/∂s a column of ones), a column b is b 1_mᵀ (I_n ⊗ 1_m).
import { describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import { jacobian } from "../../src/derive/jacobian.js";
import { hessian } from "../../src/derive/hessian.js";
import { checkHessian, checkJacobian } from "../../src/derive/jcheck.js";
import { Graph } from "../../src/derive/graph.js";
import { docOf } from "./helpers.js";
import { BROADCASTS } from "../derive/broadcasts.js";

const linesOf = (text: string) => text.trimEnd().split("\n");

describe("Jacobians through broadcasts", () => {
  for (const [name, text] of Object.entries(BROADCASTS)) {
    test(name, () => {
      const doc = docOf(linesOf(text));
      const g = new Graph(doc);
      let checked = 0;
      for (const d of g.defs.values()) {
        for (const x of g.leaves(d.lhs.name)) {
          if (doc.env.dims.hasName(x.name)) continue;
          const j = jacobian(doc, { of: d.lhs.name, wrt: x.name });
          expect(A.some(j.expr, (y) => y.k === "diff" || y.k === "deriv")).toBe(false);
          for (let seed = 1; seed <= 3; seed++)
            expect(checkJacobian(j, seed).relErr, `∂${d.lhs.name}/∂${x.name}, draw ${seed}`).toBeLessThan(1e-6);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe("Hessians through broadcasts", () => {
  const cases: [string, string, string][] = [
    ["x − s (the issue's case)", "L", "s"],
    ["σ(x + s)", "L", "s"],
    ["σ(x + s)", "L", "x"],
    ["logistic regression with a scalar bias", "L", "b"],
    ["logistic regression with a scalar bias", "L", "w"],
    ["X W + b, b ∈ ℝⁿ (column, lecture convention)", "L", "b"],
    ["x / s", "L", "s"],
    ["centred x − m without the 1", "L", "x"],
    ["s − X (matrix)", "L", "s"],
  ];
  for (const [name, of, wrt] of cases) {
    test(`${name}: ∂²${of}/∂${wrt}²`, () => {
      const h = hessian(docOf(linesOf(BROADCASTS[name])), { of, wrt });
      for (let seed = 1; seed <= 3; seed++) {
        const c = checkHessian(h, seed);
        expect(c.relErr, `draw ${seed}`).toBeLessThan(1e-4);
        expect(c.hvpRelErr, `H[V], draw ${seed}`).toBeLessThan(1e-9);
      }
    });
  }
});
