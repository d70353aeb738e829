// Shared by the benchmarks: the repository root (the same from bench/*.ts under vitest and from dist/bench/*.js),
// timing of warm runs, and medians with p10 / p90.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json and tsconfig.json (dist/ has neither), walking up from this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "package.json")) && existsSync(join(dir, "tsconfig.json")))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("bench: cannot find the repository root");
    dir = up;
  }
  return dir;
}

export interface Stats {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly runs: number;
  /** Median CPU time (ms) of the process during a run: steadier than wall time on a shared machine. */
  readonly cpu?: number;
}

const quantile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Median, p10 and p90 (nearest rank) of wall times in milliseconds, and the median of the CPU times. */
export function stats(times: readonly number[], cpu?: readonly number[]): Stats {
  const t = [...times].sort((a, b) => a - b);
  const s = { median: quantile(t, 0.5), p10: quantile(t, 0.1), p90: quantile(t, 0.9), runs: t.length };
  return cpu?.length
    ? {
        ...s,
        cpu: quantile(
          [...cpu].sort((a, b) => a - b),
          0.5,
        ),
      }
    : s;
}

/** Wall and CPU times (ms; CPU: user + system of this process) of one run. */
export interface Times {
  readonly wall: number[];
  readonly cpu: number[];
}

function timed(f: () => unknown, into: Times): void {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  f();
  const t1 = performance.now(),
    c = process.cpuUsage(c0);
  into.wall.push(t1 - t0);
  into.cpu.push((c.user + c.system) / 1000);
}

export const statsOf = (t: Times): Stats => stats(t.wall, t.cpu);

/** Times of `runs` calls of f after `warmup` untimed ones. */
export function timeRuns(f: () => unknown, warmup: number, runs: number): Times {
  return timeInterleaved([f], warmup, runs)[0];
}

/** Times of each function, runs interleaved (load from other jobs falls on every one alike). */
export function timeInterleaved(fs: readonly (() => unknown)[], warmup: number, runs: number): Times[] {
  for (let i = 0; i < warmup; i++) for (const f of fs) f();
  const times = fs.map((): Times => ({ wall: [], cpu: [] }));
  for (let i = 0; i < runs; i++) fs.forEach((f, j) => timed(f, times[j]));
  return times;
}

/** Environment for a single-threaded python peer: BLAS and OpenMP pools of one thread. */
export function oneThreadEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
}
