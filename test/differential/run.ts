// Running a batch of generated programs: each is derived (texgrad derive), emitted for numpy, torch and js, and
// evaluated on one random draw (random sizes, float64); the derived gradients by the reference evaluator, the JS
// kernel (in-process) and the numpy and torch kernels (one python process for the whole batch) are compared with
// torch.autograd of the independent translation (./torch.ts).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocument } from "../../src/parse/document.js";
import { derive, type Derivation } from "../../src/derive/reverse.js";
import { buildProgram, type Program as KernelProgram } from "../../src/codegen/ir.js";
import { emitProgram } from "../../src/codegen/emit.js";
import { makeSample, fromBoundary, type Boundary } from "../../src/codegen/verify/job.js";
import { loadJsKernel } from "../../src/codegen/verify/js.js";
import { PYTHON } from "../../src/codegen/verify/python.js";
import { evaluate } from "../../src/numeric/eval.js";
import type { Value } from "../../src/numeric/index.js";
import * as A from "../../src/ast/index.js";
import type { Expr } from "../../src/ast/index.js";
import { PRELUDE, RUNNER, toTorch } from "./torch.js";
import type { Program } from "./gen.js";

/** Relative error allowed between any implementation and torch.autograd (all float64, the same formulas up to order). */
export const TOLERANCE = 1e-6;

/**
 * Where: "mismatch" (numbers differ), "kernel error" (an emitted kernel raised), "parse" (the printed program does not
 * read back), "translation", "reference evaluator" — all failures; "refused": derive or emit declined with a located
 * reason, which is never wrong but is counted and reported.
 */
export interface Failure {
  readonly program: Program;
  readonly where: string;
  readonly detail: string;
}
export interface BatchResult {
  readonly checked: number;
  readonly skipped: number;
  readonly failures: Failure[];
  readonly gradients: number;
}

const dir = mkdtempSync(join(tmpdir(), "texgrad-diff-"));
let files = 0;

const flat = (v: Value | Boundary): number[] => (typeof v === "number" ? [v] : Array.from(v.data));
const finite = (xs: readonly number[]) => xs.every(Number.isFinite);

/** ‖a − b‖ / max(‖a‖, ‖b‖, floor); Infinity for different lengths or non-finite entries. */
export function rel(a: readonly number[], b: readonly number[], floor = 1e-6): number {
  if (a.length !== b.length || !finite(a) || !finite(b)) return Infinity;
  // scaled by the largest entry, so that values near the float64 limit (exp of a large det) do not overflow the norms
  let scale = 1e-300;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] / scale,
      y = b[i] / scale;
    d += (x - y) ** 2;
    na += x * x;
    nb += y * y;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor / scale);
}

interface Prepared {
  readonly program: Program;
  readonly job: Record<string, unknown>;
  readonly ref: { forward: number[]; grads: Map<string, number[]> };
  readonly js: { forward: number[]; grads: Map<string, number[]> } | { error: string };
  /** kernel key → source name */
  readonly keys: Map<string, string>;
}

function prepare(program: Program, id: number): Prepared | { failure: Failure } | "skip" {
  const fail = (where: string, detail: string) => ({ failure: { program, where, detail } });
  const file = join(dir, `p${++files}.tex`);
  writeFileSync(file, program.text);
  const doc = loadDocument(file);
  if (doc.errors.length)
    return fail("parse", doc.errors.map((e) => `${e.loc.line}:${e.loc.col} ${e.message}`).join("; "));
  let d: Derivation, p: KernelProgram, texts: Record<string, string>;
  try {
    d = derive(doc, { of: "Y" });
    p = buildProgram(d);
    texts = { numpy: emitProgram(p, "numpy"), torch: emitProgram(p, "torch"), js: emitProgram(p, "js") };
  } catch (e) {
    return fail("refused", (e as Error).message);
  }
  const s = makeSample(d, p, id + 1);
  for (const v of s.values.values()) if (!finite(flat(v))) return "skip";
  // the derived gradients by the reference evaluator, with the same seed the kernels get (a scalar output's
  // gradients are seed times the gradient)
  const derivs = new Map<Expr, Value>();
  const seed = fromBoundary(s.seed);
  if (d.upstream) derivs.set(d.upstream, seed);
  const grads = new Map<string, number[]>();
  try {
    for (const b of d.backward) {
      const v = evaluate(b.expr, { values: s.values, derivs }, s.values.get(b.target.name));
      derivs.set(b.name, v);
      if (b.input) {
        const x = s.values.get(b.target.name)!;
        const n = typeof x === "number" ? 1 : x.data.length;
        let g = flat(v);
        if (g.length === 1 && n > 1) g = Array(n).fill(g[0]);
        grads.set(b.target.name, d.upstream ? g : g.map((y) => y * (seed as number)));
      }
    }
  } catch (e) {
    return fail("reference evaluator", (e as Error).message);
  }
  const ref = { forward: flat(s.reference), grads };
  const keys = new Map(p.inputs.map((x) => [x.key, x.source]));
  let js: Prepared["js"];
  try {
    const k = loadJsKernel(texts.js);
    const gs = k.gradients(s.base, s.seed);
    js = {
      forward: flat(fromBoundary(k.forward(s.base))),
      grads: new Map(Object.entries(gs).map(([key, g]) => [keys.get(key) ?? key, flat(fromBoundary(g))])),
    };
  } catch (e) {
    js = { error: (e as Error).message };
  }
  // the translation: python names V["…"] by source name
  const names = (n: string) => `V[${JSON.stringify(n)}]`;
  let ref2: string;
  // the definitions Y depends on (an unused definition's inputs are not drawn)
  const needed = new Set(["Y"]);
  for (const x of [...program.defs].reverse())
    if (needed.has(x.lhs.name)) for (const u of A.symbolsOf(x.rhs).keys()) needed.add(u);
  try {
    ref2 =
      program.defs
        .filter((x) => needed.has(x.lhs.name))
        .map((x) => `V[${JSON.stringify(x.lhs.name)}] = ${toTorch(x.rhs, names)}`)
        .join("\n") + `\nY = V["Y"]\n`;
  } catch (e) {
    return fail("translation", (e as Error).message);
  }
  const values: Record<string, unknown> = {};
  for (const [k, v] of s.values)
    if (!program.defs.some((x) => x.lhs.name === k))
      values[k] = typeof v === "number" ? v : { rows: v.rows, cols: v.cols, data: Array.from(v.data) };
  const wrt = d.backward.filter((b) => b.input).map((b) => b.target.name);
  const seedRef = typeof seed === "number" ? seed : { rows: seed.rows, cols: seed.cols, data: Array.from(seed.data) };
  const job = {
    id,
    numpy: texts.numpy,
    torch: texts.torch,
    ref: ref2,
    values,
    wrt,
    base: s.base,
    seed: s.seed,
    seedRef,
  };
  return { program, job, ref, js, keys };
}

