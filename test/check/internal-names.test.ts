// User-facing reasons never show internal names: a family member's name (z_ellm1 for \mathbf{z}_{\ell-1}) or a
// derivative's key (d:10:1:0(14)) leaked into "is not part of any definition" and "undefined symbol" reasons.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument } from "../../src/check/index.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-names-"));
const reasons = (text: string) => {
  const f = join(dir, "doc.md");
  writeFileSync(f, text);
  return checkDocument(loadDocument(f)).map((c) => c.reason);
};
const INTERNAL = /_ell|ellm|d:\d|\(\d+\)|\bm\d+\b|select_|eyeof/;

describe("reasons name symbols as the document writes them", () => {
  test("an undefined loss and a denominator of a family: the denominator in LaTeX", () => {
    // E is not defined and a_ell is not in any one instantiation's definitions: the old reason said "a_ell"
    const rs = reasons(
      "Layers: $\\mathbf{a}_1 = W_1 \\mathbf{z}_0$, $\\mathbf{z}_1 = \\exp(\\mathbf{a}_1)$, $\\mathbf{a}_2 = W_2 \\mathbf{z}_1$, $L = \\mathbf{1}^\\top \\mathbf{a}_2$.\n" +
        "$$\\frac{\\partial E}{\\partial \\mathbf{a}_\\ell} = \\mathbf{z}_1$$\n",
    );
    expect(rs.join("\n")).toContain("\\mathbf{a}_{\\ell}");
    for (const r of rs) expect(r).not.toMatch(INTERNAL);
  });
  test("the right side uses a derivative that is not a gradient: said so, without the derivative's key", () => {
    const rs = reasons(
      "Each layer computes $\\mathbf{a}_\\ell = W_\\ell \\mathbf{z}_{\\ell-1}$ and $\\mathbf{z}_\\ell = \\operatorname{relu}(\\mathbf{a}_\\ell)$.\n" +
        "$$\\frac{\\partial \\mathbf{z}_{1}}{\\partial W_\\ell} = \\frac{\\partial L}{\\partial \\mathbf{a}_{2}} \\mathbf{z}_{1}^\\top$$\n",
    );
    expect(rs.join("\n")).toContain("a derivative that is not a gradient of the loss");
    for (const r of rs) expect(r).not.toMatch(INTERNAL);
  });
  test("a plain undefined loss: the denominator as written", () => {
    const rs = reasons(
      "$$\\mathbf{a} = W \\mathbf{x}$$\n$$\\frac{\\partial E}{\\partial \\mathbf{w}_{\\ell-1}} = \\mathbf{x}$$\n",
    );
    expect(rs[0]).toContain("\\mathbf{w}_{\\ell - 1}");
    for (const r of rs) expect(r).not.toMatch(INTERNAL);
  });
});
