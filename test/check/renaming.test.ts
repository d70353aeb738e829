// Claims that are the same problem up to renaming are not the same output: canon orders scalar factors by their
// keys (src/rewrite/canon.ts, scalarFactors), which hold symbol names, and composite keys hold interning ids (the
// order nodes were first made). A cache that shares a derivation between renamed claims and renames the result
// back would print `2 d c x` for the second claim below; this pins what each claim prints on its own.
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
