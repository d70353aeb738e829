import { describe, expect, test } from "vitest";
import { isStatementFile, readText } from "../../src/source/index.js";

describe("isStatementFile", () => {
  test("by extension and content", () => {
    expect(isStatementFile("a.tex", "Q = X W")).toBe(true);
    expect(isStatementFile("a.txt", "$Q$")).toBe(true);
    expect(isStatementFile("a.md", "$Q$")).toBe(false);
    expect(isStatementFile("stmts", "Q = X W")).toBe(true);
    expect(isStatementFile("notes", "so $Q = X W$")).toBe(false);
    expect(isStatementFile("a.tex", "\\documentclass{article}\n\\begin{document}\n$x$\n\\end{document}")).toBe(false);
  });
});

describe("statement files", () => {
  test("one statement a line, comments, blank lines, exact columns", () => {
    const f = readText("s.tex", "  Q = X W_q   % query\n\n% only a comment\n\tK = X W_k\n50\\% = p %c\n");
    expect(f.errors).toEqual([]);
    expect(f.segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [1, 3, "Q = X W_q"],
      [4, 2, "K = X W_k"],
      [5, 1, "50\\% = p"],
    ]);
    expect(f.segments[0].rows).toEqual([{ line: 1, col: 3, text: "Q = X W_q" }]);
    expect(f.segments[0].file).toBe("s.tex");
  });
  test("macro definitions (possibly multi-line) are macroDefs, not statements", () => {
    const src =
      "\\newcommand{\\x}{\\mathbf{x}}\n\\def\\y{y}\n  \\renewcommand{\\z}[2]{%\n  #1 + #2}\n\\providecommand\\w{w}\n" +
      "\\define{\\v{a}}{\\mathbf{#a}}\nx = \\z{a}{b}";
    const f = readText("s.tex", src);
    expect(f.macroDefs.map((d) => [d.line, d.col, d.text])).toEqual([
      [1, 1, "\\newcommand{\\x}{\\mathbf{x}}"],
      [2, 1, "\\def\\y{y}"],
      [3, 3, "\\renewcommand{\\z}[2]{ \n  #1 + #2}"],
      [5, 1, "\\providecommand\\w{w}"],
      [6, 1, "\\define{\\v{a}}{\\mathbf{#a}}"],
    ]);
    expect(f.segments.map((s) => [s.line, s.text])).toEqual([[7, "x = \\z{a}{b}"]]);
  });
  test("an unclosed definition is an error and reading continues", () => {
    const f = readText("s.txt", "\\newcommand{\\x}{oops\ny = 1");
    expect(f.errors.map((e) => [e.line, e.col, e.message])).toEqual([[1, 1, "unclosed body of \\newcommand"]]);
    expect(f.segments.map((s) => s.text)).toEqual(["y = 1"]);
  });
  test("a line wholly wrapped in math delimiters is unwrapped", () => {
    const f = readText("s.txt", "$ a = b $\n\\[c = d\\]\n$x$ and $y$");
    expect(f.segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [1, 3, "a = b"],
      [2, 3, "c = d"],
      [3, 1, "$x$ and $y$"],
    ]);
  });
  test("CRLF", () => {
    expect(readText("s.txt", "a = b\r\n\r\n  c = d\r\n").segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [1, 1, "a = b"],
      [3, 3, "c = d"],
    ]);
  });
});

describe("LaTeX documents are lectures", () => {
  test("preamble definitions, % comments, verbatim, \\end{document}", () => {
    const src =
      "\\documentclass{article}\n\\newcommand{\\R}{\\mathbb{R}} % $no$\n\\begin{document}\nLet $x \\in \\R$ % and $not$\n" +
      "\\begin{verbatim}$v$\\end{verbatim}\\verb|$w$|\n\\begin{align}\na &= b % c \\\\ d\n\\\\ e &= f\n\\end{align}\n\\end{document}\n$after$";
    const f = readText("doc.tex", src);
    expect(f.errors).toEqual([]);
    expect(f.macroDefs.map((d) => [d.line, d.col, d.text])).toEqual([[2, 1, "\\newcommand{\\R}{\\mathbb{R}}"]]);
    expect(f.segments.map((s) => [s.line, s.col, s.display])).toEqual([
      [4, 6, false],
      [6, 14, true],
    ]);
    expect(f.segments[0].text).toBe("x \\in \\R");
    expect(f.segments[1].rows.map((r) => [r.line, r.col, r.text])).toEqual([
      [7, 1, "a &= b % c \\\\ d"],
      [8, 4, "e &= f"],
    ]);
  });
});
