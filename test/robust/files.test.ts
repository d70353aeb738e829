// Hostile inputs for the file-safety and command-line classes of issue 9, each run through the compiled command line
// (a real process) in its own fresh folder (see files-harness.ts). Every case asserts: it ends within 10 s; the
// exit code; the error is located (`file:line:col: error:` with the source line and a caret, under the expected
// text) or one line `texgrad: error: …` when it has no place in a file; no stack trace; no raw control or bidi
// character on stderr; the secret file outside the lecture is never printed; nothing in the temporary tree (the
// case folder and its parent) changes except the named outputs (and their folders' mtimes); and, where output is
// produced (exit 0 or 1), a second run prints and writes the same bytes.
//
// Why 10 s: a run takes 0.3–3 s on this machine, which is shared by many processes; the bound (from the issue) is
// generous so that load does not make it fail, and still catches a hang or an exponential blow-up.
import { beforeAll, describe, expect, test } from "vitest";
import { sameRightSides, chain as definitionChain } from "../../bench/statements.js";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { ensureBuilt } from "../helpers/build.js";
import { readSource } from "../../src/source/index.js";
import { C_FLAGS, GCC, haveGcc } from "../../src/codegen/verify/c.js";
import {
  CRASH,
  SECRET,
  UNPRINTABLE,
  changed,
  escapeRe,
  killedAfter,
  run,
  sandbox,
  snapshot,
  type Run,
  type Sandbox,
} from "./files-harness.js";

// BASE: a statement file with two declarations, two definitions and an incorrect claim (check exits 1)
import { BASE } from "../render/hostile-cases.js";
/** A lecture whose line 3 is `line3` (an `\include`, usually), between a declaration and a definition. */
const lecture = (line3: string) => `# Lecture\n$$X \\in \\mathbb{R}^{n}$$\n${line3}\n$$f = X^\\top X$$\n`;
/** A statement file with an error at line 3, column 14 (the stray parenthesis). */
const BAD = "X \\in \\mathbb{R}^{n}\n\nf = X^\\top X )\n";

type Located = {
  readonly at: string;
  readonly line: number | "any";
  readonly col: number;
  readonly says: RegExp;
  readonly under?: string;
};
interface Case {
  readonly name: string;
  readonly setup?: (s: Sandbox) => void;
  readonly args: (s: Sandbox) => string[];
  readonly stdin?: string | Buffer;
  readonly code: number;
  /** The error: located, or one line `texgrad: error:` matching the expression. */
  readonly error?: Located | RegExp;
  /** Files (relative to the case folder) the run may write; when it exits 0 or 1 they must exist. */
  readonly outputs?: readonly string[];
  /** Standard output may carry what it is asked to (kernel code, HTML, JSON): not checked for controls. */
  readonly rawStdout?: boolean;
  readonly check?: (r: Run, s: Sandbox) => void;
}

const secretPath = (s: Sandbox) => join(s.outer, "outside", "secret.md");

