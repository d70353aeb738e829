// The kernel table: one row per kernel and problem size, with its median and p10 / p90, GFLOP/s from the
// problem's FLOP count (the same for every row of a problem) and the ratio against its peer row; beside them the
// median CPU time of the process during a run and the ratio on it, which load from other jobs disturbs less.
import type { Stats } from "./common.js";

export interface Row {
  /** e.g. "attention n=512"; a row's peer is a row of the same problem. */
  readonly problem: string;
  readonly kernel: string;
  readonly stats: Stats;
  readonly flops: number;
  /** The kernel name of the row this one is compared with. */
  readonly peer?: string;
}

/** An agreement check between two implementations on the same inputs. */
export interface Agreement {
  readonly problem: string;
  readonly what: string;
  readonly relErr: number;
  readonly tolerance: number;
}

export const gflops = (r: Row): number => r.flops / (r.stats.median * 1e6);

const peerOf = (rows: readonly Row[], r: Row) =>
  r.peer === undefined ? undefined : rows.find((x) => x.problem === r.problem && x.kernel === r.peer);

/** Peer median / this median (wall clock): above 1, this row is faster than its peer. */
export function ratio(rows: readonly Row[], r: Row): number | undefined {
  const p = peerOf(rows, r);
  return p === undefined ? undefined : p.stats.median / r.stats.median;
}

/** The same on the CPU-time medians. */
export function cpuRatio(rows: readonly Row[], r: Row): number | undefined {
  const p = peerOf(rows, r);
  return p?.stats.cpu === undefined || r.stats.cpu === undefined ? undefined : p.stats.cpu / r.stats.cpu;
}

export const find = (rows: readonly Row[], problem: string, kernel: string): Row | undefined =>
  rows.find((r) => r.problem === problem && r.kernel === kernel);

const ms = (x: number) => (x < 10 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(1));

/** The rows as a Markdown table. */
export function renderTable(rows: readonly Row[]): string {
  const out = [
    "| problem | kernel | median ms | p10 ms | p90 ms | runs | CPU ms | GFLOP/s | peer | peer / this | (CPU) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
  ];
  for (const r of rows) {
    const times = (k: number | undefined) => (k === undefined ? "—" : `${k.toFixed(2)}×`);
    out.push(
      `| ${r.problem} | ${r.kernel} | ${ms(r.stats.median)} | ${ms(r.stats.p10)} | ${ms(r.stats.p90)} | ${r.stats.runs} | ` +
        `${r.stats.cpu === undefined ? "—" : ms(r.stats.cpu)} | ${gflops(r).toFixed(2)} | ${r.peer ?? "—"} | ` +
        `${times(ratio(rows, r))} | ${times(cpuRatio(rows, r))} |`,
    );
  }
  return out.join("\n");
}

export function renderAgreement(checks: readonly Agreement[]): string[] {
  return checks.map(
    (c) =>
      `- ${c.problem}: ${c.what} — relative error ${c.relErr.toExponential(1)} ` +
      `(tolerance ${c.tolerance.toExponential(0)}) ${c.relErr <= c.tolerance ? "ok" : "MISMATCH"}`,
  );
}
