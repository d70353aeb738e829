// The kernel table of `npm run bench`: the attention problem (examples/attention.tex) at each n, and the
// logistic-regression Hessian, from one run; with the header that says what ran where, the agreement checks,
// SKIPPED lines for missing peers, and the goals of issue 14. Rendered as Markdown (bench/results.md).
import { attentionRows, type AttentionOptions } from "./attention/rows.js";
import { FLOP_RULE } from "./attention/problem.js";
import { goals } from "./goals.js";
import { HESSIAN_FLOP_RULE, hessianProblem, hessianRows, type HessianOptions } from "./hessian.js";
import { header, load } from "./machine.js";
import { renderAgreement, renderTable, type Agreement, type Row } from "./table.js";

export interface TableOptions {
  readonly attention: AttentionOptions;
  /** null: no Hessian rows */
  readonly hessian: HessianOptions | null;
}

export const FULL: TableOptions = {
  attention: {
    ns: [128, 256, 512],
    d: 64,
    warmup: (n) => (n <= 128 ? 3 : 2),
    runs: (n) => (n <= 128 ? 21 : n <= 256 ? 11 : 9),
    fastRuns: (n) => (n <= 128 ? 51 : n <= 256 ? 31 : 21),
  },
  hessian: { n: 1000, d: 200, warmup: 2, runs: 21 },
};

export interface Table {
  readonly rows: Row[];
  readonly agreement: Agreement[];
  readonly skipped: string[];
  readonly markdown: string;
}

/** `progress` hears what runs next (stderr in `npm run bench`). */
export async function kernelTable(o: TableOptions, progress: (s: string) => void = () => {}): Promise<Table> {
  const loadStart = load();
  const { d, ns } = o.attention;
  progress(`attention, n ∈ {${ns.join(", ")}}, d = d_k = d_v = ${d}: JS, tfjs, C, numpy, torch …`);
  const att = await attentionRows(o.attention);
  progress(o.hessian ? "logistic Hessian …" : "");
  const hes = o.hessian ? hessianRows(o.hessian) : { rows: [], agreement: [], skipped: [] };
  const rows = [...att.rows, ...hes.rows],
    agreement = [...att.agreement, ...hes.agreement],
    skipped = [...att.skipped, ...hes.skipped];
  const head = header({
    loadStart,
    loadEnd: load(),
    ...(att.cc ? { cc: att.cc } : {}),
    ...(att.tfjsVersion ? { tfjs: att.tfjsVersion } : {}),
    ...(att.blas ? { blas: att.blas } : {}),
    flopRules: [
      `attention (d = d_k = d_v = ${d}, float64): ${FLOP_RULE}`,
      ...(o.hessian ? [`logistic Hessian: ${HESSIAN_FLOP_RULE}`] : []),
    ],
  });
  const big = Math.max(...ns);
  const markdown = [
    "# texgrad kernel benchmarks (`npm run bench`)",
    "",
    "Gradients (forward + backward, the vector–Jacobian product with a seed ∂L/∂O, of every input) of one attention " +
      "head, examples/attention.tex: emitted JS vs tfjs CPU autograd, emitted C vs emitted JS, emitted numpy and " +
      "emitted torch vs torch.autograd of the same forward; and the logistic-regression Hessian (examples/logistic.tex).",
    "",
    ...head,
    "",
    renderTable(rows),
    "",
    ...(skipped.length ? [...skipped.map((s) => `- ${s}`), ""] : []),
    "Agreement on the same inputs:",
    "",
    ...renderAgreement(agreement),
    "",
    "Goals (issue 14):",
    "",
    ...goals(rows, big, o.hessian ? hessianProblem(o.hessian.n, o.hessian.d) : ""),
    "",
  ].join("\n");
  return { rows, agreement, skipped, markdown };
}
