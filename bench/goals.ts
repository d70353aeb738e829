// The goals of issue 14, each met or NOT met with the numbers from the table.
import { KERNELS } from "./attention/rows.js";
import { HESSIAN_KERNELS } from "./hessian.js";
import { find, gflops, ratio, type Row } from "./table.js";

export function goals(rows: readonly Row[], big: number, hessianProblem: string): string[] {
  const p = `attention n=${big}`;
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const status = (
    goal: string,
    r: Row | undefined,
    value: (r: Row) => number | undefined,
    ok: (v: number) => boolean,
    say: (v: number) => string,
  ) => {
    const v = r && value(r);
    return `- ${goal}: ${v === undefined ? "not measured (SKIPPED)" : `${verdict(ok(v))} — ${say(v)}`}`;
  };
  const js = find(rows, p, KERNELS.js),
    c = find(rows, p, KERNELS.c),
    np = find(rows, p, KERNELS.numpy),
    h = find(rows, hessianProblem, HESSIAN_KERNELS.numpy);
  return [
    status(
      `emitted JS ≥ 5× faster than tfjs CPU at n = ${big}`,
      js,
      (r) => ratio(rows, r),
      (v) => v >= 5,
      (v) =>
        `${v.toFixed(2)}× (JS ${js?.stats.median.toFixed(1)} ms, tfjs ${find(rows, p, KERNELS.tfjs)?.stats.median.toFixed(1)} ms)`,
    ),
    status(
      `emitted C ≥ 12 GFLOP/s at n = ${big}`,
      c,
      gflops,
      (v) => v >= 12,
      (v) => `${v.toFixed(2)} GFLOP/s (${c?.stats.median.toFixed(2)} ms)`,
    ),
    status(
      `emitted numpy no slower than torch.autograd at n = ${big}`,
      np,
      (r) => ratio(rows, r),
      (v) => v >= 1,
      (v) =>
        `torch.autograd / numpy = ${v.toFixed(2)}× (numpy ${np?.stats.median.toFixed(2)} ms, autograd ${find(rows, p, KERNELS.autograd)?.stats.median.toFixed(2)} ms)`,
    ),
    status(
      "logistic Hessian (numpy hessian_w) ≥ 10× faster than torch.autograd.functional.hessian",
      h,
      (r) => ratio(rows, r),
      (v) => v >= 10,
      (v) =>
        `${v.toFixed(1)}× (numpy ${h?.stats.median.toFixed(2)} ms, torch ${find(rows, hessianProblem, HESSIAN_KERNELS.torch)?.stats.median.toFixed(1)} ms)`,
    ),
  ];
}
