// The differential test's driver, shared by the two halves (./differential-a.test.ts, ./differential-b.test.ts) that
// vitest runs in parallel workers: TEXGRAD_DIFF_COUNT programs in all (default 1000), seeds from TEXGRAD_DIFF_SEED,
// in batches whose python side (./run.ts) runs while node prepares the next batch.
import { describe, expect, test } from "vitest";
import { writeFileSync } from "node:fs";
import { randomProgram, disabledFeatures, KNOWN_BROKEN, type Program } from "./gen.js";
import { finishBatch, haveTorch, prepareBatch, runPythonBatch, type BatchResult, type Failure } from "./run.js";

export const COUNT = Number(process.env.TEXGRAD_DIFF_COUNT ?? 1000);
const BASE = Number(process.env.TEXGRAD_DIFF_SEED ?? 80000);
const BATCH = 125;

export function differentialSuite(part: number, parts: number): void {
  const torch = haveTorch();
  if (!torch)
    console.warn("SKIPPED test/differential: /usr/bin/python3 cannot import torch and numpy (CI always has them)");
  const from = Math.floor((COUNT * part) / parts),
    to = Math.floor((COUNT * (part + 1)) / parts);
  describe.skipIf(!torch)("differential: derive, numpy, torch, js against torch.autograd", () => {
    test(`random programs ${from}–${to - 1} of ${COUNT}`, async () => {
      const t0 = performance.now();
      const off = disabledFeatures();
      const results: BatchResult[] = [];
      let pending: Promise<void> | null = null;
      for (let b = from; b < to; b += BATCH) {
        const ps: Program[] = [];
        for (let i = b; i < Math.min(to, b + BATCH); i++) ps.push(randomProgram(BASE + i, off));
        const prep = prepareBatch(ps, b);
        const run = runPythonBatch(prep).then((out) => {
          results.push(finishBatch(prep, out));
        });
        if (pending) await pending;
        pending = run;
      }
      if (pending) await pending;
      const failures: Failure[] = results.flatMap((r) => r.failures);
      const checked = results.reduce((n, r) => n + r.checked, 0),
        skipped = results.reduce((n, r) => n + r.skipped, 0);
      const gradients = results.reduce((n, r) => n + r.gradients, 0);
      const ms = performance.now() - t0;
      console.log(
        `differential ${from}–${to - 1}: ${checked} programs checked, ${skipped} skipped (reference not finite), ${gradients} gradients, ${failures.length} failures, ${(ms / 1000).toFixed(1)} s; not generated: ${[...off].join(", ") || "none"} (KNOWN_BROKEN: ${KNOWN_BROKEN.join(", ")})`,
      );
      const byFeature = new Map<string, number>();
      for (const f of failures)
        for (const x of [...f.program.features, ...[...f.program.ops].map((o) => `op:${o}`)])
          byFeature.set(x, (byFeature.get(x) ?? 0) + 1);
      if (failures.length)
        console.log(
          `failures by feature: ${[...byFeature]
            .sort((a, b) => b[1] - a[1])
            .map(([x, n]) => `${x} ${n}`)
            .join(", ")}`,
        );
      if (process.env.TEXGRAD_DIFF_LOG)
        writeFileSync(
          `${process.env.TEXGRAD_DIFF_LOG}.${part}`,
          failures
            .map(
              (f) =>
                `#${f.program.seed} [${f.where}] ${f.detail}\nfeatures: ${[...f.program.features].join(", ")}\n${f.program.text}`,
            )
            .join("\n"),
        );
      const refused = failures.filter((f) => f.where === "refused"),
        wrong = failures.filter((f) => f.where !== "refused");
      if (refused.length) {
        const why = new Map<string, number>();
        for (const f of refused) {
          const k = f.detail.replace(/m\d+/g, "m…").slice(0, 90);
          why.set(k, (why.get(k) ?? 0) + 1);
        }
        console.log(
          `refused (a located reason, never a wrong number): ${refused.length}\n${[...why].map(([k, n]) => `  ${n} × ${k}`).join("\n")}`,
        );
      }
      expect(wrong.slice(0, 3).map((f) => `#${f.program.seed} [${f.where}] ${f.detail}\n${f.program.text}`)).toEqual(
        [],
      );
      // refusals are allowed but rare: more would mean the generator no longer tests what it generates
      expect(refused.length).toBeLessThanOrEqual((to - from) * 0.03);
      expect(checked).toBeGreaterThanOrEqual((to - from) * 0.9);
    }, 600_000);
  });
}
