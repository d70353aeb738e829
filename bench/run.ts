// `npm run bench`: the kernel table (bench/kernels.ts) from one run, printed and written to bench/results.md.
// `node dist/bench/run.js frontend`: wall-clock medians of the front end (rules, parse, derive, the large
// statement files, start-up); `… statements`: only the large statement files.
// Figures are medians over repeated warm runs (the machine is shared and noisy; compare ratios, not absolutes).
import { fileURLToPath } from "node:url";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import "../src/ops/index.js";
import { loadRules } from "../src/rewrite/rules.js";
import { loadDocument } from "../src/parse/document.js";
import { derive } from "../src/derive/reverse.js";
import { repoRoot } from "./common.js";
import { FULL, kernelTable } from "./kernels.js";
import { benchStatements } from "./statements.js";
import { benchStartup } from "./startup.js";

const here = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export function measure(name: string, f: () => unknown, opts: { warmup?: number; runs?: number } = {}): number {
  for (let i = 0; i < (opts.warmup ?? 5); i++) f();
  const times: number[] = [];
  for (let i = 0; i < (opts.runs ?? 30); i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(
    `${name.padEnd(48)} median ${q(0.5).toFixed(2).padStart(8)} ms   p10 ${q(0.1).toFixed(2)}   p90 ${q(0.9).toFixed(2)}   (${times.length} runs)`,
  );
  return q(0.5);
}

async function kernels() {
  const t0 = performance.now();
  const table = await kernelTable(FULL, (s) => s && console.error(s));
  const file = join(repoRoot(), "bench/results.md");
  writeFileSync(file, table.markdown);
  console.log(table.markdown);
  console.log(`written to ${file} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

async function main() {
  if (process.argv[2] === undefined) return kernels();
  console.log(`texgrad benchmarks — node ${process.version}, ${new Date().toISOString()}`);
  if (process.argv[2] === "statements") return benchStatements(measure);
  if (process.argv[2] !== "frontend") {
    console.error("usage: node dist/bench/run.js [frontend | statements]");
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const rules = loadRules();
  console.log(
    `${"load and validate rules (cold, once)".padEnd(48)} ${(performance.now() - t0).toFixed(1)} ms for ${rules.length} rules`,
  );

  const attention = here("examples/attention.tex");
  const multihead = here("examples/multihead.tex");
  measure("parse + shapes: examples/attention.tex", () => loadDocument(attention));
  const doc = loadDocument(attention);
  const warm = measure("derive: attention block (warm)", () => derive(doc), { warmup: 10, runs: 50 });
  console.log(`  target: under 10 ms warm — ${warm < 10 ? "met" : "NOT met"}`);
  const mh = loadDocument(multihead);
  measure("derive: two-head attention (warm)", () => derive(mh), { warmup: 5, runs: 20 });

  const seed = here("../shared/seeds/chain-rule-transformer-attention.md");
  const notation = here("../shared/corpus/macros/talk-notation.tex");
  if (existsSync(seed) && existsSync(notation))
    measure("parse: seed attention lecture (with notation)", () => loadDocument(seed, { macroFiles: [notation] }), {
      runs: 10,
    });
  else console.log("skipping the seed lecture: ../shared not found");

  benchStatements(measure);
  benchStartup();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
