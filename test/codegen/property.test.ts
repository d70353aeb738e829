// Property: for random well-shaped expression graphs (./graphs.ts), the emitted JavaScript kernel's
// gradients agree with central finite differences of ⟨seed, Y⟩ (relative error < 1e-6), and its output
// with the reference evaluator. The kernels run in-process (no module loader), in one batch.
import { describe, expect, test } from "vitest";
import { randomGraph } from "./graphs.js";
import { checkJs, derivationOf, worst } from "./helpers.js";
import { checkGradients } from "../../src/derive/numcheck.js";

const COUNT = Number(process.env.TEXGRAD_GRAPHS ?? 500);
const BASE = Number(process.env.TEXGRAD_GRAPH_SEED ?? 20240);

describe("random expression graphs → JS kernel → finite differences", () => {
  test(`${COUNT} graphs`, async () => {
    const t0 = performance.now();
    const failures: string[] = [];
    let checked = 0,
      worstErr = 0,
      gradients = 0,
      scalar = 0;
    for (let i = 0; i < COUNT; i++) {
      const g = randomGraph(BASE + i);
      try {
        const d = derivationOf(g.text);
        const r = checkJs(d, i + 1);
        const w = worst(r);
        gradients += r.inputs.length;
        if (g.scalar) scalar++;
        if (!(w < 1e-6) || !(r.forward < 1e-8)) {
          let ref = "";
          try {
            ref = `, derived formulas by the reference evaluator ${Math.max(...checkGradients(d, i + 1).map((c) => c.relErr)).toExponential(2)}`;
          } catch (e) {
            ref = `, reference: ${(e as Error).message}`;
          }
          failures.push(
            `#${BASE + i}: worst ${w.toExponential(2)}, forward ${r.forward.toExponential(2)}${ref}\n${g.text}`,
          );
        } else worstErr = Math.max(worstErr, w);
        checked++;
      } catch (err) {
        failures.push(`#${BASE + i}: ${(err as Error).message}\n${g.text}`);
      }
    }
    const ms = performance.now() - t0;
    console.log(
      `property: ${checked}/${COUNT} graphs (${scalar} scalar outputs), ${gradients} gradients, worst relative error ${worstErr.toExponential(2)}, ${(ms / 1000).toFixed(1)} s`,
    );
    if (process.env.TEXGRAD_GRAPH_LOG)
      (await import("node:fs")).writeFileSync(process.env.TEXGRAD_GRAPH_LOG, failures.join("\n"));
    expect(failures.slice(0, 5)).toEqual([]);
    expect(checked).toBe(COUNT);
  });
});