let oldInode = 0;
const OUTPUT_CASES: Case[] = [
  {
    name: "-o naming the input",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["emit", "a.tex", "--target", "c", "-o", "a.tex"],
    code: 2,
    error: /^refusing to write -o a\.tex: it is an input/,
  },
  {
    name: "--html naming the input",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["render", "a.tex", "--html", "a.tex"],
    code: 2,
    error: /^refusing to write --html a\.tex: it is an input/,
  },
  {
    name: "--latex naming the input by another spelling",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.mkdir("sub");
    },
    args: () => ["render", "a.tex", "--latex", "./sub/../a.tex"],
    code: 2,
    error: /^refusing to write --latex \.\/sub\/\.\.\/a\.tex: it is the same file as a\.tex, an input/,
  },
  {
    name: "--lamd naming the input, a lamd lecture",
    setup: (s) => s.file("l.md", lecture("")),
    args: () => ["render", "l.md", "--html", "r.html", "--lamd", "l.md"],
    code: 2,
    error: /^refusing to write --lamd l\.md: it is an input/,
  },
  {
    name: "-o naming a symbolic link to the input",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.symlink("link.h", "a.tex");
    },
    args: () => ["emit", "a.tex", "-o", "link.h"],
    code: 2,
    error: /^refusing to write -o link\.h: it is the same file as a\.tex, an input/,
  },
  {
    name: "--html naming a hard link to the input",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.hardlink("hard.html", "a.tex");
    },
    args: () => ["render", "a.tex", "--html", "hard.html"],
    code: 2,
    error: /^refusing to write --html hard\.html: it is the same file as a\.tex \(a hard link\), an input/,
  },
  {
    name: "-o naming the input through a symbolic link to its folder",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.symlink("here", ".");
    },
    args: () => ["emit", "a.tex", "-o", "here/a.tex"],
    code: 2,
    error: /^refusing to write -o here\/a\.tex: it is the same file as a\.tex, an input/,
  },
  {
    name: "-o naming an \\include'd file",
    setup: (s) => {
      s.file("main.md", lecture("\\include{part.md}"));
      s.file("part.md", "$$W \\in \\mathbb{R}^{n}$$\n");
    },
    args: () => ["emit", "main.md", "-o", "part.md"],
    code: 2,
    error: /^refusing to write -o part\.md: it is a file this run \\includes/,
  },
  {
    name: "--latex naming a --macros file",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.file("m.tex", "\\newcommand{\\Wm}{W}\n");
    },
    args: () => ["render", "a.tex", "--latex", "m.tex", "--macros", "m.tex"],
    code: 2,
    error: /^refusing to write --latex m\.tex: it is a --macros file/,
  },
  {
    name: "the same output named twice",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["render", "a.tex", "--html", "r.out", "--latex", "r.out"],
    code: 2,
    error: /^--html and --latex name the same file r\.out$/,
  },
  {
    name: "the same output twice, once through a symbolic link",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.file("r.html", "OLD");
      s.symlink("r.lamd", "r.html");
    },
    args: () => ["render", "a.tex", "--html", "r.html", "--lamd", "r.lamd"],
    code: 2,
    error: /^--html and --lamd name the same file r\.lamd$/,
  },
  // the snapshot shows out.html unchanged (same bytes, same mtime): refusal comes before any write
  {
    name: "a refused run leaves an existing output untouched",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.file("out.html", "OLD");
    },
    args: () => ["render", "a.tex", "--html", "out.html", "--latex", "a.tex"],
    code: 2,
    error: /^refusing to write --latex a\.tex: it is an input/,
  },
  {
    name: "an existing output is replaced atomically (a new file renamed into place, no temporary file left)",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.file("k.h", "OLD");
      oldInode = statSync(join(s.dir, "k.h")).ino;
    },
    args: () => ["emit", "a.tex", "--target", "c", "-o", "k.h"],
    code: 0,
    outputs: ["k.h"],
    check: (_r, s) => {
      expect(readFileSync(join(s.dir, "k.h"), "utf8")).toMatch(/^\/\*[\s\S]*\n#endif[^\n]*\n$/);
      // a new file (another inode) took the old one's name: the old bytes were never overwritten in place
      expect(statSync(join(s.dir, "k.h")).ino).not.toBe(oldInode);
      expect(readdirSync(s.dir).sort()).toEqual(["a.tex", "k.h"]);
    },
  },
  {
    // the rename replaces the link itself: the file it pointed to (outside the case folder) is untouched
    name: "an output named by a symbolic link to a file outside",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.symlink("k.h", "../outside/secret.tex");
    },
    args: () => ["emit", "a.tex", "--target", "c", "-o", "k.h"],
    code: 0,
    outputs: ["k.h"],
    check: (_r, s) => {
      expect(readFileSync(join(s.outer, "outside", "secret.tex"), "utf8")).toBe(`${SECRET}\n`);
      expect(readFileSync(join(s.dir, "k.h"), "utf8")).toContain("#endif");
    },
  },
  {
    name: "a missing output folder",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["emit", "a.tex", "-o", "nofolder/k.h"],
    code: 2,
    error: /^cannot write nofolder\/k\.h: the folder nofolder does not exist$/,
  },
  {
    name: "a missing output folder, two levels",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["render", "a.tex", "--html", "no/dir/r.html"],
    code: 2,
    error: /^cannot write no\/dir\/r\.html: the folder no\/dir does not exist$/,
  },
  {
    name: "an output path that is a folder",
    setup: (s) => {
      s.file("a.tex", BASE);
      s.mkdir("d");
    },
    args: () => ["emit", "a.tex", "-o", "d"],
    code: 2,
    error: /^cannot write -o d: it is a folder$/,
  },
  {
    name: "an output inside a path that is a file",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["render", "a.tex", "--latex", "a.tex/r.tex"],
    code: 2,
    error: /^cannot write a\.tex\/r\.tex: a\.tex is not a folder$/,
  },
  {
    name: "an empty output name",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["render", "a.tex", "--html", ""],
    code: 2,
    error: /^--html needs a file name$/,
  },
  // the argument parser read `""` as 0 and `007` as 7 (texgrad wrote files named 0 and 7): names are kept as typed
  {
    name: "an output name that looks like a number",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["emit", "a.tex", "-o", "007"],
    code: 0,
    outputs: ["007"],
    check: (_r, s) => expect(readdirSync(s.dir).sort()).toEqual(["007", "a.tex"]),
  },
  {
    name: "an input name that looks like a number",
    setup: (s) => s.file("1e3", BASE),
    args: () => ["render", "1e3", "--lamd", "0x10"],
    code: 0,
    outputs: ["0x10"],
    check: (_r, s) => expect(readdirSync(s.dir).sort()).toEqual(["0x10", "1e3"]),
  },
];

