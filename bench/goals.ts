// The goals of issue 14, each met or NOT met on the wall-clock medians of the table, with the numbers, and the
// same figure on CPU time (less disturbed by other jobs) beside it.
import { KERNELS } from "./attention/rows.js";
import { HESSIAN_KERNELS } from "./hessian.js";
import { cpuRatio, find, gflops, ratio, type Row } from "./table.js";

const x = (v: number | undefined) => (v === undefined ? "?" : `${v.toFixed(2)}×`);
const ms = (r: Row | undefined) => (r === undefined ? "?" : `${r.stats.median.toFixed(2)} ms`);

function line(goal: string, value: number | undefined, ok: (v: number) => boolean, say: string): string {
  return `- ${goal}: ${value === undefined ? "not measured (SKIPPED)" : `${ok(value) ? "met" : "NOT met"} — ${say}`}`;
}

/** The verdict on the CPU-time figure as well: the two differ for a borderline result on a busy machine. */
const onCpu = (cpu: number | undefined, target: number) =>
  cpu === undefined ? "" : `, ${cpu >= target ? "met" : "NOT met"}`;

/** A goal "this row at least `target`× faster than its peer". */
function faster(goal: string, rows: readonly Row[], r: Row | undefined, target: number): string {
  const peer = r && find(rows, r.problem, r.peer ?? "");
  const v = r && ratio(rows, r),
    cpu = r && cpuRatio(rows, r);
  const say = `${x(v)} (${r?.kernel} ${ms(r)}, ${peer?.kernel} ${ms(peer)}); on CPU time ${x(cpu)}${onCpu(cpu, target)}`;
  return line(goal, v, (k) => k >= target, say);
}

export function goals(rows: readonly Row[], big: number, hessianProblem: string): string[] {
  const p = `attention n=${big}`;
  const c = find(rows, p, KERNELS.c);
  const cpuGflops = c?.stats.cpu === undefined ? undefined : c.flops / (c.stats.cpu * 1e6);
  return [
    faster(`emitted JS ≥ 5× faster than tfjs CPU at n = ${big}`, rows, find(rows, p, KERNELS.js), 5),
    line(
      `emitted C ≥ 12 GFLOP/s at n = ${big}`,
      c && gflops(c),
      (v) => v >= 12,
      `${c ? gflops(c).toFixed(2) : "?"} GFLOP/s (${ms(c)}); on CPU time ${cpuGflops?.toFixed(2) ?? "?"} GFLOP/s${onCpu(cpuGflops, 12)}`,
    ),
    faster(`emitted numpy no slower than torch.autograd at n = ${big}`, rows, find(rows, p, KERNELS.numpy), 1),
    faster(
      "logistic Hessian: emitted numpy hessian_w ≥ 10× faster than torch.autograd.functional.hessian",
      rows,
      find(rows, hessianProblem, HESSIAN_KERNELS.numpy),
      10,
    ),
  ];
}
