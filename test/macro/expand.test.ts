import { describe, expect, it } from "vitest";
import { expand, MacroTable, scanDefinitions } from "../../src/macro/index.js";
import { lexMath } from "../../src/macro/lexer.js";
import { expandText, lexAt, squash, tableOf } from "./helpers.js";

const notation = tableOf(String.raw`
\newcommand{\inputMatrix}{\mathbf{X}}
\newcommand{\queryWeightMatrix}{\mathbf{W}_q}
\newcommand{\queryMatrix}{\mathbf{Q}}
\newcommand{\dataScalar}{y}
\newcommand{\dataVector}{\mathbf{ \dataScalar}}
\newcommand{\cdataVector}{\hat{\dataVector}}
\newcommand{\diff}[2]{\frac{\text{d}#1}{\text{d}#2}}
\newcommand{\pdiff}{\diff}
\newcommand{\tk}[1]{}
\newcommand{\twice}[1]{#1#1}`);

describe("expand", () => {
  it("expands nested macros and leaves undefined control sequences alone", () => {
    expect(expandText(String.raw`\queryMatrix = \inputMatrix \queryWeightMatrix`, notation)).toBe(
      String.raw`\mathbf{Q}=\mathbf{X}\mathbf{W}_q`,
    );
    expect(expandText(String.raw`\cdataVector + \keyMatrix`, notation)).toBe(String.raw`\hat{\mathbf{y}}+\keyMatrix`);
    expect(expandText(String.raw`\text{\dataScalar}`, notation)).toBe(String.raw`\text{y}`);
  });

  it("takes TeX arguments: single tokens, groups with braces stripped, spaces skipped", () => {
    expect(expandText(String.raw`\diff{E}{\mathbf{w}}`, notation)).toBe(
      String.raw`\frac{\text{d}E}{\text{d}\mathbf{w}}`,
    );
    expect(expandText(String.raw`\diff E w`, notation)).toBe(String.raw`\frac{\text{d}E}{\text{d}w}`);
    expect(expandText(String.raw`\diff  {a{b}c} \dataVector`, notation)).toBe(
      String.raw`\frac{\text{d}a{b}c}{\text{d}\mathbf{y}}`,
    );
    expect(expandText(String.raw`\diff xyz`, notation)).toBe(String.raw`\frac{\text{d}x}{\text{d}y}z`);
    expect(expandText(String.raw`\tk{gone}x`, notation)).toBe("x");
    expect(expandText(String.raw`\twice{\dataScalar}`, notation)).toBe("yy");
  });

  it("lets a macro's expansion take arguments that follow the invocation (TeX rescanning)", () => {
    expect(expandText(String.raw`\pdiff{L}{\inputMatrix}`, notation)).toBe(
      String.raw`\frac{\text{d}L}{\text{d}\mathbf{X}}`,
    );
  });

  it("gives expanded tokens the invocation's loc and the outermost invocation id", () => {
    const src = "a + \\cdataVector\n  \\diff{E}{x} b";
    const input = lexAt(src, "lec.md");
    const r = expand(input, notation);
    expect(r.errors).toEqual([]);
    const a = r.tokens[0];
    expect(a).toEqual(input[0]);
    expect(a.from).toBeUndefined();
    const hat = r.tokens.filter((t) => t.value === "\\hat" || t.value === "y" || t.value === "\\mathbf");
    expect(hat.map((t) => t.loc)).toEqual(Array(3).fill({ file: "lec.md", line: 1, col: 5 }));
    expect(new Set(hat.map((t) => t.offset))).toEqual(new Set([4]));
    const id1 = hat[0].from!;
    expect(hat.every((t) => t.from === id1)).toBe(true);
    expect(r.invocations.get(id1)).toEqual({
      name: "cdataVector",
      nparams: 0,
      count: r.tokens.filter((t) => t.from === id1).length,
    });
    expect(r.invocations.get(id1)!.count).toBe(8); // \hat { \mathbf { <space> y } }
    const frac = r.tokens.find((t) => t.value === "\\frac")!;
    expect(frac.loc).toEqual({ file: "lec.md", line: 2, col: 3 });
    const id2 = frac.from!;
    expect(id2).not.toBe(id1);
    expect(r.invocations.get(id2)!.name).toBe("diff");
    // argument tokens keep their own position but belong to the invocation
    const e = r.tokens.find((t) => t.value === "E")!;
    expect(e.loc).toEqual({ file: "lec.md", line: 2, col: 9 });
    expect(e.from).toBe(id2);
    const b = r.tokens[r.tokens.length - 1];
    expect(b.value).toBe("b");
    expect(b.from).toBeUndefined();
    expect(r.invocations.size).toBe(2);
    for (const [id, inv] of r.invocations) expect(r.tokens.filter((t) => t.from === id)).toHaveLength(inv.count);
  });

  it("nested invocations inside arguments belong to the outermost invocation", () => {
    const r = expand(lexAt(String.raw`\diff{\inputMatrix}{\queryMatrix}`), notation);
    expect(r.invocations.size).toBe(1);
    const [[id, inv]] = [...r.invocations];
    expect(inv.name).toBe("diff");
    expect(r.tokens.every((t) => t.from === id)).toBe(true);
    expect(inv.count).toBe(r.tokens.length);
    // \inputMatrix came from the argument: its expansion is located at the argument
    const bf = r.tokens.filter((t) => t.value === "\\mathbf");
    expect(bf.map((t) => t.loc!.col)).toEqual([7, 21]);
  });

  it("a whole expansion that is one symbol can be recognised", () => {
    const r = expand(lexAt(String.raw`\queryMatrix = \inputMatrix`), notation);
    const q = r.tokens.filter((t) => t.from !== undefined && t.from === r.tokens[0].from);
    expect(squash(q)).toBe(String.raw`\mathbf{Q}`);
    expect(r.invocations.get(r.tokens[0].from!)).toEqual({ name: "queryMatrix", nparams: 0, count: 4 });
  });

  it("uses optional arguments and defaults", () => {
    const t = tableOf(String.raw`\newcommand{\E}[2][p]{\mathbb{E}_{#1}[#2]}`);
    expect(expandText(String.raw`\E{x}`, t)).toBe(String.raw`\mathbb{E}_{p}[x]`);
    expect(expandText(String.raw`\E[q(z)]{x}`, t)).toBe(String.raw`\mathbb{E}_{q(z)}[x]`);
    const r = expand(lexAt(String.raw`\E[q`), t);
    expect(r.errors.map((e) => e.message)).toEqual([String.raw`unterminated [ in argument of \E`]);
  });

  it("expands \\define macros with named parameters", () => {
    const t = new MacroTable();
    scanDefinitions(String.raw`\define{\pair{first}{second}}{(\first, \second)}`, "m.gpp", t);
    expect(expandText(String.raw`\pair{a}{\text{b}}`, t)).toBe(String.raw`(a,\text{b})`);
  });

  it("passes whitespace and comments through", () => {
    const r = expand(lexMath("x % note\n y"), notation);
    expect(r.tokens.map((t) => t.type)).toEqual(["letter", "ws", "comment", "ws", "letter"]);
  });
});