/** `\include` cases: the lecture `main.md` includes something at line 3, column 1. */
const inc = (what: string, says: RegExp): Located => ({ at: "main.md", line: 3, col: 1, says, under: what });
const INCLUDE_CASES: Case[] = [
  {
    name: "\\include of an absolute path",
    setup: (s) => s.file("main.md", lecture(`\\include{${secretPath(s)}}`)),
    args: () => ["parse", "main.md"],
    code: 2,
    error: inc("\\include{/", /absolute paths are not allowed/),
  },
  {
    name: "\\include with .. leaving the root",
    setup: (s) => s.file("main.md", lecture("\\include{../outside/secret.md}")),
    args: () => ["derive", "main.md"],
    code: 2,
    error: inc("\\include{../", /leaves the lecture root/),
  },
  {
    name: "\\include with .. inside a path that leaves the root",
    setup: (s) => {
      s.mkdir("sub");
      s.file("main.md", lecture("\\include{sub/../../outside/secret.md}"));
    },
    args: () => ["check", "main.md"],
    code: 2,
    error: inc("\\include{sub", /leaves the lecture root/),
  },
  {
    name: "\\include of a symbolic link pointing outside",
    setup: (s) => {
      s.symlink("sl.md", "../outside/secret.md");
      s.file("main.md", lecture("\\include{sl.md}"));
    },
    args: () => ["parse", "main.md"],
    code: 2,
    error: inc("\\include{sl.md}", /is a symbolic link to a file outside the lecture root/),
  },
  {
    name: "\\include through a symbolic link to a folder outside",
    setup: (s) => {
      s.symlink("out", "../outside");
      s.file("main.md", lecture("\\include{out/secret.md}"));
    },
    args: () => ["parse", "main.md"],
    code: 2,
    error: inc("\\include{out/", /outside the lecture root/),
  },
  {
    // render reports a document's located errors inside the report (exit 0): the refusal is there, the secret is not
    name: "render of a lecture whose \\include is refused: the report names the refusal, not the file's contents",
    setup: (s) => {
      s.symlink("out", "../outside");
      s.file("main.md", lecture("\\include{out/secret.md}"));
    },
    args: () => ["render", "main.md", "--html", "r.html", "--latex", "r.tex"],
    code: 2,
    outputs: ["r.html", "r.tex"],
    // render prints the located refusal and exits 2, and still writes the report of what could be read
    error: {
      at: "main.md",
      line: 3,
      col: 1,
      says: /is a symbolic link to a file outside the lecture root/,
      under: "\\include",
    },
    check: (_r, s) => {
      for (const o of ["r.html", "r.tex"]) {
        const text = readFileSync(join(s.dir, o), "utf8");
        expect(text).not.toContain(SECRET);
        expect(text).toMatch(/outside the lecture root/);
      }
    },
  },
  {
    name: "LaTeX \\input leaving the root",
    setup: (s) =>
      s.file(
        "doc.tex",
        "\\documentclass{article}\n\\begin{document}\n$X \\in \\mathbb{R}^{n}$\n\\input{../outside/secret}\n\\end{document}\n",
      ),
    args: () => ["parse", "doc.tex"],
    code: 2,
    error: {
      at: "doc.tex",
      line: 4,
      col: 1,
      says: /\\input\{\.\.\/outside\/secret\.tex\} leaves the lecture root/,
      under: "\\input",
    },
  },
  {
    name: "\\include of a folder",
    setup: (s) => {
      s.mkdir("sub");
      s.file("main.md", lecture("\\include{sub}"));
    },
    args: () => ["parse", "main.md"],
    code: 2,
    error: inc("\\include{sub}", /cannot read included file sub: it is a folder$/),
  },
  {
    name: "\\include of a missing file",
    setup: (s) => s.file("main.md", lecture("\\include{nothere.md}")),
    args: () => ["derive", "main.md"],
    code: 2,
    error: inc("\\include{nothere.md}", /cannot read included file nothere\.md: no such file$/),
  },
  {
    name: "\\include of a binary file",
    setup: (s) => {
      s.file("bin.md", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x1b, 0x5b, 0x32, 0x4a]));
      s.file("main.md", lecture("\\include{bin.md}"));
    },
    args: () => ["parse", "main.md"],
    code: 2,
    error: inc("\\include{bin.md}", /it is not a text file \(a NUL byte at line 1, column 8/),
  },
  {
    name: "an \\include cycle",
    setup: (s) => {
      s.file("main.md", lecture("\\include{b.md}"));
      s.file("b.md", "$$W \\in \\mathbb{R}^{n}$$\n\\include{main.md}\n");
    },
    args: () => ["parse", "main.md"],
    code: 2,
    error: { at: "b.md", line: 2, col: 1, says: /recursive \\include of main\.md$/, under: "\\include{main.md}" },
  },
  {
    name: "a file that includes itself",
    setup: (s) => s.file("main.md", lecture("\\include{main.md}")),
    args: () => ["derive", "main.md"],
    code: 2,
    error: inc("\\include{main.md}", /recursive \\include of main\.md$/),
  },
  {
    // 10⁶ includes if followed: the budget (2000 files) stops it with one located error
    name: "an include fan-out (7 files, each including the next 10 times)",
    setup: (s) => {
      for (let i = 1; i <= 7; i++)
        s.file(`f${i}.md`, `# f${i}\n$$x_${i} = 1$$\n${i < 7 ? `\\include{f${i + 1}.md}\n`.repeat(10) : ""}`);
    },
    args: () => ["parse", "f1.md"],
    code: 2,
    error: {
      at: "f6.md",
      line: "any",
      col: 1,
      says: /too many \\include: more than 2000 included files in one document/,
      under: "\\include{f7.md}",
    },
  },
  {
    name: "includes nested deeper than the limit",
    setup: (s) => {
      for (let i = 1; i <= 30; i++) s.file(`d${i}.md`, `# d${i}\n\\include{d${i + 1}.md}\n`);
      s.file("d31.md", "$$x = 1$$\n");
    },
    args: () => ["parse", "d1.md"],
    code: 2,
    error: {
      at: "d17.md",
      line: 2,
      col: 1,
      says: /\\include nested more than 16 deep: d18\.md$/,
      under: "\\include{d18.md}",
    },
  },
  {
    name: "--root pointing elsewhere: includes resolve there",
    setup: (s) => {
      s.file("lec/main.md", lecture("\\include{decl.md}"));
      s.file("other/decl.md", "$$W \\in \\mathbb{R}^{n}$$\n");
    },
    args: () => ["derive", "lec/main.md", "--root", "other"],
    code: 0,
    check: (r) => expect(r.out).toContain("\\frac{\\partial f}{\\partial X} = 2 X"),
  },
  {
    name: "--root pointing elsewhere: the lecture's own folder is not searched",
    setup: (s) => {
      s.file("lec/main.md", lecture("\\include{part.md}"));
      s.file("lec/part.md", "$$W \\in \\mathbb{R}^{n}$$\n");
      s.mkdir("other");
    },
    args: () => ["parse", "lec/main.md", "--root", "other"],
    code: 2,
    error: { at: "lec/main.md", line: 3, col: 1, says: /cannot read included file part\.md: no such file$/ },
  },
  {
    name: "--root that does not exist",
    setup: (s) => s.file("main.md", lecture("\\include{x.md}")),
    args: () => ["derive", "main.md", "--root", "nowhere"],
    code: 2,
    error: /^--root nowhere: no such folder$/,
  },
  {
    name: "--root that is a file",
    setup: (s) => s.file("main.md", lecture("")),
    args: () => ["check", "main.md", "--root", "main.md"],
    code: 2,
    error: /^--root main\.md: not a folder$/,
  },
];

