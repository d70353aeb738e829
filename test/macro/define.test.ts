import { describe, expect, it } from "vitest";
import { MacroTable, scanDefinitions } from "../../src/macro/index.js";
import { untokenize } from "../../src/macro/lexer.js";
import { expandText, tableOf } from "./helpers.js";

const bodyOf = (t: MacroTable, name: string): string => untokenize(t.get(name)!.body);

describe("scanDefinitions: definition forms", () => {
  it("reads \\newcommand with braces, without braces, starred, with spaces and comments", () => {
    const t = tableOf(String.raw`
      \newcommand{\inputMatrix}{\mathbf{X}}
      \newcommand\weights{\mathbf{W}}
      \newcommand*{\bias}{\mathbf{b}} % a comment \newcommand{\ignored}{x}
      \newcommand {\diff} [2] {\frac{\text{d}#1}{\text{d}#2}}
      \newcommand{\R}{\mathbb{R}% comment inside the body
      }`);
    expect(t.names()).toEqual(["inputMatrix", "weights", "bias", "diff", "R"]);
    expect(t.size).toBe(5);
    expect(bodyOf(t, "inputMatrix")).toBe("\\mathbf{X}");
    expect(t.get("diff")!.nparams).toBe(2);
    expect(bodyOf(t, "R").trim()).toBe("\\mathbb{R}");
    expect(t.get("ignored")).toBeUndefined();
  });

  it("records where a definition is", () => {
    const t = new MacroTable();
    scanDefinitions("x\n  \\newcommand{\\a}{b}", "notation.tex", t);
    expect(t.get("a")!.loc).toEqual({ file: "notation.tex", line: 2, col: 3 });
    scanDefinitions("\\def\\c{d}", "lecture.md", t, { file: "lecture.md", line: 10, col: 5 });
    expect(t.get("c")!.loc).toEqual({ file: "lecture.md", line: 10, col: 5 });
  });

  it("reads an optional first argument with its default", () => {
    const t = tableOf(String.raw`\newcommand{\norm}[2][2]{\left\| #2 \right\|_{#1}}`);
    const m = t.get("norm")!;
    expect(m.nparams).toBe(2);
    expect(untokenize(m.optDefault!)).toBe("2");
    expect(expandText(String.raw`\norm{x}`, t)).toBe(String.raw`\left\|x\right\|_{2}`);
    expect(expandText(String.raw`\norm[F]{X}`, t)).toBe(String.raw`\left\|X\right\|_{F}`);
    expect(expandText(String.raw`\norm [{[a]}] X`, t)).toBe(String.raw`\left\|X\right\|_{[a]}`);
  });

  it("reads \\def with and without parameters", () => {
    const t = tableOf(String.raw`\def\eye{\mathbf{I}} \def\pair#1#2{(#1, #2)} \gdef\g{g}`);
    expect(t.get("eye")!.nparams).toBe(0);
    expect(t.get("pair")!.nparams).toBe(2);
    expect(expandText(String.raw`\pair{\eye}y`, t)).toBe(String.raw`(\mathbf{I},y)`);
    expect(t.has("g")).toBe(true);
  });

  it("\\renewcommand overrides, \\providecommand does not", () => {
    const t = tableOf(String.raw`
      \newcommand{\x}{a}
      \renewcommand{\x}{b}
      \providecommand{\x}{c}
      \providecommand{\y}{d}
      \renewcommand{\vec}[1]{\mathbf{#1}}`);
    expect(bodyOf(t, "x")).toBe("b");
    expect(bodyOf(t, "y")).toBe("d");
    expect(expandText(String.raw`\vec{v}`, t)).toBe(String.raw`\mathbf{v}`);
  });

  it("\\newcommand of a name already in the same table is an error and keeps the first", () => {
    const t = new MacroTable();
    const errors = scanDefinitions("\\newcommand{\\x}{a}\n\\newcommand{\\x}{b}\n\\newcommand{\\x}{a}", "f.tex", t);
    expect(errors).toHaveLength(1);
    expect(errors[0].loc).toEqual({ file: "f.tex", line: 2, col: 1 });
    expect(errors[0].message).toMatch(/\\x is already defined \(f\.tex:1:1\)/);
    expect(bodyOf(t, "x")).toBe("a");
  });

  it("\\DeclareMathOperator becomes \\operatorname", () => {
    const t = tableOf(String.raw`\DeclareMathOperator{\softmax}{softmax} \DeclareMathOperator*{\argmax}{arg\,max}`);
    expect(bodyOf(t, "softmax")).toBe("\\operatorname{softmax}");
    expect(bodyOf(t, "argmax")).toBe("\\operatorname{arg\\,max}");
    expect(t.get("softmax")!.body.every((tok) => tok.loc !== undefined)).toBe(true);
  });

  it("reads lamd/gpp \\define with named parameters, without parameters, and ignores flags", () => {
    const t = tableOf(String.raw`\ifndef{talkMacros}
\define{talkMacros}
\define{\slides{text}}{\text}
\define{\concat{argone}{argtwo}}{\argone\argtwo}
\define{\editme}{}
\define{width}{60%}
\define{\hash}{#1}
\endif`);
    expect(t.names()).toEqual(["slides", "concat", "editme", "width", "hash"]);
    expect(t.get("talkMacros")).toBeUndefined();
    expect(t.get("concat")!.namedParams).toEqual(["argone", "argtwo"]);
    expect(bodyOf(t, "width")).toBe("60%");
    expect(expandText(String.raw`\concat{A}{\slides{B}}`, t)).toBe("AB");
    expect(expandText(String.raw`\width`, t)).toBe("60%");
    expect(expandText(String.raw`\hash`, t)).toBe("#1"); // `#` is not special in gpp bodies
  });

  it("reads gpp identifiers with digits and _, and unnamed parameters", () => {
    const t = tableOf(
      String.raw`\define{\cols{one}{width1}{}}{[\one|\width1|\width]} \define{\includemp4{id}}{\id} \define{x_2}{y}`,
    );
    expect(t.get("cols")!.namedParams).toEqual(["one", "width1", ""]);
    expect(t.get("includemp4")!.nparams).toBe(1);
    expect(t.has("x_2")).toBe(true);
    expect(expandText(String.raw`\cols{a}{b}{c}`, t)).toBe(String.raw`[a|b|\width]`);
  });

  it("keeps \\define bodies with % and skips definitions nested in a body", () => {
    const t = new MacroTable();
    const errors = scanDefinitions(
      String.raw`\define{\circle{width}}{\define{urlCount}{0} w=\width%}
\newcommand{\after}{z}`,
      "m.gpp",
      t,
    );
    expect(errors).toEqual([]);
    expect(t.names()).toEqual(["circle", "after"]);
    expect(bodyOf(t, "circle")).toContain("w=\\width%");
  });

  it("a document table falls back to its parent and may shadow it", () => {
    const file = tableOf(String.raw`\newcommand{\inputMatrix}{\mathbf{X}} \newcommand{\y}{\mathbf{y}}`);
    const doc = tableOf(String.raw`\newcommand{\y}{\mathbf{t}}`, file);
    expect(doc.size).toBe(1);
    expect(doc.names()).toEqual(["y"]);
    expect(doc.get("inputMatrix")!.name).toBe("inputMatrix");
    expect(doc.get("\\inputMatrix")).toBe(file.get("inputMatrix"));
    expect(expandText(String.raw`\inputMatrix\y`, doc)).toBe(String.raw`\mathbf{X}\mathbf{t}`);
    expect(expandText(String.raw`\y`, file)).toBe(String.raw`\mathbf{y}`);
    const provide = new MacroTable(file);
    scanDefinitions(String.raw`\providecommand{\y}{p}`, "p.tex", provide);
    expect(provide.size).toBe(0);
  });
});

