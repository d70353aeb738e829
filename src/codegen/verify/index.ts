// `verify`: emit a kernel, run it on random sizes and inputs, compare with finite differences.
import type { Derivation } from "../../derive/reverse.js";
import { buildProgram, type Program } from "../ir.js";
import { emitProgram, type Target } from "../emit.js";
import { compare, makeJob, makeSample, type Job, type Report, type Sample } from "./job.js";
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

export async function verifyProgram(d: Derivation, p: Program, target: Target, seed = 1): Promise<TargetReport> {
  const sample = makeSample(d, p, seed);
  const { job, probes } = makeJob(p, sample);
  const text = emitProgram(p, target);
  const report = await run(p, sample, job, probes, text, target);
  return { ...report, sizes: Object.fromEntries(sample.sizes) };
}

async function run(p: Program, sample: Sample, job: Job, probes: Parameters<typeof compare>[2], text: string, target: Target): Promise<TargetReport> {
  switch (target) {
    case "js": return { target, ...compare(sample, job, probes, runJsKernel(await importJsKernel(text), job)) };
    case "numpy": case "torch":
      if (!pythonHas(target)) return { target, forward: Number.NaN, inputs: [], notes: [], skipped: `${PYTHON} cannot import ${target}` };
      return { target, ...compare(sample, job, probes, runPython(text, target, job)) };
    case "c":
      if (!haveGcc()) return { target, forward: Number.NaN, inputs: [], notes: [], skipped: `${GCC} is not available` };
      return { target, ...compare(sample, job, probes, runC(text, p, sample.sizes, job)) };
  }
}

export async function verify(d: Derivation, target: Target, seed = 1): Promise<TargetReport> {
  return verifyProgram(d, buildProgram(d), target, seed);
}