const STDIN_CASES: Case[] = [
  {
    name: "stdin: parse -",
    args: () => ["parse", "-"],
    stdin: BASE,
    code: 0,
    check: (r) => expect(r.out).toContain("<stdin>:3:1: definition"),
  },
  {
    name: "stdin: derive -",
    args: () => ["derive", "-"],
    stdin: BASE,
    code: 0,
    check: (r) => expect(r.out).toContain("gradients of f"),
  },
  {
    name: "stdin: check - (an incorrect claim, exit 1)",
    args: () => ["check", "-"],
    stdin: BASE,
    code: 1,
    check: (r) => expect(r.out).toContain("<stdin>:5:1: incorrect"),
  },
  {
    name: "stdin: render -",
    args: () => ["render", "-", "--html", "r.html", "--latex", "r.tex", "--lamd", "r.lamd"],
    stdin: BASE,
    code: 0,
    outputs: ["r.html", "r.tex", "r.lamd"],
  },
  {
    name: "stdin: emit -",
    args: () => ["emit", "-", "--target", "numpy"],
    stdin: BASE,
    code: 0,
    rawStdout: true,
    check: (r) => expect(r.out).toContain("from <stdin>"),
  },
  {
    name: "stdin: verify -",
    args: () => ["verify", "-"],
    stdin: BASE,
    code: 0,
    check: (r) => expect(r.out).toMatch(/^<stdin>: f /),
  },
  {
    name: "stdin: jacobian -",
    args: () => ["jacobian", "-", "--of", "H", "--wrt", "W"],
    stdin: BASE,
    code: 0,
    check: (r) => expect(r.out).toContain("Jacobian of H with respect to W"),
  },
  {
    name: "stdin: hessian -",
    args: () => ["hessian", "-", "--of", "f", "--wrt", "W"],
    stdin: BASE,
    code: 0,
    check: (r) => expect(r.out).toContain("Hessian of f with respect to W"),
  },
  {
    name: "stdin: a parse error is located in <stdin>",
    args: () => ["derive", "-"],
    stdin: BAD,
    code: 2,
    error: { at: "<stdin>", line: 3, col: 14, says: /unexpected '\)'/, under: ")" },
  },
  {
    name: "stdin: check --json with a parse error exits 2 and lists it",
    args: () => ["check", "-", "--json"],
    stdin: BAD,
    code: 2,
    rawStdout: true,
    error: { at: "<stdin>", line: 3, col: 14, says: /unexpected/ },
    check: (r) =>
      expect(JSON.parse(r.out).errors).toEqual([{ file: "<stdin>", line: 3, col: 14, message: "unexpected ')'" }]),
  },
  {
    name: "stdin: \\include leaving the root (the working folder)",
    args: () => ["parse", "-"],
    stdin: lecture("\\include{../outside/secret.md}"),
    code: 2,
    error: { at: "<stdin>", line: 3, col: 1, says: /leaves the lecture root/ },
  },
];

/** Bytes of BASE in UTF-16 with a byte-order mark. */
const utf16 = (text: string, be: boolean) => {
  const le = Buffer.from(text, "utf16le");
  return Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), be ? Buffer.from(le).swap16() : le]);
};
const nest = (open: string, close: string, n: number) =>
  `X \\in \\mathbb{R}^{n}\nf = ${open.repeat(n)}X${close.repeat(n)}\n`;
const chain = (def: (name: string, body: string) => string) => {
  const names = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i));
  return (
    names
      .slice(0, 25)
      .map((c, i) => def(c, `\\${names[i + 1]}\\${names[i + 1]}`))
      .join("\n") + `\n${def("z", "x")}\nX \\in \\mathbb{R}^{n}\nf = \\a + X^\\top X\n`
  );
};
const derived = (r: Run) => expect(r.out).toContain("\\frac{\\partial f}{\\partial X}");

