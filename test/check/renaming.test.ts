// Claims that are the same problem up to renaming print their own factor order: canon orders scalar factors by
// name (src/rewrite/canon.ts, compareExpr), so `d c x^T x` gives `2 c d x`. The templates that share one check
// between renamed claims (src/check/template.ts, test/check/templates.test.ts) must keep the order of the names in
// their key; sharing L_1's check with L_2 and renaming the result back would print `2 d c x`.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument } from "../../src/check/index.js";

describe("check: claims equal up to renaming", () => {
  test("each prints its derived gradient with its own factor order", () => {
    const f = join(mkdtempSync(join(tmpdir(), "texgrad-renaming-")), "r.tex");
    writeFileSync(
      f,
      `${[
        "\\mathbf{x} \\in \\mathbb{R}^{n}",
        "L_{1} = a b \\mathbf{x}^\\top \\mathbf{x}",
        "\\frac{\\partial L_{1}}{\\partial \\mathbf{x}} = 2 a b \\mathbf{x}",
        "L_{2} = d c \\mathbf{x}^\\top \\mathbf{x}",
        "\\frac{\\partial L_{2}}{\\partial \\mathbf{x}} = 2 d c \\mathbf{x}",
        "L_{3} = d c \\mathbf{x}^\\top \\mathbf{x}",
        "\\frac{\\partial L_{3}}{\\partial \\mathbf{x}} = 0",
      ].join("\n")}\n`,
    );
    const r = checkDocument(loadDocument(f));
    expect(r.map((x) => x.verdict)).toEqual(["correct", "correct", "incorrect"]);
    expect(r.map((x) => x.derived)).toEqual(["2 a b \\mathbf{x}", "2 c d \\mathbf{x}", "2 c d \\mathbf{x}"]);
  });
});
