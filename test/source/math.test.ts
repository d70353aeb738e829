import { describe, expect, test } from "vitest";
import { readText } from "../../src/source/index.js";

const md = (src: string, opts = {}) => readText("t.md", src, opts);
const brief = (src: string) => md(src).segments.map((s) => [s.line, s.col, s.text, s.display]);

describe("math delimiters", () => {
  test("inline $…$ with exact positions", () => {
    expect(brief("ab $x+y$ c\n  $z$")).toEqual([
      [1, 5, "x+y", false],
      [2, 4, "z", false],
    ]);
  });
  test("display $$…$$ spanning lines keeps raw content", () => {
    const f = md("p\n$$\n  A = B\n$$\n");
    expect(f.segments).toHaveLength(1);
    const s = f.segments[0];
    expect([s.line, s.col, s.text, s.display]).toEqual([2, 3, "\n  A = B\n", true]);
    expect(s.rows).toEqual([{ line: 3, col: 3, text: "A = B" }]);
  });
  test("\\[…\\] and \\(…\\)", () => {
    expect(brief("a \\[ X \\] b \\(y\\)")).toEqual([
      [1, 5, " X ", true],
      [1, 15, "y", false],
    ]);
  });
  test("\\$ is a literal dollar, also inside math", () => {
    expect(brief("costs \\$5 and $a \\$ b$")).toEqual([[1, 16, "a \\$ b", false]]);
  });
  test("\\\\ before $ does not escape it", () => {
    expect(brief("x\\\\$a$")).toEqual([[1, 5, "a", false]]);
  });
  test("bare environments, starred and unstarred", () => {
    const f = md(
      "text\n\\begin{equation}\n  Q = X W \\label{eq:q}\n\\end{equation}\n\\begin{equation*}y = 1\\end{equation*}",
    );
    expect(f.segments.map((s) => [s.line, s.col, s.display])).toEqual([
      [2, 17, true],
      [5, 18, true],
    ]);
    expect(f.segments[0].rows).toEqual([{ line: 3, col: 3, text: "Q = X W" }]);
    expect(f.segments[1].rows).toEqual([{ line: 5, col: 18, text: "y = 1" }]);
  });
  test("empty math is not a segment", () => {
    expect(brief("$$ $$ and $$\n$$")).toEqual([]);
  });
  test("columns count characters: tabs and astral characters are one", () => {
    expect(brief("\t$a$")).toEqual([[1, 3, "a", false]]);
    expect(brief("😀 $a$")).toEqual([[1, 4, "a", false]]);
  });
  test("CRLF and CR line endings give LF positions", () => {
    const crlf = md("a\r\n$$\r\nX = Y\r\n$$\r\n$b$");
    expect(crlf.segments.map((s) => [s.line, s.col])).toEqual([
      [2, 3],
      [5, 2],
    ]);
    expect(crlf.segments[0].rows).toEqual([{ line: 3, col: 1, text: "X = Y" }]);
    const cr = md("a\r$x$\r\r$y$");
    expect(cr.segments.map((s) => [s.line, s.col, s.text])).toEqual([
      [2, 2, "x"],
      [4, 2, "y"],
    ]);
  });
});