describe("expand: errors", () => {
  it("a missing argument at the end leaves the macro unexpanded with a located error", () => {
    const input = lexAt("x = \\diff{E}", "f.tex");
    const r = expand(input, notation);
    expect(r.errors).toEqual([{ loc: { file: "f.tex", line: 1, col: 5 }, message: "missing argument for \\diff" }]);
    expect(r.tokens).toEqual(input);
    expect(r.invocations.size).toBe(0);
  });

  it("leaves the whole invocation as written when a nested macro misses an argument", () => {
    const r = expand(lexAt(String.raw`\pdiff{\inputMatrix}`), notation);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe("missing argument for \\diff");
    expect(r.errors[0].loc.col).toBe(1);
    expect(squash(r.tokens)).toBe(String.raw`\pdiff{\inputMatrix}`);
    expect(r.tokens[0].from).toBeUndefined();
  });

  it("a group closing before the argument is a missing argument", () => {
    const r = expand(lexAt(String.raw`{\tk} y`), notation);
    expect(r.errors.map((e) => e.message)).toEqual(["missing argument for \\tk"]);
    expect(squash(r.tokens)).toBe(String.raw`{\tk}y`);
  });

  it("an unterminated group argument is an error", () => {
    const r = expand(lexAt(String.raw`\tk{a`), notation);
    expect(r.errors.map((e) => e.message)).toEqual(["missing argument for \\tk"]);
    expect(squash(r.tokens)).toBe(String.raw`\tk{a`);
  });

  it("tokens without a loc still give located errors", () => {
    const r = expand(lexMath("ab\\tk"), notation);
    expect(r.errors[0].loc).toEqual({ file: "<input>", line: 1, col: 3 });
  });
});

