// Shared helpers for the check tests: paths of the shared corpus, and loading + checking a file.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import "../../src/ops/index.js";
import { loadDocument, type Document } from "../../src/parse/document.js";
import { checkDocument, type ClaimResult } from "../../src/check/index.js";

export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const SEED = join(SHARED, "seeds", "chain-rule-transformer-attention.md");
export const NOTATION = join(SHARED, "corpus", "macros", "talk-notation.tex");
export const LECTURES = join(SHARED, "corpus", "lectures");
export const HAVE_SHARED = existsSync(SEED) && existsSync(NOTATION);
if (!HAVE_SHARED) console.warn("skipping tests that read ../shared: not found");

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export function checked(
  file: string,
  macroFiles: string[] = [],
  root?: string,
): { doc: Document; claims: ClaimResult[] } {
  const doc = loadDocument(file, { macroFiles, ...(root ? { root } : {}) });
  return { doc, claims: checkDocument(doc) };
}

export const byLine = (claims: readonly ClaimResult[], line: number): ClaimResult => {
  const hits = claims.filter((c) => c.loc.line === line);
  if (hits.length !== 1) throw new Error(`expected one claim on line ${line}, found ${hits.length}`);
  return hits[0];
};
