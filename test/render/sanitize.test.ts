// The LaTeX allow-list (src/render/sanitize.ts), case by case: what a formula may keep, what becomes text, which
// document macros are defined by name, inlined, or replaced by a stand-in.
import { describe, expect, test } from "vitest";
import { MacroTable, scanDefinitions } from "../../src/macro/index.js";
import { collides, definition, safeMath, STANDARD_MATH, vocabulary } from "../../src/render/sanitize.js";
import { latexPreamble } from "../../src/render/document.js";
import { escapeHtml, escapeLatexText, jsonText } from "../../src/render/escape.js";
import { commentText } from "../../src/codegen/names.js";

const table = (defs: string) => {
  const t = new MacroTable();
  scanDefinitions(defs, "defs.tex", t);
  return t;
};
const EMPTY = new MacroTable();
const clean = (latex: string, defs = "") => safeMath(latex, vocabulary([latex], table(defs)));

describe("formulas", () => {
  test("standard math passes unchanged", () => {
    for (const f of [
      "\\frac{\\partial f}{\\partial W} = X^\\top \\left(H \\odot \\mathbf{1}\\right)",
      "\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}",
      "\\operatorname{tr}\\left(A^{\\circ 2}\\right) \\cdot \\sqrt[n]{x}",
      "\\text{if } x_{i,j}",
    ])
      expect(clean(f)).toBe(f);
  });
  test("primitives become their name in typewriter text, or a stand-in", () => {
    // undefined in the document: a symbol named after the primitive, written as its stand-in
    expect(clean("\\openout + \\input")).toBe("{\\mathrm{openout}} + {\\mathrm{input}}");
    // a colliding macro with parameters cannot be inlined: shown as text
    expect(clean("\\section{x}", "\\newcommand{\\section}[1]{\\mathbf{#1}}")).toBe(
      "\\texttt{\\textbackslash{}section}{x}",
    );
    expect(safeMath("\\csname x\\endcsname", { named: new Map(), inline: new Map() })).toBe(
      "\\texttt{\\textbackslash{}csname} x\\texttt{\\textbackslash{}endcsname}",
    );
  });
  test("environments other than matrices and cases are refused", () => {
    expect(clean("\\begin{document} x \\end{document}")).toBe(
      "\\texttt{\\textbackslash{}begin}{document} x \\texttt{\\textbackslash{}end}{document}",
    );
    expect(clean("\\begin{pmatrix} 1 \\end{pmatrix}")).toBe("\\begin{pmatrix} 1 \\end{pmatrix}");
  });
  test("TeX specials: # % $ escaped, ^^ split, braces balanced, controls dropped", () => {
    expect(clean("a # b % c $ d")).toBe("a \\# b \\% c \\$ d");
    expect(clean("x^^5cinput")).toBe("x^{}{}^5cinput");
    expect(clean("} x {")).toBe("\\} x {}");
    expect(clean("a\u202eb\u0000c\u200bd\u2066e")).toBe("abcde");
    expect(clean("\\^ \\@ \\")).toBe("\\backslash ^ \\backslash @ \\backslash ");
  });
  test("text arguments are text mode: _ ^ < > | & escaped", () => {
    expect(clean("\\text{a_b^c <d> |e & f}")).toBe(
      "\\text{a\\_b\\^{}c \\textless{}d\\textgreater{} \\textbar{}e \\& f}",
    );
    expect(clean("x_{\\text{a_b}} y_c")).toBe("x_{\\text{a\\_b}} y_c");
  });
  test("Unicode: known symbols as math, others as ?", () => {
    expect(clean("x × y ∂ z 😀")).toBe("x \\times  y \\partial  z ?");
  });
});