const INPUT_CASES: Case[] = [
  {
    name: "an empty file: parse",
    setup: (s) => s.file("e.tex", ""),
    args: () => ["parse", "e.tex"],
    code: 0,
    check: (r) => expect(r.out).toContain("0 math segments"),
  },
  {
    name: "an empty file: derive",
    setup: (s) => s.file("e.tex", ""),
    args: () => ["derive", "e.tex"],
    code: 2,
    error: /^e\.tex has no definition to differentiate$/,
  },
  {
    name: "a file that is a folder",
    setup: (s) => s.mkdir("d.tex"),
    args: () => ["check", "d.tex"],
    code: 2,
    error: /^cannot read d\.tex: it is a folder$/,
  },
  {
    name: "a nonexistent file",
    args: () => ["derive", "nothere.tex"],
    code: 2,
    error: /^cannot read nothere\.tex: no such file$/,
  },
  {
    name: "a binary file",
    setup: (s) =>
      s.file(
        "bin.tex",
        Buffer.from([
          0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0x1b, 0x5d, 0x30, 0x3b, 0x70, 0x77, 0x6e, 7, 0xff, 0xfe, 10, 0x24, 0x78,
          0x24,
        ]),
      ),
    args: () => ["parse", "bin.tex"],
    code: 2,
    error: /^cannot read bin\.tex: it is not a text file \(a NUL byte at line 1, column 8;/,
  },
  {
    name: "NUL bytes in a text file",
    setup: (s) => s.file("nul.tex", BASE.replace("H = ", "H\u0000 = ")),
    args: () => ["derive", "nul.tex"],
    code: 2,
    error: /^cannot read nul\.tex: it is not a text file \(a NUL byte at line 3, column 2;/,
  },
  {
    name: "invalid UTF-8 in a formula",
    setup: (s) =>
      s.file(
        "inv.tex",
        Buffer.concat([
          Buffer.from("X \\in \\mathbb{R}^{n}\nf = X^\\top "),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(" X\n"),
        ]),
      ),
    args: () => ["derive", "inv.tex"],
    code: 2,
    error: { at: "inv.tex", line: 2, col: 12, says: /unexpected/, under: "\ufffd" },
  },
  {
    name: "invalid UTF-8 in the prose of a lecture",
    setup: (s) =>
      s.file(
        "latin1.md",
        Buffer.concat([Buffer.from("# Le\xe7on\n", "latin1"), Buffer.from(lecture("Caf\xe9 au lait."), "latin1")]),
      ),
    args: () => ["derive", "latin1.md"],
    code: 0,
    check: derived,
  },
  {
    name: "UTF-16 (little-endian) with a byte-order mark",
    setup: (s) => s.file("u16.tex", utf16(BASE, false)),
    args: () => ["derive", "u16.tex"],
    code: 0,
    check: (r) => expect(r.out).toContain("\\frac{\\partial f}{\\partial W}"),
  },
  {
    name: "UTF-16 (big-endian) with a byte-order mark: an error is located",
    setup: (s) => s.file("u16be.tex", utf16(BAD, true)),
    args: () => ["derive", "u16be.tex"],
    code: 2,
    error: { at: "u16be.tex", line: 3, col: 14, says: /unexpected '\)'/, under: ")" },
  },
  {
    name: "a UTF-8 byte-order mark: columns on line 1 do not count it",
    setup: (s) => s.file("bom.tex", "\ufefff = X^\\top X )\n"),
    args: () => ["derive", "bom.tex"],
    code: 2,
    error: { at: "bom.tex", line: 1, col: 14, says: /unexpected '\)'/, under: ")" },
  },
  {
    name: "CRLF line endings: locations stay right",
    setup: (s) => s.file("crlf.tex", BAD.replace(/\n/g, "\r\n")),
    args: () => ["derive", "crlf.tex"],
    code: 2,
    error: { at: "crlf.tex", line: 3, col: 14, says: /unexpected '\)'/, under: ")" },
  },
  {
    name: "lone CR line endings: locations stay right",
    setup: (s) => s.file("cr.md", lecture("").replace("X^\\top X", "X^\\top X )").replace(/\n/g, "\r")),
    args: () => ["derive", "cr.md"],
    code: 2,
    error: { at: "cr.md", line: 4, col: 16, says: /unexpected '\)'/, under: ")" },
  },
  {
    name: "a 2 MB line: located, and the quoted line is cut to a window",
    setup: (s) => s.file("long.tex", `X \\in \\mathbb{R}^{n}\nf = ${"X^\\top X + ".repeat(200_000)}1\n`),
    args: () => ["derive", "long.tex"],
    code: 2,
    error: { at: "long.tex", line: 2, col: 1, says: /formula too long/, under: "f = " },
    check: (r) => expect(r.err.length).toBeLessThan(1000),
  },
  // bounded work (bench/statements.ts makes the same shapes at 100,000 statements for `npm run bench`)
  {
    name: "a 4 MB file of formulas: refused at once, located at the statement over the limit",
    setup: (s) => s.file("huge.tex", "y = W x + b\n".repeat(350_000)),
    args: () => ["check", "huge.tex"],
    code: 2,
    error: {
      at: "huge.tex",
      line: 150_001,
      col: 1,
      says: /too many statements: more than 150000 in one document \(none is read\)/,
      under: "y = W x",
    },
  },
  {
    name: "10,000 definitions with one right side (the fold was quadratic): checked",
    setup: (s) => s.file("same.tex", sameRightSides(10_000)),
    args: () => ["check", "same.tex"],
    code: 0,
    check: (r) => expect(r.out).toMatch(/same\.tex +1 +0 +0/),
  },
  {
    name: "a chain of 10,000 definitions: the claim is unverifiable with its reason",
    setup: (s) => s.file("chain.tex", definitionChain(10_000)),
    args: () => ["check", "chain.tex"],
    code: 0,
    check: (r) =>
      expect(r.out).toContain("L depends on 10001 definitions: one derivation follows at most 2000 (bounded work)"),
  },
  {
    name: "an expansion bomb with \\def (2²⁵ tokens)",
    setup: (s) =>
      s.file(
        "bomb.tex",
        chain((c, b) => `\\def\\${c}{${b}}`),
      ),
    args: () => ["derive", "bomb.tex"],
    code: 2,
    error: { at: "bomb.tex", line: 28, col: 5, says: /macro expansion exceeds 20000 tokens/, under: "\\a" },
  },
  {
    name: "an expansion bomb with \\newcommand",
    setup: (s) =>
      s.file(
        "bomb.tex",
        chain((c, b) => `\\newcommand{\\${c}}{${b}}`),
      ),
    args: () => ["check", "bomb.tex"],
    code: 2,
    error: { at: "bomb.tex", line: 28, col: 5, says: /macro expansion exceeds 20000 tokens/, under: "\\a" },
  },
  {
    name: "a recursive macro",
    setup: (s) => s.file("rec.tex", "\\def\\a{\\a x}\nX \\in \\mathbb{R}^{n}\nf = \\a + X^\\top X\n"),
    args: () => ["derive", "rec.tex"],
    code: 2,
    error: { at: "rec.tex", line: 3, col: 5, says: /macro expansion too deep: \\a/, under: "\\a" },
  },
  {
    name: "mutually recursive macros",
    setup: (s) =>
      s.file(
        "rec.md",
        "# r\n\\newcommand{\\a}{\\b}\n\\newcommand{\\b}{\\a}\n$$X \\in \\mathbb{R}^{n}$$\n$$f = \\a + X^\\top X$$\n",
      ),
    args: () => ["emit", "rec.md"],
    code: 2,
    error: { at: "rec.md", line: 5, col: 7, says: /macro expansion too deep/, under: "\\a" },
  },
  {
    name: "10⁵ nested braces",
    setup: (s) => s.file("br.tex", nest("{", "}", 100_000)),
    args: () => ["derive", "br.tex"],
    code: 2,
    error: { at: "br.tex", line: 2, col: 1, says: /formula too long/ },
  },
  {
    name: "10⁵ nested parentheses",
    setup: (s) => s.file("pa.tex", nest("(", ")", 100_000)),
    args: () => ["check", "pa.tex"],
    code: 2,
    error: { at: "pa.tex", line: 2, col: 1, says: /formula too long/ },
  },
  {
    name: "10⁵ nested \\left( \\right)",
    setup: (s) =>
      s.file("lr.md", `# d\n$$X \\in \\mathbb{R}^{n}$$\n$$${nest("\\left(", "\\right)", 100_000).split("\n")[1]}$$\n`),
    args: () => ["derive", "lr.md"],
    code: 2,
    error: { at: "lr.md", line: 3, col: 3, says: /formula too long/ },
  },
  {
    name: "3995 nested parentheses (under the length limit)",
    setup: (s) => s.file("p4k.tex", nest("(", ")", 3995)),
    args: () => ["derive", "p4k.tex"],
    code: 2,
    error: { at: "p4k.tex", line: 2, col: 1, says: /formula too long after macro expansion/ },
  },
  {
    name: "a macro body with 10⁵ nested braces",
    setup: (s) =>
      s.file(
        "mb.md",
        `# m\n\\newcommand{\\q}{${"{".repeat(100_000)}x${"}".repeat(100_000)}}\n$$X \\in \\mathbb{R}^{n}$$\n$$f = X^\\top X + \\q$$\n`,
      ),
    args: () => ["derive", "mb.md"],
    code: 2,
    error: { at: "mb.md", line: 4, col: 18, says: /macro expansion exceeds/, under: "\\q" },
  },
  {
    name: "10⁵ nested environments, conditionals and braces in a lecture's prose",
    setup: (s) =>
      s.file(
        "deep.md",
        `# d\n${"\\begin{itemize}\n".repeat(100_000)}${"\\ifndef{A}\n".repeat(100_000)}${"{".repeat(100_000)}\n$$X \\in \\mathbb{R}^{n}$$\n$$f = X^\\top X$$\n${"\\endif\n".repeat(100_000)}${"\\end{itemize}\n".repeat(100_000)}`,
      ),
    args: () => ["derive", "deep.md"],
    code: 0,
    check: derived,
  },
];

const OF = { derive: [], jacobian: ["--wrt", "W"], hessian: ["--wrt", "W"], emit: [] } as Record<string, string[]>;
const WRT = { derive: [], jacobian: ["--of", "H"], hessian: ["--of", "f"], emit: [] } as Record<string, string[]>;
const CLI_CASES: Case[] = [
  {
    name: "an unknown command: an error line before the help",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["frobnicate", "a.tex"],
    code: 2,
    error: /^unknown command "frobnicate" \(commands: parse, derive/,
    check: (r) => expect(r.out).toContain("Usage:"),
  },
  {
    name: "an unknown option",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["derive", "a.tex", "--frobnicate"],
    code: 2,
    error: /^unknown option --frobnicate \(see texgrad derive --help\)$/,
  },
  { name: "no input file", args: () => ["verify"], code: 2, error: /^no input file$/ },
  {
    name: "an unknown target",
    setup: (s) => s.file("a.tex", BASE),
    args: () => ["emit", "a.tex", "--target", "fortran"],
    code: 2,
    error: /^unknown target "fortran"/,
  },
  ...Object.entries(OF).map(
    ([cmd, rest]): Case => ({
      name: `--of naming no definition: ${cmd}`,
      setup: (s) => s.file("a.tex", BASE),
      args: () => [cmd, "a.tex", "--of", "Nope", ...rest],
      code: 2,
      error: /^--of Nope: a\.tex has no definition of Nope \(definitions: H, f\)$/,
    }),
  ),
  ...Object.entries(WRT).map(
    ([cmd, rest]): Case => ({
      name: `--wrt naming no symbol: ${cmd}`,
      setup: (s) => s.file("a.tex", BASE),
      args: () => [cmd, "a.tex", "--wrt", "Nope", ...rest],
      code: 2,
      error: /^--wrt Nope: a\.tex has no symbol Nope$/,
    }),
  ),
  {
    name: "a verify evaluation error (NaN on every draw)",
    setup: (s) => s.file("ev.tex", "a \\in \\mathbb{R}\nL = \\log(a - a - 1)\n"),
    args: () => ["verify", "ev.tex"],
    code: 2,
    error: { at: "ev.tex", line: 2, col: 1, says: /could not evaluate at these draws/, under: "L = " },
  },
];

/** Shell-ish and invisible characters in file names: the C kernel's comments stay clean and it compiles. */
const NAMES: [string, string][] = [
  ["spaces", "my lecture notes.tex"],
  ["unicode", "Übung ∂f∕∂W — 第1講.tex"],
  ["bidi characters", "lec\u202eture\u2066x\u2069\u200b.tex"],
  ["quotes", 'it\'s "quoted".tex'],
  ["$ and backticks", "$(touch pwned)`touch pwned2`$HOME.tex"],
  ["control characters", "esc\u001b[31mred\u0007bell.tex"],
];
/** What no generated code comment, HTML or LaTeX may carry (tab and newline are fine in code). */
const CONTROLS =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/;
/** A symbol whose \\text holds a terminal escape (clear screen) and a right-to-left override; an incorrect claim. */
const CTL_W = "W_{\\text{a\u001b[2Jb\u202e}}";
const CTL = `X \\in \\mathbb{R}^{n}\n${CTL_W} \\in \\mathbb{R}^{n}\nf = (X^\\top ${CTL_W})^2\n\\frac{\\partial f}{\\partial X} = ${CTL_W}\n`;
const NAME_CASES: Case[] = [
  ...NAMES.map(
    ([what, name]): Case => ({
      name: `a file name with ${what}: emit --target c`,
      setup: (s) => s.file(name, BASE),
      args: () => ["emit", name, "--target", "c", "-o", `k ${name}.h`],
      code: 0,
      outputs: [`k ${name}.h`],
      check: (_r, s) => {
        const out = join(s.dir, `k ${name}.h`),
          text = readFileSync(out, "utf8");
        expect(CONTROLS.exec(text)?.[0], "no control or bidi character in the kernel").toBeUndefined();
        if (!haveGcc()) {
          console.warn("gcc not found: C compile check skipped");
          return;
        }
        // -fsyntax-only writes nothing; -Wall -Werror rejects bidi characters and unterminated comments
        const cc = spawnSync(GCC, [...C_FLAGS.filter((f) => f !== "-O2"), "-fsyntax-only", "-x", "c", out], {
          encoding: "utf8",
        });
        expect(cc.stderr).toBe("");
        expect(cc.status).toBe(0);
      },
    }),
  ),
  {
    name: "a file name with bidi and control characters: render",
    setup: (s) => s.file(NAMES[2][1], BASE),
    args: () => ["render", NAMES[2][1], "--html", "r.html", "--latex", "r.tex", "--lamd", "r.lamd"],
    code: 0,
    outputs: ["r.html", "r.tex", "r.lamd"],
    check: (_r, s) => {
      for (const o of ["r.tex", "r.lamd"])
        expect(CONTROLS.exec(readFileSync(join(s.dir, o), "utf8"))?.[0], o).toBeUndefined();
      // KaTeX's own markup has one zero-width space per vertical list (a Safari workaround), not from the source
      expect(
        CONTROLS.exec(
          readFileSync(join(s.dir, "r.html"), "utf8").replaceAll(`<span class="vlist-s">\u200b</span>`, ""),
        )?.[0],
      ).toBeUndefined();
    },
  },
  // the generic check on stdout: derive and jacobian printed the escape sequence (clear screen) and the override raw
  ...(
    [
      [0, "derive"],
      [0, "jacobian", "--of", "f", "--wrt", "X"],
      [0, "hessian", "--of", "f", "--wrt", "X"],
      [1, "check"],
    ] as const
  ).map(
    ([code, ...cmd]): Case => ({
      name: `control and bidi characters in a symbol's \\text: ${cmd[0]} prints them written out`,
      setup: (s) => s.file("ctl.tex", CTL),
      args: () => [...cmd.slice(0, 1), "ctl.tex", ...cmd.slice(1)],
      code,
      check: (r) => expect(r.out).toContain("\\text{a<U+001B>[2Jb<U+202E>}"),
    }),
  ),
  {
    name: "a file name with control characters in a located error",
    setup: (s) => s.file(NAMES[5][1], BAD),
    args: () => ["derive", NAMES[5][1]],
    code: 2,
    error: { at: "esc<U+001B>[31mred<U+0007>bell.tex", line: 3, col: 14, says: /unexpected/, under: ")" },
  },
  {
    name: "a file name with bidi characters in a one-line error",
    args: () => ["parse", NAMES[2][1]],
    code: 2,
    error: /^cannot read lec<U\+202E>ture<U\+2066>x<U\+2069><U\+200B>\.tex: no such file$/,
  },
];

export const CASES: readonly Case[] = [
  ...OUTPUT_CASES,
  ...INCLUDE_CASES,
  ...STDIN_CASES,
  ...INPUT_CASES,
  ...CLI_CASES,
  ...NAME_CASES,
];

function expectError(r: Run, e: Located | RegExp): void {
  const lines = r.err.split("\n");
  if (e instanceof RegExp) {
    const errs = lines.filter((l) => l.startsWith("texgrad: error: "));
    expect(errs.length, `one error line in:\n${r.err}`).toBe(1);
    expect(errs[0].slice("texgrad: error: ".length)).toMatch(e);
    expect(r.err, "no located error").not.toMatch(/:\d+:\d+: error: /);
    return;
  }
  const head = new RegExp(`^${escapeRe(e.at)}:${e.line === "any" ? "\\d+" : e.line}:${e.col}: error: `);
  const i = lines.findIndex((l) => head.test(l));
  expect(i, `a located error ${e.at}:${e.line}:${e.col} in:\n${r.err.slice(0, 2000)}`).toBeGreaterThanOrEqual(0);
  expect(lines[i]).toMatch(e.says);
  // the source line, then a caret under the column
  const caret = lines[i + 2] ?? "";
  expect(caret).toMatch(/^ *\^$/);
  if (e.under !== undefined)
    expect(
      Array.from(lines[i + 1])
        .slice(caret.length - 1)
        .join("")
        .startsWith(e.under),
      `caret under ${e.under}: ${lines[i + 1].slice(0, 120)}`,
    ).toBe(true);
}

function expectSane(r: Run, c: Case): void {
  expect(r.signal, "not killed (timeout or crash)").toBeNull();
  expect(r.ms, "ends within 10 s").toBeLessThan(10_000);
  expect(r.code, `exit code; stderr:\n${r.err.slice(0, 2000)}`).toBe(c.code);
  expect(`${r.out}\n${r.err}`, "no stack trace").not.toMatch(CRASH);
  expect(UNPRINTABLE.exec(r.err)?.[0].codePointAt(0), "no raw control or bidi character on stderr").toBeUndefined();
  if (!c.rawStdout)
    expect(
      UNPRINTABLE.exec(r.out.replace(/\t/g, " "))?.[0].codePointAt(0),
      "no raw control or bidi character on stdout",
    ).toBeUndefined();
  expect(r.out + r.err, "the file outside the lecture is never printed").not.toContain(SECRET);
}

/** Outputs and their folders may change; nothing else in the temporary tree. */
function allowed(c: Case): Set<string> {
  const outs = (c.outputs ?? []).map((o) => join("case", o));
  return new Set([...outs, ...outs.map((o) => o.split("/").slice(0, -1).join("/") || ".")]);
}

beforeAll(() => ensureBuilt(), 300_000);

describe.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  test("exit code, message, nothing but the named outputs written, same bytes on a second run", () => {
    const s = sandbox();
    c.setup?.(s);
    const before = snapshot(s.outer);
    const r = run(s.dir, c.args(s), c.stdin);
    expectSane(r, c);
    if (c.error !== undefined) expectError(r, c.error);
    else expect(r.err).not.toMatch(/error:/);
    const after = snapshot(s.outer);
    const ok = allowed(c);
    expect(
      changed(before, after).filter((p) => !ok.has(p)),
      "nothing written but the named outputs",
    ).toEqual([]);
    if (c.code === 0 || c.code === 1)
      for (const o of c.outputs ?? []) expect(existsSync(join(s.dir, o)), `${o} written`).toBe(true);
    c.check?.(r, s);
    if (c.code === 2) return;
    // output produced: a second run prints and writes the same bytes
    const bytes = () => (c.outputs ?? []).map((o) => readFileSync(join(s.dir, o)).toString("base64"));
    const first = bytes();
    const again = run(s.dir, c.args(s), c.stdin);
    expectSane(again, c);
    expect(again.out).toBe(r.out);
    expect(again.err).toBe(r.err);
    expect(bytes()).toEqual(first);
    expect(changed(after, snapshot(s.outer)).filter((p) => !ok.has(p))).toEqual([]);
  }, 120_000);
});

describe("the fan-out bomb is cut short by the include budget", () => {
  test("reading the sources ends within a second (fastest of three reads)", () => {
    const s = sandbox();
    for (let i = 1; i <= 7; i++)
      s.file(`f${i}.md`, `# f${i}\n$$x_${i} = 1$$\n${i < 7 ? `\\include{f${i + 1}.md}\n`.repeat(10) : ""}`);
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const f = readSource(join(s.dir, "f1.md"));
      times.push(performance.now() - t0);
      expect(f.errors.map((e) => e.message)).toEqual([
        "too many \\include: more than 2000 included files in one document (an include fan-out?); stopped at f7.md",
      ]);
    }
    // 10⁶ includes if followed; the budget stops at 2000 files: well under a second even on a loaded machine
    expect(Math.min(...times)).toBeLessThan(1000);
  });
});