/** Whether the python can import torch (the test skips, visibly, without it). */
export function haveTorch(): boolean {
  return spawnSync(PYTHON, ["-c", "import torch, numpy"], { stdio: "ignore", timeout: 120_000 }).status === 0;
}

export interface Prepared2 {
  readonly ready: Prepared[];
  readonly failures: Failure[];
  readonly skipped: number;
}

/** Derive, emit and evaluate in node (synchronous). */
export function prepareBatch(programs: readonly Program[], first = 0): Prepared2 {
  const failures: Failure[] = [];
  const ready: Prepared[] = [];
  let skipped = 0;
  programs.forEach((pr, i) => {
    const r = prepare(pr, first + i);
    if (r === "skip") skipped++;
    else if ("failure" in r) failures.push(r.failure);
    else ready.push(r);
  });
  return { ready, failures, skipped };
}

/** The python side of a batch, asynchronous: node prepares the next batch meanwhile. */
export function runPythonBatch(b: Prepared2): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ["-c", RUNNER, PRELUDE], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "",
      err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`the python batch failed: ${err.trim().split("\n").slice(-8).join("\n")}`)),
    );
    child.stdin.end(JSON.stringify(b.ready.map((r) => r.job)));
  });
}

/** Compare a batch's results with torch.autograd. */
export function finishBatch(b: Prepared2, stdout: string): BatchResult {
  const failures = [...b.failures];
  let skipped = b.skipped;
  const results = JSON.parse(stdout) as {
    id: number;
    autograd?: Record<string, number[]>;
    forward?: number[];
    error?: string;
    numpy: PyKernel;
    torch: PyKernel;
  }[];
  let checked = 0,
    gradients = 0;
  results.forEach((res, i) => {
    const r = b.ready[i];
    const fail = (where: string, detail: string) => failures.push({ program: r.program, where, detail });
    if (res.error || !res.autograd || !res.forward) {
      fail("translation", res.error ?? "no result");
      return;
    }
    // a NaN or ∞ in the truth (overflow, a kink) is no evidence either way: the program is skipped
    if (!finite(res.forward) || !Object.values(res.autograd).every(finite)) {
      skipped++;
      return;
    }
    checked++;
    const truth = res.autograd;
    const bad: string[] = [];
    // a gradient that is 0 in exact arithmetic (∂/∂V of sum(LayerNorm(V))) shows rounding noise on the scale of the
    // program's largest gradient: errors are relative to at least 10⁻³ of that scale (an absolute error below 10⁻⁹ of it)
    const norm = (x: readonly number[]) => Math.sqrt(x.reduce((s, v) => s + (v / 1e150) ** 2, 0)) * 1e150;
    const floor = Math.max(1e-6, 1e-3 * Math.max(0, ...Object.values(truth).map(norm)));
    const cmp = (who: string, fwd: number[], grads: (src: string) => number[] | undefined) => {
      const e = rel(fwd, res.forward!);
      if (!(e <= TOLERANCE)) bad.push(`${who} forward rel err ${e.toExponential(1)}`);
      for (const [src, want] of Object.entries(truth)) {
        const got = grads(src);
        const g = got === undefined ? Infinity : rel(got, want, floor);
        if (!(g <= TOLERANCE))
          bad.push(`${who} ∂/∂${src} ${got === undefined ? "missing" : `rel err ${g.toExponential(1)}`}`);
      }
    };
    gradients += Object.keys(truth).length;
    cmp("derive (reference evaluator)", r.ref.forward, (src) => r.ref.grads.get(src));
    if ("error" in r.js) bad.push(`js kernel: ${r.js.error}`);
    else {
      const js = r.js;
      cmp("js", js.forward, (src) => js.grads.get(src));
    }
    for (const t of ["numpy", "torch"] as const) {
      const k = res[t];
      if ("error" in k) {
        bad.push(`${t} kernel: ${k.error}`);
        continue;
      }
      const bySource = new Map(Object.entries(k.gradients).map(([key, g]) => [r.keys.get(key) ?? key, g]));
      cmp(t, k.forward, (src) => bySource.get(src));
    }
    if (bad.length) fail(bad.every((b) => / kernel: /.test(b)) ? "kernel error" : "mismatch", bad.join("; "));
  });
  return { checked, skipped, failures, gradients };
}
type PyKernel = { forward: number[]; gradients: Record<string, number[]> } | { error: string };
