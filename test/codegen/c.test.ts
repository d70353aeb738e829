// C kernels: every case compiles as a header with gcc -O2 -std=c99 -Wall -Werror, and its output and
// gradients agree with the JavaScript kernel's on the same inputs (and with finite differences, through
// verify). Random graphs too. Skipped, visibly, without gcc.
import { describe, expect, test } from "vitest";
import { buildProgram, type Program } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { makeSample, makeJob, fromBoundary, gradientError, type Job } from "../../src/codegen/verify/job.js";
import { compileCheck, haveGcc, runC, GCC } from "../../src/codegen/verify/c.js";
import { loadJsKernel, runJsKernel } from "../../src/codegen/verify/js.js";
import { verifyProgram } from "../../src/codegen/verify/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { derive, type Derivation } from "../../src/derive/reverse.js";
import { derivationOf } from "./helpers.js";
import { CASES } from "./cases.js";
import { randomGraph } from "./graphs.js";

if (!haveGcc()) console.warn(`SKIPPED: ${GCC} is not available; the C kernel tests did not run`);

/** C and JS on the base point only: outputs and gradients agree to rounding. */
function agree(d: Derivation, p: Program, seed: number): number {
  const s = makeSample(d, p, seed);
  const full = makeJob(p, s).job;
  const job: Job = { ...full, points: [s.base] };
  const c = runC(emitProgram(p, "c"), p, s.sizes, job);
  const js = runJsKernel(loadJsKernel(emitProgram(p, "js")), job);
  let worst = gradientError(fromBoundary(c.outputs[0]), fromBoundary(js.outputs[0]), 1e-300);
  for (const k of job.wrt)
    worst = Math.max(worst, gradientError(fromBoundary(c.gradients[k]), fromBoundary(js.gradients[k]), 1e-300));
  return worst;
}

describe.runIf(haveGcc())("C kernels", () => {
  const cases: [string, Derivation][] = [
    ["attention", derive(loadDocument("examples/attention.tex"))],
    ...Object.entries(CASES).map(([name, text]): [string, Derivation] => [name, derivationOf(text)]),
  ];
  for (const [name, d] of cases) {
    test(`${name}: compiles with -Wall -Werror, agrees with JS, verifies`, async () => {
      const p = buildProgram(d);
      expect(compileCheck(emitProgram(p, "c"))).toBeNull();
      expect(agree(d, p, 2)).toBeLessThan(1e-12);
      const r = await verifyProgram(d, p, "c", 2);
      expect(r.forward).toBeLessThan(1e-8);
      expect(Math.max(...r.inputs.map((i) => i.relErr))).toBeLessThan(1e-6);
    });
  }
  test("25 random graphs agree with JS", () => {
    for (let i = 0; i < 25; i++) {
      const d = derivationOf(randomGraph(4242 + i).text);
      expect(agree(d, buildProgram(d), i + 1), randomGraph(4242 + i).text).toBeLessThan(1e-11);
    }
  }, 120_000);
});