describe("expand: bounds", () => {
  // "returns promptly": under 100 ms of this process's CPU time (wall time is only bounded loosely, since
  // other test files and other jobs share the machine)
  const timed = <T>(f: () => T): T => {
    const wall = performance.now(),
      cpu = process.cpuUsage();
    const r = f();
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
    expect(performance.now() - wall).toBeLessThan(1000);
    return r;
  };

  it("stops a directly recursive macro with one error", () => {
    const t = tableOf(String.raw`\newcommand{\a}{\a}`);
    const r = timed(() => expand(lexAt("x + \\a", "r.tex"), t));
    expect(r.errors).toEqual([{ loc: { file: "r.tex", line: 1, col: 5 }, message: "macro expansion too deep: \\a" }]);
    expect(squash(r.tokens)).toBe("x+\\a");
  });

  it("stops a branching recursive macro with one error", () => {
    const t = tableOf(String.raw`\def\b{\b\b}`);
    const r = timed(() => expand(lexAt("\\b"), t));
    expect(r.errors.map((e) => e.message)).toEqual(["macro expansion too deep: \\b"]);
  });

  it("stops recursion through arguments", () => {
    const t = tableOf(String.raw`\def\g#1{#1{#1}} \def\e#1{\e{#1#1}}`);
    const r = timed(() => expand(lexAt("\\g\\g + \\e{x}"), t));
    expect(r.errors.map((e) => [e.loc.col, e.message])).toEqual([
      [1, "macro expansion too deep: \\g"],
      [8, "macro expansion exceeds 20000 tokens"],
    ]); // \e doubles its argument
    expect(squash(r.tokens)).toBe("\\g\\g+\\e{x}");
  });

  it("names the recursive macro and locates the outermost invocation", () => {
    const t = tableOf(String.raw`\newcommand{\a}{\a} \newcommand{\outer}[1]{#1 + \a}`);
    const r = timed(() => expand(lexAt("y = \\outer{z}"), t));
    expect(r.errors).toEqual([{ loc: { file: "doc.tex", line: 1, col: 5 }, message: "macro expansion too deep: \\a" }]);
    expect(squash(r.tokens)).toBe("y=\\outer{z}");
  });

  it("stops an exploding macro at maxTokens", () => {
    const levels = ["x", ...Array.from({ length: 8 }, (_, i) => `\\m${"abcdefgh"[i]}`)];
    const defs = levels
      .slice(1)
      .map((m, i) => `\\def${m}{${levels[i].repeat(10)}}`)
      .join("\n");
    const t = tableOf(defs);
    const r = timed(() => expand(lexAt("\\mh = \\mh"), t));
    expect(r.errors.map((e) => [e.loc.col, e.message])).toEqual([
      [1, "macro expansion exceeds 20000 tokens"],
      [7, "macro expansion exceeds 20000 tokens"],
    ]);
    expect(squash(r.tokens)).toBe("\\mh=\\mh");
    const small = expand(lexAt("\\mc"), t, { maxTokens: 50 });
    expect(small.errors.map((e) => e.message)).toEqual(["macro expansion exceeds 50 tokens"]);
    expect(squash(expand(lexAt("\\mb"), t).tokens)).toBe("x".repeat(100));
  });

  it("stops a wide tree of empty expansions", () => {
    const names = Array.from(
      { length: 30 },
      (_, i) => `\\w${String.fromCharCode(97 + (i % 26)).repeat(1 + Math.floor(i / 26))}`,
    );
    const defs = names.map((m, i) => `\\def${m}{${i === 0 ? "" : names[i - 1].repeat(4)}}`).join("\n");
    const t = tableOf(defs);
    const r = timed(() => expand(lexAt(names[names.length - 1]), t));
    expect(r.errors.map((e) => e.message)).toEqual(["macro expansion exceeds 20000 tokens"]);
  });

  it("respects maxDepth", () => {
    const t = tableOf(String.raw`\def\a{\b} \def\b{\c} \def\c{z}`);
    expect(expand(lexAt("\\a"), t, { maxDepth: 3 }).errors).toEqual([]);
    expect(expand(lexAt("\\a"), t, { maxDepth: 2 }).errors.map((e) => e.message)).toEqual([
      "macro expansion too deep: \\c",
    ]);
  });

  it("keeps expanding the rest after a failed invocation", () => {
    const t = tableOf(String.raw`\newcommand{\a}{\a} \newcommand{\x}{\mathbf{X}}`);
    const r = timed(() => expand(lexAt("\\a \\x \\a \\x"), t));
    expect(r.errors.map((e) => e.loc.col)).toEqual([1, 7]);
    expect(squash(r.tokens)).toBe("\\a\\mathbf{X}\\a\\mathbf{X}");
    expect(r.invocations.size).toBe(2);
  });
});
