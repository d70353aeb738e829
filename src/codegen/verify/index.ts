// `verify`: emit a kernel, run it on random sizes and inputs, compare with finite differences.
import { forKernels, type Derivation } from "../../derive/reverse.js";
import { buildProgram, type Program } from "../ir.js";
import { emitProgram, type Target } from "../emit.js";
import {
  compare,
  fromBoundary,
  makeJob,
  makeSample,
  type Boundary,
  type Job,
  type Report,
  type Result,
  type Sample,
} from "./job.js";
import type { Definition } from "../../derive/graph.js";
import { refuseLarge } from "../../derive/sample.js";
import { evaluate } from "../../numeric/eval.js";
import type { Value } from "../../numeric/index.js";
import { printExpr } from "../../render/latex.js";
import { LocatedError } from "../../errors.js";
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

/** Draws tried before a program whose reference is NaN or ∞ everywhere is reported as not evaluable. */
export const DRAWS = 8;
/**
 * The most entries the central-difference job may hold: 1 + 2·(entries differentiated) points of every input's
 * entries (2·10⁷ float64 is 160 MB, and its JSON for Python stays under V8's longest string).
 */
export const MAX_JOB_ENTRIES = 2e7;

export async function verifyProgram(d: Derivation, program: Program, target: Target, seed = 1): Promise<TargetReport> {
  // the C target has no jacobian_X / hessian_X: its forward and gradients are still verified
  const cut = target === "c" && program.extras.length > 0;
  const p = cut ? { ...program, extras: [] } : program;
  const text = emitProgram(p, target);
  // a NaN or ∞ in the reference (√ of a negative, overflow, 1/(x − x)) is no evidence about the kernel: the draw
  // is replaced by another (sizes and inputs drawn within the assumptions), and after DRAWS tries the program is
  // refused as not evaluable — never reported as a mismatch
  let bad: { def: Definition; value: number } | null = null;
  for (let k = 0; k < DRAWS; k++) {
    const sample = makeSample(d, p, seed + 7919 * k);
    bad = nonFinite(d, sample.values);
    if (bad) continue;
    refuseLargeJob(d, p, sample);
    const { job, probes } = makeJob(p, sample);
    const r = await run(p, sample, job, text, target);
    if ("skipped" in r)
      return {
        target,
        forward: Number.NaN,
        inputs: [],
        notes: [],
        skipped: r.skipped,
        sizes: Object.fromEntries(sample.sizes),
      };
    // the kernel's stencil leaves the domain (√ near 0) where the reference does too: another draw
    const edge = stencilEdge(d, p, sample, job, r);
    if (edge) {
      bad = edge;
      continue;
    }
    return finish(d, p, target, cut, program, sample, job, probes, r);
  }
  const what = bad
    ? `${bad.def.lhs.latex} = ${printExpr(bad.def.rhs)} is ${Number.isNaN(bad.value) ? "NaN" : "infinite"}`
    : "the reference is not finite";
  throw new NotEvaluable(
    bad?.def.loc ?? d.forward[d.forward.length - 1].loc,
    `could not evaluate at these draws: ${what} on ${DRAWS} random draws of the inputs; state the domain as an assumption (such as x > 0) or change the definition`,
  );
}

/** A program whose reference evaluator gives NaN or ∞ on every draw. */
export class NotEvaluable extends LocatedError {}

const isFinite = (v: Value): boolean => (typeof v === "number" ? Number.isFinite(v) : v.data.every(Number.isFinite));
const firstBad = (v: Value): number => (typeof v === "number" ? v : v.data.find((x) => !Number.isFinite(x))!);

/** The first definition whose reference value is NaN or ∞ (inputs are drawn finite). */
function nonFinite(d: Derivation, values: ReadonlyMap<string, Value>): { def: Definition; value: number } | null {
  for (const f of d.forward) {
    const v = values.get(f.lhs.name);
    if (v !== undefined && !isFinite(v)) return { def: f, value: firstBad(v) };
  }
  return null;
}

/** A stencil point where the kernel's output is not finite and neither is the reference's. */
function stencilEdge(
  d: Derivation,
  p: Program,
  s: Sample,
  job: Job,
  r: Result,
): { def: Definition; value: number } | null {
  for (let i = 0; i < job.points.length && i < r.outputs.length; i++) {
    if (isFinite(fromBoundary(r.outputs[i]))) continue;
    const values = new Map(s.values);
    for (const x of p.inputs) if (!x.sizeInput) values.set(x.source, fromBoundary(job.points[i][x.key]));
    try {
      for (const f of d.forward) values.set(f.lhs.name, evaluate(f.rhs, { values }));
    } catch {
      return null;
    }
    const bad = nonFinite(d, values);
    if (bad) return bad;
  }
  return null;
}

/** Refuses a central-difference job larger than MAX_JOB_ENTRIES (an input declared ℝ^{1000×1000}). */
function refuseLargeJob(d: Derivation, p: Program, s: Sample): void {
  const numel = (b: Boundary) => (typeof b === "number" ? 1 : b.data.length);
  const wrt = p.inputs.filter((x) => x.grad !== null);
  const all = p.inputs.reduce((n, x) => n + numel(s.base[x.key]), 0);
  const diff = wrt.reduce((n, x) => n + numel(s.base[x.key]), 0);
  const big = [...wrt].sort((a, b) => numel(s.base[b.key]) - numel(s.base[a.key]))[0];
  if (big)
    refuseLarge(
      d.doc,
      big.source,
      `central differences by ${wrt.map((x) => x.latex).join(", ")} (${1 + 2 * diff} points of ${all} entries)`,
      (1 + 2 * diff) * all,
      MAX_JOB_ENTRIES,
    );
}

function finish(
  d: Derivation,
  p: Program,
  target: Target,
  cut: boolean,
  program: Program,
  sample: Sample,
  job: Job,
  probes: Parameters<typeof compare>[2],
  r: Result,
): TargetReport {
  const report = compare(sample, job, probes, r);
  const notes = cut
    ? [...report.notes, `${program.extras.map((x) => x.fn).join(", ")}: not emitted for c (numpy, js and torch only)`]
    : report.notes;
  return { target, ...report, notes, extras: compareExtras(d, p, sample, r), sizes: Object.fromEntries(sample.sizes) };
}

async function run(
  p: Program,
  sample: Sample,
  job: Job,
  text: string,
  target: Target,
): Promise<Result | { skipped: string }> {
  switch (target) {
    case "js":
      return runJsKernel(await importJsKernel(text), job);
    case "numpy":
    case "torch":
      if (!pythonHas(target)) return { skipped: `${PYTHON} cannot import ${target}` };
      return runPython(text, target, job);
    case "c":
      if (!haveGcc()) return { skipped: `${GCC} is not available` };
      return runC(text, p, sample.sizes, job);
  }
}

export async function verify(d: Derivation, target: Target, seed = 1): Promise<TargetReport> {
  const k = forKernels(d);
  return verifyProgram(k, buildProgram(k), target, seed);
}
