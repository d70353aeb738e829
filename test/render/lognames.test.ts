// The new functions and reductions in rendered documents: gradients printed in conventional notation
// (\tan, \sinh, \operatorname{sign}, \|x\|_1, \|x\|_\infty, \mathbf{e}_{\arg\max x}) typeset without KaTeX errors.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { buildReport } from "../../src/render/report.js";
import { renderHtml } from "../../src/render/html.js";
import { renderLatex } from "../../src/render/document.js";

describe("render: log-like functions and vector reductions", () => {
  test("HTML without KaTeX errors, LaTeX with the conventional names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-render-"));
    const file = join(dir, "functions.tex");
    writeFileSync(
      file,
      [
        "\\mathbf{x} \\in \\mathbb{R}^{n}",
        "A \\in \\mathbb{R}^{m \\times n}",
        "\\mathbf{h} = \\tan(A \\mathbf{x}) + \\sinh(A \\mathbf{x}) + \\arctan(A \\mathbf{x}) \\odot \\operatorname{sign}(A \\mathbf{x})",
        "f = \\|\\mathbf{h}\\|_1 + \\|\\mathbf{h}\\|_\\infty + \\max(\\mathbf{h}) - \\min(\\mathbf{x}) + \\mathbf{1}^\\top \\cosh(\\mathbf{x})",
        "",
      ].join("\n"),
    );
    const doc = loadDocument(file);
    expect(doc.errors).toEqual([]);
    const report = await buildReport(doc, { kernels: false });
    const html = renderHtml(report, doc.macros);
    expect(html).not.toContain("katex-error");
    const tex = renderLatex(report, doc.macros);
    for (const s of [
      "\\tan",
      "\\sinh",
      "\\cosh",
      "\\arctan",
      "\\operatorname{sign}",
      "\\right\\|_1",
      "\\right\\|_\\infty",
      "\\mathbf{e}_{\\arg\\max \\mathbf{h}}",
      "\\mathbf{e}_{\\arg\\min \\mathbf{x}}",
    ])
      expect(tex, s).toContain(s);
    // no function name turned into a symbol or an internal name
    expect(tex).not.toMatch(/argmaxind|norminf|norm1|\\partial \\tan/);
  });
});
