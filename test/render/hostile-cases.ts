// Hostile lecture sources for the output-safety tests: TeX primitives as symbols and in macro bodies, macros
// that redefine LaTeX's commands, HTML and script payloads, file names that try to leave a comment or a
// string, bidi and control characters, expansion bombs, deep nesting and odd encodings.
export interface HostileCase {
  readonly name: string;
  /** The source file's name (in a fresh, empty folder). */
  readonly file: string;
  readonly source: string | Buffer;
}

/** A lecture with a definition, a derivation and an incorrect claim, so every report section is filled. */
export const BASE =
  [
    "X \\in \\mathbb{R}^{n \\times d}",
    "W \\in \\mathbb{R}^{d \\times k}",
    "H = \\tanh(X W)",
    "f = \\operatorname{tr}(H^\\top H)",
    "\\frac{\\partial f}{\\partial W} = 2 X^\\top H",
  ].join("\n") + "\n";

/** BASE with `X` written as `x` (a symbol, a macro, a payload). */
export const withX = (x: string, pre = "") => pre + BASE.replaceAll("X", x);

const bidi = "\u202e\u2066\u200b\ufeff";
const bomb = (() => {
  const lines = ["\\newcommand{\\ba}{x x}"];
  let prev = "ba";
  for (let i = 0; i < 40; i++) {
    const n = `b${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
    lines.push(`\\newcommand{\\${n}}{\\${prev} \\${prev}}`);
    prev = n;
  }
  return lines.join("\n") + `\nX \\in \\mathbb{R}^{n}\nf = \\${prev} + X\n`;
})();

export const CASES: readonly HostileCase[] = [
  {
    name: "TeX primitives used as symbols",
    file: "prims.tex",
    source:
      withX("X", "") +
      "g = \\openout + \\write + \\immediate + \\input + \\endinput + \\catcode + \\def + \\csname + \\jobname + \\special + f\n",
  },
  {
    name: "\\openout and \\write that would create p.tex",
    file: "openfile.tex",
    source: withX("X", "") + "g = \\immediate\\openout 1 = pwned \\immediate\\write 1 {x} + f\n",
  },
  { name: "primitive next to a symbol", file: "prims2.tex", source: withX("\\openout X") },
  {
    name: "a macro whose body writes a file",
    file: "write.tex",
    source: withX("\\Xm", "\\newcommand{\\Xm}{\\immediate\\write18{touch pwned}\\mathbf{X}}\n"),
  },
  {
    name: "a macro that opens an output stream",
    file: "openout.tex",
    source: withX("\\Xm", "\\newcommand{\\Xm}{\\mathbf{X}\\openout1=pwned.txt}\n"),
  },
  {
    name: "macros that redefine LaTeX commands",
    file: "redefine.tex",
    source:
      withX("\\section", "\\newcommand{\\section}{\\mathbf{S}}\n\\renewcommand{\\input}{\\mathbf{Z}}\n") +
      "g = \\input + f\n",
  },
  { name: "\\def of a primitive", file: "defprim.tex", source: withX("\\openout", "\\def\\openout{\\mathbf{V}}\n") },
  {
    name: "a body that calls a primitive",
    file: "bodyprim.tex",
    source: withX("\\Am", "\\newcommand{\\Am}{\\mathbf{A}\\input}\n"),
  },
  {
    name: "a body with catcode changes",
    file: "catcode.tex",
    source: withX("\\Cm", "\\newcommand{\\Cm}{\\mathbf{C}\\catcode 92=12}\n"),
  },
  {
    name: "a body with csname",
    file: "csname.tex",
    source: withX("\\Dm", "\\newcommand{\\Dm}{\\csname input\\endcsname}\n"),
  },
  {
    name: "a body that ends the document",
    file: "enddoc.tex",
    source: withX("\\Em", "\\newcommand{\\Em}{\\mathbf{E}\\end{document}}\n"),
  },
  {
    name: "a body with a stray parameter",
    file: "param.tex",
    source: withX("\\Pm", "\\newcommand{\\Pm}[1]{\\mathbf{#1}#2\\input #1}\n"),
  },
  {
    name: "macros that call each other",
    file: "cycle.tex",
    source: withX("\\Cy", "\\newcommand{\\Cy}{\\Cz}\n\\newcommand{\\Cz}{\\Cy}\n"),
  },
  {
    name: "lamd preprocessor commands as symbols",
    file: "gpp.md",
    source: "$$" + withX("\\exec").trim().split("\n").join("$$\n$$") + "$$\n$$g = \\include + \\define + f$$\n",
  },
  {
    name: "dollars, percent and hash in text",
    file: "text.tex",
    source: withX("X", "") + "g = \\text{a $\\input{x}$ b \\% c \\# d} + f\n",
  },
  { name: "the ^^ notation", file: "caret.tex", source: withX("X", "") + "g = x^^5cinput + f\n" },
  {
    name: "verb and csname in a formula",
    file: "verb.tex",
    source: withX("X", "") + "g = \\verb|x| + \\csname x\\endcsname + f\n",
  },
  {
    name: "environments in a formula",
    file: "env.tex",
    source: withX("X", "") + "g = \\begin{document} x \\end{document} + \\end{itemize} + f\n",
  },
  { name: "unbalanced braces", file: "braces.tex", source: withX("X", "") + "g = \\} x \\{ + f\n" },
  { name: "LaTeX specials in the file name", file: "a%b#c&{}^_~$.tex", source: BASE },
  { name: "a backslash command in the file name", file: "\\input{pwned}.tex", source: BASE },
  { name: "a newline in the file name", file: 'line\nbreak *\n system("touch pwned"); .tex', source: BASE },
  { name: "bidi and zero-width characters in the file name", file: `bidi${bidi}name.tex`, source: BASE },
  { name: "a comment closer in the file name", file: 'x*/ system("touch pwned"); .tex', source: BASE },
  {
    name: "a docstring closer in the file name",
    file: '"""; import os; os.system(\'touch pwned\') #.tex',
    source: BASE,
  },
  { name: "HTML in the file name", file: '<img src=x onerror="window.__pwned=1">.tex', source: BASE },
  {
    name: "script in a text formula",
    file: "script.tex",
    source: withX("X", "") + "g = \\text{</span><script>window.__pwned=1</script>} + f\n",
  },
  {
    name: "links and HTML commands for KaTeX",
    file: "katex.tex",
    source:
      withX("\\Km", "\\newcommand{\\Km}{\\href{javascript:window.__pwned=1}{X}}\n") +
      "g = \\htmlClass{x}{y} + \\url{javascript:alert(1)} + \\includegraphics{x.png} + f\n",
  },
  {
    name: "bidi and zero-width characters in formulas and comments",
    file: "bidiform.tex",
    source: `% comment ${bidi} here\n` + withX(`X`, "") + `g = \\text{a${bidi}b} + f\n`,
  },
  {
    name: "terminal escape sequences",
    file: "esc.tex",
    source: withX("X", "") + "g = \\text{\u001b[31mred\u001b[0m\u0007} + f\n",
  },
  { name: "an expansion bomb (a macro doubling 40 times)", file: "bomb.tex", source: bomb },
  {
    name: "10k nested parentheses",
    file: "deep.tex",
    source: "X \\in \\mathbb{R}^{n}\nf = " + "(".repeat(10000) + "X" + ")".repeat(10000) + "\n",
  },
  {
    name: "3990 nested braces",
    file: "braces-deep.tex",
    source: "X \\in \\mathbb{R}^{n}\nf = " + "{".repeat(3990) + "X" + "}".repeat(3990) + "\n",
  },
  {
    name: "a UTF-16 file with a BOM",
    file: "utf16.tex",
    source: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, "utf16le")]),
  },
  {
    name: "invalid UTF-8",
    file: "badutf8.tex",
    source: Buffer.concat([
      Buffer.from(BASE),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x0a]),
      Buffer.from("g = x\xff + f\n", "latin1"),
    ]),
  },
  { name: "a UTF-8 BOM", file: "bom.tex", source: "\ufeff" + BASE },
  { name: "NUL bytes", file: "nul.tex", source: BASE.replace("H = ", "H\u0000 = ") + "g = \\text{a\u0000b} + f\n" },
  { name: "CRLF line endings", file: "crlf.tex", source: BASE.replace(/\n/g, "\r\n") },
];