describe("document macros", () => {
  test("checked bodies are defined by name with \\DeclareRobustCommand", () => {
    const t = table("\\newcommand{\\Wm}{\\mathbf{W}}\n\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}");
    expect(latexPreamble(["\\Wm + \\norm{x}"], t)).toBe(
      "\\DeclareRobustCommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\n\\DeclareRobustCommand{\\Wm}{\\mathbf{W}}",
    );
  });
  test("unsafe bodies get a stand-in from the name", () => {
    for (const body of [
      "\\mathbf{W}\\immediate\\write18{touch pwned}",
      "\\mathbf{W}\\catcode 92=12",
      "\\csname input\\endcsname",
      "W % comment",
      "\\mathbf{W}#2",
      "\\mathbf{W}\\end{document}",
      "^^5cinput",
    ]) {
      const t = table(`\\newcommand{\\Wm}{${body}}`);
      expect(latexPreamble(["\\Wm"], t), body).toBe("\\DeclareRobustCommand{\\Wm}{\\mathrm{Wm}}");
    }
  });
  test("a body that uses a redefined LaTeX name gets its body inlined; LaTeX's own, a stand-in", () => {
    const t = table(
      "\\renewcommand{\\input}{\\mathbf{I}}\n\\newcommand{\\Am}{\\mathbf{A}\\input}\n\\newcommand{\\Bm}{\\mathbf{B}\\openout}",
    );
    expect(latexPreamble(["\\Am + \\Bm"], t)).toBe(
      "\\DeclareRobustCommand{\\Am}{\\mathbf{A}{\\mathbf{I}}}\n\\DeclareRobustCommand{\\Bm}{\\mathrm{Bm}}",
    );
  });
  test("cycles and doubling chains get stand-ins (TeX would loop or blow up)", () => {
    expect(latexPreamble(["\\Ca"], table("\\newcommand{\\Ca}{\\Cb}\n\\newcommand{\\Cb}{\\Ca x}"))).toBe(
      "\\DeclareRobustCommand{\\Ca}{\\mathrm{Ca}}\n\\DeclareRobustCommand{\\Cb}{\\mathrm{Cb}}",
    );
    let defs = "\\newcommand{\\da}{x x}",
      prev = "da";
    for (let i = 0; i < 40; i++) {
      const n = `d${String.fromCharCode(98 + (i % 24))}${String.fromCharCode(97 + Math.floor(i / 24))}`;
      defs += `\n\\newcommand{\\${n}}{\\${prev} \\${prev}}`;
      prev = n;
    }
    const t0 = Date.now();
    const pre = latexPreamble([`\\${prev}`], table(defs));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(pre).toContain(`\\DeclareRobustCommand{\\${prev}}{\\mathrm{${prev}}}`);
  });
  test("a macro named like a LaTeX command is never defined by name: written as its body", () => {
    const t = table("\\newcommand{\\section}{\\mathbf{S}}\n\\renewcommand{\\input}{\\mathbf{Z}}");
    const v = vocabulary(["\\section + \\input"], t);
    expect([...v.named.keys()]).toEqual([]);
    expect(safeMath("\\section + \\input", v)).toBe("{\\mathbf{S}} + {\\mathbf{Z}}");
  });
  test("collisions: LaTeX, pdfTeX and lamd's preprocessor names; standard math names are never redefined", () => {
    for (const n of [
      "input",
      "openout",
      "section",
      "def",
      "csname",
      "pdfoutput",
      "ifx",
      "exec",
      "include",
      "define",
      "quitvmode",
    ])
      expect(collides(n), n).toBe(true);
    for (const n of ["queryMatrix", "Wm", "lossFunction", "R"]) expect(collides(n), n).toBe(false);
    for (const n of [
      "def",
      "input",
      "csname",
      "write",
      "immediate",
      "catcode",
      "let",
      "relax",
      "verb",
      "newcommand",
      "hbox",
      "char",
      "expandafter",
    ])
      expect(STANDARD_MATH.has(n), n).toBe(false);
    expect(latexPreamble(["\\alpha"], table("\\renewcommand{\\alpha}{\\input}"))).toBe("");
  });
  test("names KaTeX knows and LaTeX does not get their meaning", () => {
    expect(latexPreamble(["\\R^{n}"], EMPTY)).toBe("\\DeclareRobustCommand{\\R}{\\mathbb{R}}");
    expect(latexPreamble(["\\constructor + \\toString"], EMPTY)).toBe(
      "\\DeclareRobustCommand{\\constructor}{\\mathrm{constructor}}\n\\DeclareRobustCommand{\\toString}{\\mathrm{toString}}",
    );
  });
  test("definition() sanitises the body it writes", () => {
    const v = vocabulary([], EMPTY);
    expect(definition({ name: "Xm", nparams: 1, body: "\\mathbf{#1}#2 $" }, v)).toBe(
      "\\DeclareRobustCommand{\\Xm}[1]{\\mathbf{#1}\\#2 \\$}",
    );
  });
});

describe("text", () => {
  test("LaTeX text: specials escaped, controls and bidi dropped to ?, CR dropped", () => {
    expect(escapeLatexText("a%b#c&{}^_~$\\d\u202e\r\u0000")).toBe(
      "a\\%b\\#c\\&\\{\\}\\^{}\\_\\~{}\\$\\textbackslash{}d??",
    );
  });
  test("HTML: controls and bidi shown as U+FFFD, markup escaped", () => {
    expect(escapeHtml('<b a="1">\u202e\u200b\r\n')).toBe("&lt;b a=&quot;1&quot;&gt;\ufffd\ufffd\n");
  });
  test("JSON: controls and bidi as \\u escapes, the same strings back", () => {
    const v = { s: "a\u202eb\u2028c\u200bd\u0085e\u0000" };
    const text = jsonText(v);
    expect(text).not.toMatch(/[\u202e\u2028\u200b\u0085\u0000]/);
    expect(JSON.parse(text)).toEqual(v);
  });
  test("code comments: bidi and zero-width dropped, nothing closes the comment", () => {
    expect(commentText("a\u202eb\u2066c\u200bd */ e")).toBe("abcd * / e");
  });
});
