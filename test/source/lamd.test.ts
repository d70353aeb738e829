import { describe, expect, test } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSource, readText } from "../../src/source/index.js";

const md = (src: string, opts = {}) => readText("t.md", src, opts);
const texts = (src: string, opts = {}) => md(src, opts).segments.map((s) => s.text);

describe("skipped regions", () => {
  test("lamd code blocks are opaque (braces balanced, $ and strings inside ignored)", () => {
    const src =
      "\\code{d = {'a': 1}\nprint(f'$x^{n}$')}\n$a$ \\setupcode{import x}\\helpercode{$}\\plotcode{}\\displaycode{$$}\n" +
      "\\installcode{$}\\loadcode{a$}{b$}$b$";
    const f = md(src);
    expect(f.errors).toEqual([]);
    expect(f.segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [3, 2, "a"],
      [4, 34, "b"],
    ]);
  });
  test("unclosed code block is an error", () => {
    expect(md("\\code{x = {").errors.map((e) => [e.line, e.col, e.message])).toEqual([[1, 1, "unclosed \\code{"]]);
  });
  test("Markdown fences (``` and ~~~, closing fence may be followed by text)", () => {
    const src = "\\slides{\n```\nc = $x$\n```}\n~~~python\n$y$\n~~~\n$z$";
    expect(md(src).segments.map((s) => [s.line, s.text])).toEqual([[8, "z"]]);
  });
  test("unclosed fence runs to the end and is reported", () => {
    const f = md("$a$\n```\n$b$");
    expect(f.segments.map((s) => s.text)).toEqual(["a"]);
    expect(f.errors.map((e) => [e.line, e.col, e.message])).toEqual([[2, 1, "unclosed code fence"]]);
  });
  test("inline code, including a ```…``` span on one line", () => {
    expect(texts("write `$\\frac{a}{b}$` as $\\frac{a}{b}$\n```(a) f = $x$```\n`` a ` $b$ `` $c$")).toEqual([
      "\\frac{a}{b}",
      "c",
    ]);
  });
  test("an unmatched backtick is literal", () => {
    expect(texts("a ` b $x$")).toEqual(["x"]);
  });
  test("HTML comments", () => {
    expect(texts("<!-- $a$\n$b$ --> $c$")).toEqual(["c"]);
  });
  test("URLs and \\href/\\url targets are not math", () => {
    expect(texts("see [x](http://a.org/$p(1)$) and \\href{a$b}{$t$} \\url{$u} https://b/$q $r$")).toEqual(["t", "r"]);
  });
  test("\\include paths are not math", () => {
    const f = md("\\include{a$b.md} $c$", { readFile: () => "" });
    expect(f.segments.map((s) => s.text)).toEqual(["c"]);
  });
  test("structure commands with multi-line arguments do not break scanning", () => {
    const src =
      "\\newslide{Title $T$}\n\\slides{* item $a$\n* item\n  $b$}\n\\notes{$c$}\\editme\\figure{\\includediagram{x}}{cap $d$}{f}\n\\addreading{r}{$e$}";
    expect(md(src).segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [1, 18, "T"],
      [2, 17, "a"],
      [4, 4, "b"],
      [5, 9, "c"],
      [5, 52, "d"],
      [6, 17, "e"],
    ]);
  });
});

