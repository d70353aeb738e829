// `verify`: emit a kernel, run it on random sizes and inputs, compare with finite differences.
import type { Derivation } from "../../derive/reverse.js";
import { buildProgram, type Program } from "../ir.js";
import { emitProgram, type Target } from "../emit.js";
import { compare, makeJob, makeSample, type Job, type Report, type Result, type Sample } from "./job.js";
import { compareExtras } from "./extras.js";
import { importJsKernel, runJsKernel } from "./js.js";
import { pythonHas, runPython, PYTHON } from "./python.js";
import { haveGcc, runC, GCC } from "./c.js";

/** Relative error allowed between a gradient and finite differences, and between the output and the reference. */
export const GRADIENT_TOLERANCE = 1e-6;
export const FORWARD_TOLERANCE = 1e-8;

export interface TargetReport extends Report {
  readonly target: Target;
  /** Why the target was not run (no python3 with numpy/torch, no gcc). */
  readonly skipped?: string;
  /** The sizes drawn, by name. */
  readonly sizes?: Readonly<Record<string, number>>;
}

export async function verifyProgram(d: Derivation, program: Program, target: Target, seed = 1): Promise<TargetReport> {
  // the C target has no jacobian_X / hessian_X: its forward and gradients are still verified
  const cut = target === "c" && program.extras.length > 0;
  const p = cut ? { ...program, extras: [] } : program;
  const sample = makeSample(d, p, seed);
  const { job, probes } = makeJob(p, sample);
  const text = emitProgram(p, target);
  const r = await run(p, sample, job, text, target);
  if ("skipped" in r) return { target, forward: Number.NaN, inputs: [], notes: [], skipped: r.skipped, sizes: Object.fromEntries(sample.sizes) };
  const report = compare(sample, job, probes, r);
  const notes = cut ? [...report.notes, `${program.extras.map((x) => x.fn).join(", ")}: not emitted for c (numpy, js and torch only)`] : report.notes;
  return { target, ...report, notes, extras: compareExtras(d, p, sample, r), sizes: Object.fromEntries(sample.sizes) };
}

async function run(p: Program, sample: Sample, job: Job, text: string, target: Target): Promise<Result | { skipped: string }> {
  switch (target) {
    case "js": return runJsKernel(await importJsKernel(text), job);
    case "numpy": case "torch":
      if (!pythonHas(target)) return { skipped: `${PYTHON} cannot import ${target}` };
      return runPython(text, target, job);
    case "c":
      if (!haveGcc()) return { skipped: `${GCC} is not available` };
      return runC(text, p, sample.sizes, job);
  }
}

export async function verify(d: Derivation, target: Target, seed = 1): Promise<TargetReport> {
  return verifyProgram(d, buildProgram(d), target, seed);
}
