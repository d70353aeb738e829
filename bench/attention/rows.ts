// The attention rows of the kernel table, for each n: emitted JS vs tfjs CPU (interleaved in this process),
// emitted C vs emitted JS, emitted numpy and emitted torch vs torch.autograd (one python process), with the
// agreement of every implementation on the same inputs. A missing peer is a SKIPPED line, not an error.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadJsKernel } from "../../src/codegen/verify/js.js";
import { statsOf, timeInterleaved, timeRuns, type Times } from "../common.js";
import type { Agreement, Row } from "../table.js";
import { buildC, CC, CC_FLAGS, runC } from "./c.js";
import { attentionCase, attentionFlops, attentionProgram, emitAttention, relError, type Case } from "./problem.js";
import { pythonMissing, runPythonPeers, type BlasInfo } from "./python.js";
import { loadTfjs, tfjsPeer } from "./tfjs.js";

export interface AttentionOptions {
  readonly ns: readonly number[];
  /** d = d_k = d_v */
  readonly d: number;
  readonly warmup: (n: number) => number;
  readonly runs: (n: number) => number;
  /** Runs of the C and python rows, which take milliseconds where JS and tfjs take hundreds. */
  readonly fastRuns: (n: number) => number;
}
export interface AttentionResult {
  readonly rows: Row[];
  readonly agreement: Agreement[];
  readonly skipped: string[];
  readonly blas?: BlasInfo;
  readonly tfjsVersion?: string;
  readonly cc?: string;
}

export const KERNELS = {
  js: "emitted JS",
  tfjs: "tfjs CPU (float32) tf.grads",
  c: "emitted C",
  numpy: "emitted numpy",
  torch: "emitted torch",
  autograd: "torch.autograd",
} as const;

const toF64 = (g: Record<string, { data: ArrayLike<number> } | number>) =>
  Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Float64Array.from(typeof v === "number" ? [v] : v.data)]));

export async function attentionRows(o: AttentionOptions): Promise<AttentionResult> {
  const rows: Row[] = [];
  const agreement: Agreement[] = [];
  const skipped: string[] = [];
  const problem = (n: number) => `attention n=${n}`;
  const keys = attentionProgram().inputs.map((x) => x.key);
  const js = loadJsKernel(emitAttention("js"));
  const tf = await loadTfjs();
  if (typeof tf === "string") skipped.push(`SKIPPED tfjs CPU: ${tf}`);
  const dir = mkdtempSync(join(tmpdir(), "texgrad-bench-attention-"));
  try {
    const cError = buildC(dir);
    if (cError) skipped.push(`SKIPPED emitted C: ${cError}`);
    const pyMissing = pythonMissing();
    if (pyMissing) skipped.push(`SKIPPED emitted numpy, emitted torch, torch.autograd: ${pyMissing}`);
    const forPython: { c: Case; js: Record<string, Float64Array>; warmup: number; runs: number }[] = [];
    for (const n of o.ns) {
      const c = attentionCase({ n, d: o.d, d_k: o.d, d_v: o.d });
      const flops = attentionFlops(c.sizes);
      const row = (kernel: string, times: Times, peer?: string) =>
        rows.push({ problem: problem(n), kernel, stats: statsOf(times), flops, ...(peer ? { peer } : {}) });
      const runJs = () => js.gradients(c.inputs, c.seed);
      const jsGrads = toF64(runJs());
      const [warmup, runs] = [o.warmup(n), o.runs(n)];
      if (typeof tf === "string") row(KERNELS.js, timeRuns(runJs, warmup, runs));
      else {
        const peer = tfjsPeer(tf, c, keys);
        try {
          const [tJs, tTf] = timeInterleaved([runJs, () => peer.run()], warmup, runs);
          row(KERNELS.js, tJs, KERNELS.tfjs);
          row(KERNELS.tfjs, tTf);
          const e = relError(peer.run(), jsGrads);
          agreement.push({ problem: problem(n), what: "emitted JS vs tfjs (float32)", relErr: e, tolerance: 1e-4 });
        } finally {
          peer.dispose();
        }
      }
      if (!cError) {
        try {
          const r = runC(dir, c, warmup, o.fastRuns(n));
          row(KERNELS.c, r.times, KERNELS.js);
          const e = relError(r.grads, jsGrads);
          agreement.push({ problem: problem(n), what: "emitted C vs emitted JS", relErr: e, tolerance: 1e-10 });
        } catch (err) {
          skipped.push(`FAILED emitted C at n=${n}: ${(err as Error).message.split("\n")[0]}`);
        }
      }
      forPython.push({ c, js: jsGrads, warmup, runs: o.fastRuns(n) });
    }
    let blas: BlasInfo | undefined;
    if (!pyMissing) {
      try {
        const py = runPythonPeers(dir, forPython);
        blas = py.blas;
        for (const pc of py.cases) {
          const flops = attentionFlops({ n: pc.n, d: o.d, d_k: o.d, d_v: o.d });
          const p = problem(pc.n);
          rows.push({
            problem: p,
            kernel: KERNELS.numpy,
            stats: statsOf(pc.times.numpy),
            flops,
            peer: KERNELS.autograd,
          });
          rows.push({
            problem: p,
            kernel: KERNELS.torch,
            stats: statsOf(pc.times.torch),
            flops,
            peer: KERNELS.autograd,
          });
          rows.push({ problem: p, kernel: KERNELS.autograd, stats: statsOf(pc.times.autograd), flops });
          for (const [what, e] of [
            ["emitted numpy vs torch.autograd", pc.err.numpy],
            ["emitted torch vs torch.autograd", pc.err.torch],
            ["emitted JS vs torch.autograd", pc.err.js],
          ] as const)
            agreement.push({ problem: p, what, relErr: e, tolerance: 1e-10 });
        }
      } catch (err) {
        skipped.push(`FAILED the python peers: ${(err as Error).message}`);
      }
    }
    const order = Object.values(KERNELS) as string[];
    rows.sort(
      (a, b) =>
        o.ns.indexOf(+a.problem.split("=")[1]) - o.ns.indexOf(+b.problem.split("=")[1]) ||
        order.indexOf(a.kernel) - order.indexOf(b.kernel),
    );
    return {
      rows,
      agreement,
      skipped,
      ...(blas ? { blas } : {}),
      ...(typeof tf === "string" ? {} : { tfjsVersion: tf.version_core }),
      ...(cError ? {} : { cc: `${CC} ${CC_FLAGS.join(" ")} -std=c99` }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
