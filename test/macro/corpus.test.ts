// The real notation files from lamd (copied into /work/shared/corpus): they must load and expand completely.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expand, loadMacroFile, MacroTable } from "../../src/macro/index.js";
import { lexMath, type Tok } from "../../src/macro/lexer.js";
import { lexAt, squash } from "./helpers.js";

const shared = fileURLToPath(new URL("../../../shared/", import.meta.url));
const macros = `${shared}corpus/macros/`;
const notationFile = `${macros}talk-notation.tex`;
const present = existsSync(notationFile);
if (!present) console.warn(`test/macro/corpus.test.ts: ${notationFile} not found, skipping the corpus macro tests`);

/** `\name{a}{b}…` with as many arguments as the macro takes. */
const call = (name: string, nparams: number): string =>
  `\\${name}${Array.from({ length: nparams }, (_, i) => `{${"abcdefghi"[i]}}`).join("")}`;

describe.skipIf(!present)("corpus: talk-notation.tex", () => {
  const table = new MacroTable();
  const errors = present ? loadMacroFile(notationFile, table) : [];

  it("loads all 312 definitions, 41 of them with arguments", () => {
    expect(errors).toEqual([]);
    expect(table.size).toBe(312);
    expect(table.names().filter((n) => table.get(n)!.nparams > 0)).toHaveLength(41);
    expect(table.get("inputMatrix")!.loc).toEqual({ file: notationFile, line: 135, col: 1 });
  });

  it("expands every definition completely and without error", () => {
    let deepest = 0;
    for (const name of table.names()) {
      const m = table.get(name)!;
      const r = expand(lexAt(call(name, m.nparams), "t.md"), table);
      expect(r.errors, name).toEqual([]);
      expect(r.invocations.size, name).toBe(1);
      expect(
        r.tokens.some((t) => (t.type === "cmd" || t.type === "csym") && table.has(t.value.slice(1))),
        name,
      ).toBe(false);
      expect(
        r.tokens.some((t) => t.type === "param"),
        name,
      ).toBe(false);
      let depth = 1;
      while (expand(lexAt(call(name, m.nparams)), table, { maxDepth: depth }).errors.length > 0) depth++;
      deepest = Math.max(deepest, depth);
    }
    expect(deepest).toBe(4);
  });

  it("expands \\inputMatrix to the tokens of \\mathbf{X}", () => {
    const r = expand(lexAt("\\inputMatrix", "lec.md"), table);
    const strip = (t: Tok) => ({ type: t.type, value: t.value });
    expect(r.tokens.map(strip)).toEqual(lexMath("\\mathbf{X}").map(strip));
    expect(r.tokens.every((t) => t.from === r.tokens[0].from && t.loc?.col === 1)).toBe(true);
    expect([...r.invocations.values()]).toEqual([{ name: "inputMatrix", nparams: 0, count: 4 }]);
  });

  it("expands nested notation with arguments", () => {
    const r = expand(lexAt(String.raw`\diff{\errorFunction}{\mappingVector} = \Kuui \dataVector`), table);
    expect(r.errors).toEqual([]);
    expect(squash(r.tokens)).toBe(
      String.raw`\frac{\text{d}E}{\text{d}\mathbf{w}}=\mathbf{K}_{\mathbf{u}\mathbf{u}}^{-1}\mathbf{y}`,
    );
  });
});

describe.skipIf(!present)("corpus: gpp macro files and older notation variants", () => {
  const gpp = present ? readdirSync(macros).filter((f) => f.endsWith(".gpp")) : [];

  it("scans every .gpp file without crashing and reads its \\define macros", () => {
    expect(gpp.length).toBeGreaterThan(0);
    const table = new MacroTable();
    for (const f of gpp) {
      expect(loadMacroFile(`${macros}${f}`, table), f).toEqual([]);
    }
    expect(table.get("slides")!.namedParams).toEqual(["text"]);
    expect(table.get("concat")!.namedParams).toEqual(["argone", "argtwo"]);
    expect(table.get("talkMacroSlides")).toBeUndefined(); // a flag
    expect(table.get("threeColumns")!.namedParams).toEqual(["one", "two", "three", "width1", "width2", "width3"]);
    const r = expand(lexAt(String.raw`\concat{A}{B}`), table);
    expect(squash(r.tokens)).toBe("AB");
  });

  it("loads the older talk-notation variants", () => {
    const dir = `${macros}variants/`;
    for (const v of readdirSync(dir)) {
      const table = new MacroTable();
      expect(loadMacroFile(`${dir}${v}/talk-notation.tex`, table)).toEqual([]);
      expect(table.size).toBeGreaterThan(280);
    }
  });
});
