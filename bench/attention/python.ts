// Runs the python peers (bench/peers/attention.ts) on the cases in one process: inputs, seed and the emitted JS
// gradients go to raw float64 files, the emitted numpy and torch modules beside them.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PYTHON, pythonHas } from "../../src/codegen/verify/python.js";
import { oneThreadEnv, type Times } from "../common.js";
import { ATTENTION_PY } from "../peers/attention.js";
import { attentionProgram, emitAttention, type Case } from "./problem.js";

export interface BlasInfo {
  readonly numpy: { version: string; config: string; loaded: string[]; kind: string };
  readonly torch: { version: string; config: string; loaded: string[]; kind: string };
  readonly openblas: string | null;
  readonly threads: number;
}
export interface PyCase {
  readonly n: number;
  readonly times: { numpy: Times; torch: Times; autograd: Times };
  /** ‖ours − autograd‖ / ‖autograd‖ over all gradients, for numpy, torch and the emitted JS. */
  readonly err: { numpy: number; torch: number; js: number };
}
export interface PyResult {
  readonly blas: BlasInfo;
  readonly cases: PyCase[];
}

const f64 = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Why the python peers cannot run, or null. */
export function pythonMissing(): string | null {
  return pythonHas("numpy") && pythonHas("torch") ? null : `${PYTHON} cannot import numpy and torch`;
}

export function runPythonPeers(
  dir: string,
  cases: readonly { c: Case; js: Record<string, Float64Array>; warmup: number; runs: number }[],
): PyResult {
  const keys = attentionProgram().inputs.map((x) => x.key);
  writeFileSync(join(dir, "kernel_numpy.py"), emitAttention("numpy"));
  writeFileSync(join(dir, "kernel_torch.py"), emitAttention("torch"));
  const job = {
    numpy: join(dir, "kernel_numpy.py"),
    torch: join(dir, "kernel_torch.py"),
    keys,
    cases: cases.map(({ c, js, warmup, runs }) => {
      const inputs = join(dir, `in-${c.sizes.n}.bin`),
        jsFile = join(dir, `js-${c.sizes.n}.bin`);
      writeFileSync(inputs, Buffer.concat([...keys.map((k) => f64(c.inputs[k].data)), f64(c.seed.data)]));
      writeFileSync(jsFile, Buffer.concat(keys.map((k) => f64(js[k]))));
      return {
        n: c.sizes.n,
        d_k: c.sizes.d_k,
        inputs,
        js: jsFile,
        shapes: keys.map((k) => c.inputs[k].shape),
        seed_shape: c.seed.shape,
        warmup,
        runs,
      };
    }),
  };
  const r = spawnSync(PYTHON, ["-c", ATTENTION_PY], {
    input: JSON.stringify(job),
    encoding: "utf8",
    env: oneThreadEnv(),
    timeout: 600_000,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error((r.stderr || String(r.error)).trim().split("\n").slice(-3).join(" | "));
  return JSON.parse(r.stdout) as PyResult;
}