describe("an interrupted run never leaves a half-written output", () => {
  // SIGKILL at spread-out moments of a render run over existing outputs: each output is then either the old file
  // or the complete new one (what an uninterrupted run writes), never a prefix; a temporary file can remain only
  // if the kill lands between its creation and its rename (it is hidden, named after the output, and never the
  // output itself).
  test("killed at 8 moments: every output is the old file or the complete new one", async () => {
    const s = sandbox();
    s.file("a.tex", BASE);
    const args = ["render", "a.tex", "--html", "r.html", "--latex", "r.tex", "--lamd", "r.lamd"];
    const full = run(s.dir, args);
    expect(full.code).toBe(0);
    const complete = Object.fromEntries(
      ["r.html", "r.tex", "r.lamd"].map((o) => [o, readFileSync(join(s.dir, o), "utf8")]),
    );
    for (let k = 0; k < 8; k++) {
      for (const o of Object.keys(complete)) writeFileSync(join(s.dir, o), "OLD");
      await killedAfter(s.dir, args, Math.round(((k + 1) / 9) * full.ms * 1.2));
      for (const [o, text] of Object.entries(complete)) {
        const now = readFileSync(join(s.dir, o), "utf8");
        expect(now === "OLD" || now === text, `${o} after a kill at moment ${k}: old or complete`).toBe(true);
      }
      const extra = readdirSync(s.dir).filter((f) => !["a.tex", ...Object.keys(complete)].includes(f));
      expect(
        extra.filter((f) => !/^\.r\.(html|tex|lamd)\.\d+\.[0-9a-z]+\.tmp$/.test(f)),
        "no stray file",
      ).toEqual([]);
    }
    expect(statSync(join(s.dir, "a.tex")).size).toBe(Buffer.byteLength(BASE));
  }, 180_000);
});
