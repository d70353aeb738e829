// The acceptance case: the seed attention lecture. Exactly lines 37, 57 and 59 are incorrect, with the
// diagnoses the issue names; the corrected formulas are, numerically, the true gradients.
import { describe, expect, test } from "vitest";
import * as A from "../../src/ast/index.js";
import { parseMath } from "../../src/parse/index.js";
import { derive } from "../../src/derive/reverse.js";
import { runDerivation } from "../../src/derive/numcheck.js";
import { evaluate } from "../../src/numeric/eval.js";
import { relErr } from "../../src/numeric/index.js";
import { viewAt } from "../../src/check/view.js";
import { bindDerivs } from "../../src/check/numeric.js";
import type { Claim } from "../../src/check/setup.js";
import { SEED, NOTATION, HAVE_SHARED, checked, byLine } from "./helpers.js";

describe.skipIf(!HAVE_SHARED)("check: seed chain-rule-transformer-attention.md", () => {
  const { doc, claims } = HAVE_SHARED ? checked(SEED, [NOTATION]) : { doc: null!, claims: [] };

  test("exactly lines 37, 57 and 59 are incorrect", () => {
    expect(claims.filter((c) => c.verdict === "incorrect").map((c) => c.loc.line)).toEqual([37, 57, 59]);
  });
  test("every other gradient claim is correct; chain statements are checked or say why not", () => {
    for (const c of claims.filter((x) => ![37, 57, 59].includes(x.loc.line))) {
      if (c.loc.line === 29 || c.loc.line === 30)
        expect(c.verdict === "correct" || (c.verdict === "unverifiable" && c.reason.length > 0)).toBe(true);
      else expect(c.verdict, `line ${c.loc.line}: ${c.reason}`).toBe("correct");
    }
    expect(claims.map((c) => c.loc.line)).toEqual([29, 30, 37, 38, 44, 51, 57, 59, 65, 71, 72, 73]);
  });
  test("line 37: factors in the wrong order and a shape mismatch naming both shapes", () => {
    const c = byLine(claims, 37);
    expect(c.diagnoses.map((d) => d.kind)).toEqual(["order", "shape"]);
    expect(c.reason).toMatch(/shapes \S+×\S+ and \S+×\S+/);
    expect(c.derived).toBe("\\attentionMatrix^\\top \\frac{\\partial \\lossFunction}{\\partial \\outputMatrix}");
  });
  test("lines 57 and 59: missing factor 1/sqrt(d_k)", () => {
    for (const line of [57, 59]) {
      const c = byLine(claims, line);
      expect(c.diagnoses).toHaveLength(1);
      expect(c.diagnoses[0].kind).toBe("factor");
      expect(c.diagnoses[0].factor).toBe("\\frac{1}{\\sqrt{d_{k}}}");
      expect(c.derived).toContain("\\frac{1}{\\sqrt{d_{k}}}");
      expect(c.derived).toContain(line === 57 ? "\\keyMatrix" : "\\queryMatrix");
    }
  });
  test("line 51: the softmax gradient with lecture-style broadcasting is correct, with a note", () => {
    const c = byLine(claims, 51);
    expect(c.verdict).toBe("correct");
    expect(c.notes.some((n) => /broadcast/.test(n))).toBe(true);
  });
  test("corrected formulas, parsed back in the lecture's macros, equal the true gradients numerically", () => {
    for (const line of [37, 57, 59]) {
      const c = byLine(claims, line);
      const index = doc.statements.findIndex((r) => r.loc.line === line);
      const claim = doc.statements[index].statement as Claim;
      const corrected = parseMath(c.derived!, { file: "corrected", line: 1, col: 1 }, doc.macros).relations[0]
        .first as A.Expr;
      const view = viewAt(doc, index).doc;
      const d = derive(view, { of: "outputMatrix", loss: claim.deriv.of });
      const target = d.backward.find((b) => b.target.name === (claim.deriv.wrt[0] as A.Sym).name)!;
      for (const seed of [11, 12, 13]) {
        const run = runDerivation(d, seed);
        const got = evaluate(bindDerivs(corrected, d), { values: run.values, derivs: run.derivs });
        expect(relErr(got, run.derivs.get(target.name)!)).toBeLessThan(1e-10);
      }
    }
  });
});