describe("rows of aligned blocks", () => {
  test("align: one row per \\\\, labels and \\nonumber removed, & kept", () => {
    const src = "\\begin{align}\n  a &= b \\label{one} \\\\\n  c &= d \\nonumber \\\\[2pt]\n  \\notag\n\\end{align}";
    const s = md(src).segments[0];
    expect(s.display).toBe(true);
    expect(s.rows).toEqual([
      { line: 2, col: 3, text: "a &= b" },
      { line: 3, col: 3, text: "c &= d" },
    ]);
  });
  test("aligned inside $$: begin/end removed, matrices keep their \\\\", () => {
    const src =
      "$$\\begin{aligned}\nA &= \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} \\\\\nB &= {x \\\\ y}\n\\end{aligned}$$";
    const s = md(src).segments[0];
    expect([s.line, s.col]).toEqual([1, 3]);
    expect(s.rows).toEqual([
      { line: 2, col: 1, text: "A &= \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}" },
      { line: 3, col: 1, text: "B &= {x \\\\ y}" },
    ]);
  });
  test("a row may span lines (newlines kept)", () => {
    const s = md("\\begin{align*}\nf &= a\n  + b \\\\ g &= c\\end{align*}").segments[0];
    expect(s.rows).toEqual([
      { line: 2, col: 1, text: "f &= a\n  + b" },
      { line: 3, col: 10, text: "g &= c" },
    ]);
  });
  test("gather and eqnarray split rows; equation does not", () => {
    expect(md("\\begin{gather}a\\\\b\\end{gather}").segments[0].rows.map((r) => r.text)).toEqual(["a", "b"]);
    expect(md("\\begin{eqnarray}a&=&b\\\\c&=&d\\end{eqnarray}").segments[0].rows.map((r) => r.text)).toEqual([
      "a&=&b",
      "c&=&d",
    ]);
    expect(md("$$a \\\\ b$$").segments[0].rows.map((r) => r.text)).toEqual(["a \\\\ b"]);
  });
  test("multline is one statement; its line breaks are blanked", () => {
    const s = md("\\begin{multline}a + b \\\\\n + c\\end{multline}").segments[0];
    expect(s.rows).toEqual([{ line: 1, col: 17, text: "a + b   \n + c" }]);
  });
  test("empty rows are dropped", () => {
    expect(md("$$\\begin{aligned} a \\\\ \\\\ b \\\\ \\end{aligned}$$").segments[0].rows.map((r) => r.text)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("malformed math", () => {
  test("unclosed $ is reported at the opener and scanning continues", () => {
    const f = md("a $x + y\n\nthen $z$ ok");
    expect(f.errors).toEqual([{ file: "t.md", line: 1, col: 3, message: "unclosed $" }]);
    expect(f.segments.map((s) => [s.line, s.col, s.text])).toEqual([[3, 7, "z"]]);
  });
  test("unclosed $$, \\[ and environment", () => {
    const f = md("$$ a\n\n\\[ b\n\n\\begin{align} c\n\n$d$");
    expect(f.errors.map((e) => [e.line, e.col, e.message])).toEqual([
      [1, 1, "unclosed $$"],
      [3, 1, "unclosed \\["],
      [5, 1, "unclosed \\begin{align}"],
    ]);
    expect(f.segments.map((s) => s.text)).toEqual(["d"]);
  });
  test("a $ in a later \\code block does not close an earlier one", () => {
    const f = md("price $5\n\\code{s = f'$x$'}\n$y$");
    expect(f.errors.map((e) => [e.line, e.col, e.message])).toEqual([[1, 7, "unclosed $"]]);
    expect(f.segments.map((s) => [s.line, s.text])).toEqual([[3, "y"]]);
  });
});

describe("environments inside $$ and \\[", () => {
  test("equation inside $$: begin/end and label removed from the row", () => {
    const s = md("$$\\begin{equation} a = b \\label{x}\\end{equation}$$").segments[0];
    expect(s.text).toBe("\\begin{equation} a = b \\label{x}\\end{equation}");
    expect(s.rows).toEqual([{ line: 1, col: 20, text: "a = b" }]);
  });
  test("align inside \\[ \\] splits rows; cases rows stay together", () => {
    const s = md("\\[\\begin{align*} f &= \\begin{cases} 1 \\\\ 0 \\end{cases} \\\\ g &= 2 \\end{align*}\\]")
      .segments[0];
    expect(s.rows.map((r) => [r.col, r.text])).toEqual([
      [18, "f &= \\begin{cases} 1 \\\\ 0 \\end{cases}"],
      [59, "g &= 2"],
    ]);
  });
  test("bare aligned and nested same-name environments", () => {
    const s = md("\\begin{aligned} a \\\\ b \\end{aligned}").segments[0];
    expect(s.rows.map((r) => r.text)).toEqual(["a", "b"]);
    expect(md("\\begin{equation}\\begin{equation}x\\end{equation}\\end{equation}").segments[0].text).toBe(
      "\\begin{equation}x\\end{equation}",
    );
  });
});
