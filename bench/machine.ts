// The header of the kernel table: what ran where — node, CPU, cores, the load before and after (the machine is
// shared), the C compiler, tfjs, and the BLAS that numpy and torch really use (a reference BLAS makes every
// numpy/torch ratio meaningless, and the header says how to get OpenBLAS).
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg } from "node:os";
import type { BlasInfo } from "./attention/python.js";

export const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");

function ccVersion(cc: string): string {
  const r = spawnSync(cc.split(" ")[0], ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0] : "not found";
}

function blasLine(name: string, b: BlasInfo["numpy"], openblas: string | null): string {
  const lib =
    b.loaded.find((l) => /\/libblas\.so/.test(l)) ?? b.loaded.find((l) => /openblas|mkl|blis/.test(l)) ?? "none";
  return `${name} ${b.version}: ${b.kind} (build config: ${b.config}; loaded: ${lib}${b.kind === "OpenBLAS" && openblas ? `; ${openblas}` : ""})`;
}

export interface HeaderFacts {
  readonly loadStart: string;
  readonly loadEnd: string;
  readonly cc?: string;
  readonly tfjs?: string;
  readonly blas?: BlasInfo;
  readonly flopRules: readonly string[];
}

export function header(f: HeaderFacts): string[] {
  const cores = availableParallelism();
  const lines = [
    `- date: ${new Date().toISOString()}; node ${process.version} (${process.platform} ${process.arch})`,
    `- CPU: ${cpus()[0]?.model ?? "unknown"}, ${cores} cores; every kernel runs on one thread`,
    `- load average (1 / 5 / 15 min): ${f.loadStart} at start, ${f.loadEnd} at end` +
      (Number.parseFloat(f.loadStart) > cores - 1 ? " — the machine was busy: compare ratios, not absolute times" : ""),
    `- C: ${f.cc ? `${ccVersion(f.cc)}, \`${f.cc}\`` : "SKIPPED"}`,
    `- tfjs: ${f.tfjs ? `tfjs-core ${f.tfjs} with tfjs-backend-cpu, float32 (tfjs has no float64)` : "SKIPPED"}`,
  ];
  if (f.blas) {
    lines.push(`- BLAS: ${blasLine("numpy", f.blas.numpy, f.blas.openblas)}`);
    lines.push(`- BLAS: ${blasLine("torch", f.blas.torch, f.blas.openblas)}; torch threads ${f.blas.threads}`);
    for (const [name, b] of [
      ["numpy", f.blas.numpy],
      ["torch", f.blas.torch],
    ] as const)
      if (b.kind !== "OpenBLAS" && b.kind !== "MKL")
        lines.push(
          `- WARNING: ${name} uses ${b.kind === "reference BLAS" ? "the reference BLAS, not OpenBLAS" : `a ${b.kind} BLAS`}: ` +
            "its rows and ratios are not meaningful; `apt-get install libopenblas0-pthread` (Debian) is needed for meaningful ratios",
        );
    for (const v of ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"])
      if (process.env[v]) lines.push(`- note: ${v}=${process.env[v]} is set (it selects OpenBLAS's kernels)`);
  } else lines.push("- BLAS: SKIPPED (no python with numpy and torch)");
  lines.push(
    ...f.flopRules.map((r) => `- FLOPs: ${r}`),
    "- times are wall-clock medians of warm runs with p10 / p90; GFLOP/s from the wall-clock median; `peer / this` is " +
      "the peer's median over this row's (above 1: this row is faster); `CPU ms` is the median CPU time (user + " +
      "system) of the process during a run and `(CPU)` the ratio on it: less disturbed by other " +
      "jobs on a busy machine; JS and tfjs runs are interleaved, so are numpy, torch and autograd",
  );
  return lines;
}
