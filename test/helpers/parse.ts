// Shared helpers for the parser, shape and CLI tests: parse a formula, expect a located error, find the corpus.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { parseMath } from "../../src/parse/index.js";
import { MacroTable, scanDefinitions } from "../../src/macro/index.js";
import { LocatedError } from "../../src/errors.js";
import type { Expr, Relation } from "../../src/ast/index.js";

export const START = { file: "t.tex", line: 1, col: 1 } as const;
const EMPTY = new MacroTable();

/** A macro table holding `defs` (which must load cleanly). */
export function macrosOf(defs: string): MacroTable {
  const t = new MacroTable();
  const errors = scanDefinitions(defs, "defs.tex", t);
  if (errors.length) throw new Error(`definition errors: ${JSON.stringify(errors)}`);
  return t;
}

/** All relations of one formula. */
export function parseRels(text: string, macros: MacroTable = EMPTY): readonly Relation[] {
  return parseMath(text, START, macros).relations;
}

/** The single expression a formula consists of (no relation). */
export function parseExpr(text: string, macros: MacroTable = EMPTY): Expr {
  const rels = parseRels(text, macros);
  expect(rels, text).toHaveLength(1);
  expect(rels[0].rest, text).toEqual([]);
  const e = rels[0].first;
  if (e.k === "space") throw new Error(`${text}: a space, not an expression`);
  return e;
}

/** The located error a formula raises (fails the test when it parses). */
export function parseError(text: string, macros: MacroTable = EMPTY): { line: number; col: number; message: string } {
  try {
    parseMath(text, START, macros);
  } catch (err) {
    if (!(err instanceof LocatedError)) throw err;
    expect(err.loc.file).toBe(START.file);
    return { line: err.loc.line, col: err.loc.col, message: err.message };
  }
  throw new Error(`expected an error for ${text}`);
}

// ---- the shared corpus (/work/shared), absent on some machines: tests skip with a warning
export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const SEED = join(SHARED, "seeds", "chain-rule-transformer-attention.md");
export const LECTURES = join(SHARED, "corpus", "lectures");
export const NOTATION = join(SHARED, "corpus", "macros", "talk-notation.tex");
export const haveCorpus = existsSync(LECTURES) && existsSync(NOTATION);
export const haveSeed = existsSync(SEED) && existsSync(NOTATION);

/** Every lecture source under the corpus, sorted (includes folders too: each file is also read alone). */
export function lectureFiles(): string[] {
  if (!existsSync(LECTURES)) return [];
  return (readdirSync(LECTURES, { recursive: true }) as string[])
    .filter((p) => p.endsWith(".md"))
    .sort()
    .map((p) => join(LECTURES, p));
}

export function warnIfMissing(what: string, present: boolean): void {
  if (!present) console.warn(`skipping ${what}: ${SHARED} (the shared corpus) not found`);
}

/** A scratch folder for test inputs; `file(name, text)` writes one and returns its path. */
export function scratch(prefix: string): {
  dir: string;
  file: (name: string, text: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `texgrad-${prefix}-`));
  return {
    dir,
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