describe("gpp conditionals and \\define", () => {
  test("include guard: the first read includes the body", () => {
    const f = md("\\ifndef{guard}\n\\define{guard}\n$a$\n\\endif\n\\ifndef{guard}\n$b$\n\\endif");
    expect(f.segments.map((s) => s.text)).toEqual(["a"]);
    expect(f.errors).toEqual([]);
  });
  test("\\ifdef / \\else / nested, with opts.defined", () => {
    const src =
      "\\ifdef{A}$a$\\else$na$\\endif \\ifdef{B}$b$\\ifdef{A}$ab$\\endif\\else$nb$\\ifdef{A}$nbA$\\else$nbnA$\\endif\\endif";
    expect(texts(src, { defined: new Set(["A"]) })).toEqual(["a", "nb", "nbA"]);
    expect(texts(src)).toEqual(["na", "nb", "nbnA"]);
  });
  test("math, defines and includes in false branches are ignored", () => {
    const f = md("\\ifdef{X}\n$a\n\\define{Y}\n\\include{missing.md}\n\\endif\n\\ifdef{Y}$y$\\endif");
    expect(f.errors).toEqual([]);
    expect(f.segments).toEqual([]);
  });
  test("unbalanced \\endif, stray \\else, missing \\endif", () => {
    const f = md("\\endif\n$a$ \\else\n\\ifndef{Z}\n$b$");
    expect(f.errors.map((e) => [e.line, e.col, e.message])).toEqual([
      [1, 1, "\\endif without \\ifdef or \\ifndef"],
      [2, 5, "\\else without \\ifdef or \\ifndef"],
      [3, 1, "missing \\endif for \\ifndef{Z}"],
    ]);
    expect(f.segments.map((s) => s.text)).toEqual(["a", "b"]);
  });
  test("two-argument \\define and \\newcommand are macroDefs", () => {
    const src =
      "\\define{width}{60%}\n\\define{\\vec{a}}{\\mathbf{#a}\n}\\ifdef{width}$w$\\endif\n" +
      "\\newcommand{\\x}[1]{y_{#1}} \\renewcommand*\\z{q} \\def\\p#1{#1} $\\newcommand{\\inmath}{1}$";
    const f = md(src);
    expect(f.macroDefs).toEqual([
      { file: "t.md", line: 1, col: 1, text: "\\define{width}{60%}" },
      { file: "t.md", line: 2, col: 1, text: "\\define{\\vec{a}}{\\mathbf{#a}\n}" },
      { file: "t.md", line: 4, col: 1, text: "\\newcommand{\\x}[1]{y_{#1}}" },
      { file: "t.md", line: 4, col: 28, text: "\\renewcommand*\\z{q}" },
      { file: "t.md", line: 4, col: 48, text: "\\def\\p#1{#1}" },
    ]);
    expect(f.segments.map((s) => s.text)).toEqual(["w", "\\newcommand{\\inmath}{1}"]);
  });
  test("unclosed definition is reported", () => {
    expect(md("\\newcommand{\\x}{abc").errors.map((e) => [e.line, e.col, e.message])).toEqual([
      [1, 1, "unclosed body of \\newcommand"],
    ]);
  });
});

describe("\\include", () => {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-src-"));
  mkdirSync(join(dir, "inc"));
  writeFileSync(join(dir, "inc", "a.md"), "\\ifndef{a}\n\\define{a}\n  $A$\n\\include{inc/b.md}\n\\endif\n");
  writeFileSync(join(dir, "inc", "b.md"), "$B$ \\include{inc/a.md}");
  writeFileSync(join(dir, "inc", "self.md"), "$S$\\include{inc/self.md}");
  writeFileSync(join(dir, "top.md"), "$0$\n\\include{inc/a.md}\n\\include{inc/a.md}\n$1$\n\\include{nope.md}\n");

  test("included segments name the included file and come in document order", () => {
    const f = readSource(join(dir, "top.md"));
    expect(f.segments.map((s) => [s.file.slice(dir.length + 1), s.line, s.col, s.text])).toEqual([
      ["top.md", 1, 2, "0"],
      ["inc/a.md", 3, 4, "A"],
      ["inc/b.md", 1, 2, "B"],
      ["top.md", 4, 2, "1"],
    ]);
    expect(f.included.map((p) => p.slice(dir.length + 1))).toEqual(["inc/a.md", "inc/b.md"]);
    // b includes a while a is being read: a's guard is already defined, so nothing recurses
    expect(f.errors.map((e) => [e.file.slice(dir.length + 1), e.line, e.col, e.message.replace(dir, "DIR")])).toEqual([
      ["top.md", 5, 1, "cannot read included file nope.md: no such file"],
    ]);
  });
  test("root option and shared defined names", () => {
    const f = readText("elsewhere/x.md", "\\include{inc/a.md}", { root: dir, defined: new Set(["a"]) });
    expect(f.segments).toEqual([]);
    expect(f.included).toEqual([join(dir, "inc/a.md")]);
  });
  test("unguarded recursion is an error, never a loop", () => {
    const f = readSource(join(dir, "inc", "self.md"), { root: dir });
    expect(f.segments.map((s) => s.text)).toEqual(["S"]);
    expect(f.errors.map((e) => e.message)).toEqual(["recursive \\include of inc/self.md"]);
  });
  test("include depth is bounded", () => {
    const files: Record<string, string> = {};
    for (let k = 0; k < 30; k++) files[`/v/f${k}.md`] = `$x_${k}$\\include{f${k + 1}.md}`;
    const f = readText("/v/f0.md", files["/v/f0.md"], { maxIncludeDepth: 5, readFile: (p: string) => files[p] });
    expect(f.segments).toHaveLength(6);
    expect(f.errors.map((e) => [e.file, e.line, e.col, e.message])).toEqual([
      ["/v/f5.md", 1, 6, "\\include nested more than 5 deep: f6.md"],
    ]);
  });
});
