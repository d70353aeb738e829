// Jacobians and Hessians in rendered documents: the factors with their structure, the chain and the product,
// typeset without KaTeX errors in HTML and present in the LaTeX document.
import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { buildReport } from "../../src/render/report.js";
import { renderHtml } from "../../src/render/html.js";
import { renderLatex } from "../../src/render/document.js";

describe("render: Jacobians and Hessians", () => {
  test("attention: J of O with respect to X, factor by factor, block-diagonal softmax", async () => {
    const doc = loadDocument(fileURLToPath(new URL("../../examples/attention.tex", import.meta.url)));
    const report = await buildReport(doc, { kernels: false, jacobian: ["X"] });
    const [j] = report.jacobians;
    expect(j.error).toBeUndefined();
    expect(j.factors.length).toBeGreaterThan(3);
    expect(j.factors.some((f) => /softmax/.test(f.note ?? "") && /block diagonal/.test(f.note ?? ""))).toBe(true);
    expect(j.product).toMatch(/\\otimes/);
    const html = renderHtml(report, doc.macros);
    expect(html).toContain(`id="jacobians"`);
    expect(html).not.toContain("katex-error");
    expect(renderLatex(report, doc.macros)).toContain("Jacobians and Hessians");
  });
  test("logistic regression: the Hessian Xᵀ diag(σ ⊙ (1 − σ)) X is shown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-render-"));
    const file = join(dir, "logreg.tex");
    writeFileSync(
      file,
      [
        "X \\in \\mathbb{R}^{n \\times d}",
        "\\mathbf{y} \\in \\mathbb{R}^{n}",
        "\\mathbf{w} \\in \\mathbb{R}^{d}",
        "\\mathbf{p} = \\sigma(X \\mathbf{w})",
        "E = -\\mathbf{y}^\\top \\log(\\mathbf{p}) - (1 - \\mathbf{y})^\\top \\log(1 - \\mathbf{p})",
        "",
      ].join("\n"),
    );
    const doc = loadDocument(file);
    const report = await buildReport(doc, { kernels: false, hessian: ["w"] });
    const [h] = report.hessians;
    expect(h.error).toBeUndefined();
    expect(h.hessian).toMatch(/\\operatorname\{diag\}/);
    expect(renderHtml(report, doc.macros)).not.toContain("katex-error");
  });
});
