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
}

/** Median, p10 and p90 (nearest rank) of times in milliseconds. */
export function stats(times: readonly number[]): Stats {
  const t = [...times].sort((a, b) => a - b);
  const q = (p: number) => t[Math.min(t.length - 1, Math.floor(p * t.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9), runs: t.length };
}

/** Wall times (ms) of `runs` calls of f after `warmup` untimed ones. */
export function timeRuns(f: () => unknown, warmup: number, runs: number): number[] {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times;
}

/** Environment for a single-threaded python peer: BLAS and OpenMP pools of one thread. */
export function oneThreadEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
}

/** Wall times (ms) of each function, runs interleaved (load from other jobs falls on every one alike). */
export function timeInterleaved(fs: readonly (() => unknown)[], warmup: number, runs: number): number[][] {
  for (let i = 0; i < warmup; i++) for (const f of fs) f();
  const times = fs.map((): number[] => []);
  for (let i = 0; i < runs; i++)
    fs.forEach((f, j) => {
      const t0 = performance.now();
      f();
      times[j].push(performance.now() - t0);
    });
  return times;
}