describe("scanDefinitions: malformed definitions", () => {
  const cases: [string, RegExp, number][] = [
    [String.raw`\newcommand{x}{y}`, /expected a control sequence after \\newcommand\{/, 13],
    [String.raw`\newcommand`, /expected a control sequence after \\newcommand/, 1],
    [String.raw`\newcommand{\x y}{z}`, /expected \} after \\newcommand\{\\x/, 16],
    [String.raw`\newcommand{\x}[a]{z}`, /bad number of arguments in definition of \\x/, 17],
    [String.raw`\newcommand{\x}[12]{z}`, /bad number of arguments/, 17],
    [String.raw`\newcommand{\x}[1]`, /missing body in definition of \\x/, 1],
    [String.raw`\newcommand{\x}{#2}`, /illegal parameter number #2 in definition of \\x/, 17],
    [String.raw`\newcommand{\x}[0][d]{z}`, /optional argument but no parameters/, 19],
    [String.raw`\newcommand{\x}{\frac{a}{b}`, /unterminated \{ in \\newcommand/, 16],
    [String.raw`\newcommand{\x}[2][d{z}`, /unterminated \[ in \\newcommand/, 19],
    [String.raw`\def\x#2{z}`, /expected #1/, 7],
    [String.raw`\def\x#1.{z}`, /delimited parameters are not supported/, 9],
    [String.raw`\def{z}`, /expected a control sequence after \\def/, 5],
    [String.raw`\def\x`, /missing body in definition of \\x/, 1],
    [String.raw`\DeclareMathOperator{\op}`, /missing operator name/, 1],
    [String.raw`\define{}{z}`, /empty name in \\define/, 1],
    [String.raw`\define{\f{a b}}{z}`, /bad parameter name/, 11],
    [String.raw`\define{\f{a-b}}{z}`, /bad parameter name/, 11],
    [String.raw`\define{\f{a}{a}}{z}`, /duplicate parameter a/, 14],
    [String.raw`\define{\f x}{z}`, /bad parameter list/, 12],
    [String.raw`\define{x-y}{z}`, /bad macro name in \\define\{x-y\}/, 9],
    [String.raw`\define{2x}{z}`, /bad macro name/, 9],
  ];
  for (const [src, message, col] of cases) {
    it(`reports ${src}`, () => {
      const t = new MacroTable();
      const errors = scanDefinitions(`% line one\n${src}`, "bad.tex", t);
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(message);
      expect(errors[0].loc).toEqual({ file: "bad.tex", line: 2, col });
    });
  }

  it("keeps going after an error", () => {
    const t = new MacroTable();
    const errors = scanDefinitions(
      String.raw`\newcommand{\a}[x]{1} \newcommand{\b}{2} \def \c #3{} \newcommand{\d}{4` +
        "\n" +
        String.raw`\newcommand{\e}{5}`,
      "k.tex",
      t,
    );
    expect(errors.map((e) => e.loc.line)).toEqual([1, 1, 1]);
    expect(t.names()).toEqual(["b", "e"]);
  });

  it("a missing macro file is one located error", async () => {
    const { loadMacroFile } = await import("../../src/macro/index.js");
    const errors = loadMacroFile("/nonexistent/macros.tex", new MacroTable());
    expect(errors).toHaveLength(1);
    expect(errors[0].loc.file).toBe("/nonexistent/macros.tex");
    expect(errors[0].message).toMatch(/cannot read macro file/);
  });
});

describe("LineIndex", () => {
  it("agrees with lexer.locAt", async () => {
    const { LineIndex } = await import("../../src/macro/lines.js");
    const { locAt } = await import("../../src/macro/lexer.js");
    const text = "ab\n\ncd\r\n e\n";
    const start = { file: "f", line: 3, col: 7 };
    const index = new LineIndex(text, start);
    for (let i = 0; i <= text.length; i++) expect(index.loc(i), String(i)).toEqual(locAt(text, i, start));
  });
});
