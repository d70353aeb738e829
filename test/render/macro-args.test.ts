// A lecture's macros with arguments (\newcommand{\matr}[1]{\mathbf{#1}}) print expanded: `\matr{Q}` as
// `\mathbf{Q}`, never as the bare `\matr`, which loses the argument (a right and a wrong claim printed the same,
// and KaTeX failed on every formula). Zero-argument symbol macros keep printing as the author's macro.
import { afterAll, describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { runCli } from "../helpers/cli.js";
import { scratch } from "../helpers/parse.js";

const dir = scratch("macro-args");
afterAll(() => dir.remove());
const lecture = dir.file(
  "matr.md",
  [
    "\\newcommand{\\matr}[1]{\\mathbf{#1}}",
    "\\newcommand{\\loss}{\\mathcal{L}}",
    "\\newcommand{\\wt}[2][W]{\\mathbf{#1}_{#2}}",
    "Let $\\matr{X} \\in \\mathbb{R}^{n \\times d}$, $\\matr{W} \\in \\mathbb{R}^{d \\times k}$, $\\wt{v} \\in \\mathbb{R}^{k \\times m}$.",
    "$$\\matr{Q} = \\matr{X}\\matr{W}$$",
    "$$\\matr{Y} = \\matr{Q}\\wt{v}$$",
    "$$\\loss = \\operatorname{tr}(\\matr{Y}^\\top \\matr{Y})$$",
    "Right: $\\frac{\\partial \\loss}{\\partial \\matr{W}} = \\matr{X}^\\top \\frac{\\partial \\loss}{\\partial \\matr{Q}}$.",
    "Wrong: $\\frac{\\partial \\loss}{\\partial \\matr{W}} = \\frac{\\partial \\loss}{\\partial \\matr{Q}}^\\top \\matr{X}$.",
    "",
  ].join("\n"),
);

describe("macros with arguments print applied to their arguments' expansion", () => {
  test("check: right and wrong claims print as different formulas, in the document's symbols", async () => {
    const r = await runCli("check", lecture);
    const lines = r.out.split("\n").filter((l) => /\bcorrect|incorrect/.test(l) && l.includes("matr.md:"));
    expect(lines, r.out).toHaveLength(2);
    const [right, wrong] = lines.map((l) => l.replace(/^.*?(correct|incorrect) /, ""));
    expect(right).toBe(
      "\\frac{\\partial \\loss}{\\partial \\mathbf{W}} = \\mathbf{X}^\\top \\frac{\\partial \\loss}{\\partial \\mathbf{Q}}",
    );
    expect(wrong).not.toBe(right);
    expect(r.out).not.toMatch(/\\matr(?![a-z])|\\wt(?![a-z])/);
    expect(r.out).toContain("\\loss"); // a zero-argument macro keeps its name
  });

  test("derive: gradients name \\mathbf{W}, \\mathbf{X}, \\mathbf{W}_{v}", async () => {
    const r = await runCli("derive", lecture);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("\\frac{\\partial \\loss}{\\partial \\mathbf{W}_{v}}");
    expect(r.out).toContain("\\frac{\\partial \\loss}{\\partial \\mathbf{X}}");
    expect(r.out).not.toMatch(/\\matr(?![a-z])|\\wt(?![a-z])/);
  });

  test("render --html: no KaTeX error anywhere, and the two claims render differently", async () => {
    const out = dir.file("matr.html", "");
    const r = await runCli("render", lecture, "--html", out);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain("katex-error");
    expect(html).not.toMatch(/\\matr(?![a-z])/);
  });
});
