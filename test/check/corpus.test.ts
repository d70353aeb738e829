// The whole lecture corpus: no crash, every claim has a verdict and a reason; prints the verdict counts.
import { describe, expect, test } from "vitest";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { checkFile, countVerdicts } from "../../src/check/index.js";
import { HAVE_SHARED, LECTURES, NOTATION } from "./helpers.js";

function lectures(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? lectures(p) : n.endsWith(".md") ? [p] : [];
    });
}

describe.skipIf(!HAVE_SHARED)("check: the corpus", () => {
  test("every lecture is checked without a crash", () => {
    const files = lectures(LECTURES);
    expect(files.length).toBeGreaterThan(20);
    const results = files.map((f) => checkFile(f, { macroFiles: [NOTATION], root: LECTURES }));
    expect(results.filter((r) => r.error)).toEqual([]);
    const all = results.flatMap((r) => r.claims);
    for (const c of all) {
      expect(["correct", "incorrect", "unverifiable"]).toContain(c.verdict);
      if (c.verdict !== "correct") expect(c.reason.length).toBeGreaterThan(0);
    }
    const counts = countVerdicts(all);
    console.log(`corpus verdicts over ${files.length} lectures, ${all.length} claims: ${JSON.stringify(counts)}`);
    // pinned: a change in either direction is looked at (scripts/check-snapshot.sh diffs the claims themselves)
    // (67: the activation gradient df_ℓ/dw_ℓ = h_{ℓ-1}ᵀ ⊗ I_{d_ℓ} of chain-rule-neural-network.md:83/98, in it and in
    // chain-rule-and-back-propagation.md, which includes it, is read in the order of the lecture's stacking line
    // `f_ℓ = (f_ℓ):`, column stacking, in which it is right: vec(W h) = (hᵀ ⊗ I) vec W; 71: its lines 187/204,
    // df_ℓ/dw_{ℓ-k} = [∏_{i=0}^{k-1} df_{ℓ-i}/dh_{ℓ-i-1} dh_{ℓ-i-1}/df_{ℓ-i-1}] df_{ℓ-k}/dw_{ℓ-k}, are the chain
    // rule: written out for k = 1, 2, 3 the factors link, and f_ℓ = W_ℓ h_{ℓ-1}, h_ℓ = h_ℓ(f_ℓ) has no skip connection)
    expect(counts).toEqual({ correct: 71, incorrect: 3, unverifiable: 46 });
    // never a false alarm: the only wrong claims in the corpus are the attention lecture's three
    const wrong = all
      .filter((c) => c.verdict === "incorrect")
      .map((c) => `${c.loc.file.split("/").pop()}:${c.loc.line}`);
    expect(wrong.sort()).toEqual([
      "chain-rule-transformer-attention.md:37",
      "chain-rule-transformer-attention.md:57",
      "chain-rule-transformer-attention.md:59",
    ]);
  });
});
