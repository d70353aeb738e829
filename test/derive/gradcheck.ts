// The numeric check the derive tests share: on each draw (its own random sizes), every input's gradient has the
// input's shape and agrees with central differences in float64.
import { expect } from "vitest";
import "../../src/ops/index.js";
import { checkGradients, runDerivation } from "../../src/derive/numcheck.js";
import type { Derivation } from "../../src/derive/reverse.js";
import type { Value } from "../../src/numeric/index.js";

const shapeOf = (v: Value) => (typeof v === "number" ? "scalar" : `${v.rows}×${v.cols}`);

export function expectGradientsAgree(d: Derivation, seeds: readonly number[] = [1, 2, 3]): void {
  for (const seed of seeds) {
    const run = runDerivation(d, seed);
    for (const b of d.backward.filter((x) => x.input))
      expect(shapeOf(run.derivs.get(b.name)!), b.target.latex).toBe(shapeOf(run.values.get(b.target.name)!));
    const checks = checkGradients(d, seed);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(c.relErr, `${c.input} (draw ${seed})`).toBeLessThan(1e-6);
  }
}
