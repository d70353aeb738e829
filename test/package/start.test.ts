// `npm start` (scripts/start.mjs) as a new user meets it: the summary names the wrong claim of the example lecture
// with its diagnosis and the corrected formula, lists the gradients, verifies the kernels, and every file it says
// it wrote is there and works (the JS kernel runs, the LaTeX report is a document, the C header compiles in verify).
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuilt, ROOT } from "../helpers/build.js";

describe("npm start", () => {
  test("checks, derives, writes the report and the kernels, verifies them, and says so", async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), "texgrad-start-"));
    try {
      const r = spawnSync(process.execPath, [join(ROOT, "scripts/start.mjs"), "--unicode", "--out", dir], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(r.status, r.stderr).toBe(0);
      const o = r.stdout;
      // the deliberate mistake of examples/attention.md: ∂L/∂K without the 1/√d_k of the scores
      expect(o).toContain("9 correct, 1 incorrect");
      expect(o).toMatch(
        /incorrect +examples\/attention\.md:37:3 +∂L\/∂K = \(∂L\/∂S\)ᵀ Q\n +diagnosis: missing factor \(1\/√d_k\)\n +corrected: \(1\/√d_k\) \(∂L\/∂S\)ᵀ Q/,
      );
      for (const g of [
        "∂L/∂Q = (1/√d_k) ∂L/∂S K",
        "∂L/∂X = ∂L/∂Q W_qᵀ + ∂L/∂K W_kᵀ + ∂L/∂V W_vᵀ",
        "∂L/∂W_v = Xᵀ ∂L/∂V",
      ])
        expect(o).toContain(g);
      expect(o).toMatch(/ {2}js +4 gradients, worst relative error [0-9.e-]+ +ok/);
      expect(o).not.toContain("MISMATCH");
      const names = [
        "report.html",
        "report.tex",
        "attention.lamd",
        "attention.js",
        "attention.d.ts",
        "attention.py",
        "attention_torch.py",
        "attention.h",
      ];
      for (const f of names) {
        expect(existsSync(join(dir, f)), f).toBe(true);
        expect(statSync(join(dir, f)).size, f).toBeGreaterThan(500);
        expect(o).toContain(join(dir, f));
      }
      expect(readFileSync(join(dir, "report.tex"), "utf8")).toContain("\\begin{document}");
      expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("missing factor");
      // the JS kernel is a working module: forward of one attention head on a 2×3 input
      const k = await import(pathToFileURL(join(dir, "attention.js")).href);
      const m = (r: number, c: number) => ({
        shape: [r, c],
        data: Float64Array.from({ length: r * c }, (_, i) => Math.sin(i + 1)),
      });
      const O = k.forward({ X: m(2, 3), W_q: m(3, 2), W_k: m(3, 2), W_v: m(3, 4) });
      expect(O.shape).toEqual([2, 4]);
      // each row of softmax sums to 1, so O's rows are convex combinations of V's rows: finite and bounded
      expect([...O.data].every((x: number) => Number.isFinite(x) && Math.abs(x) < 10)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
