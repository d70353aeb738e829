import { lexMath, locAt, untokenize, type Tok } from "../../src/macro/lexer.js";
import { expand, MacroTable, scanDefinitions } from "../../src/macro/index.js";

/** Tokens of `text` with their file positions, as the source reader hands them over. */
export function lexAt(text: string, file = "doc.tex"): Tok[] {
  return lexMath(text).map((t) => ({ ...t, loc: locAt(text, t.offset, { file, line: 1, col: 1 }) }));
}

/** A table holding the definitions in `defs` (asserting they load cleanly). */
export function tableOf(defs: string, parent?: MacroTable): MacroTable {
  const table = new MacroTable(parent);
  const errors = scanDefinitions(defs, "defs.tex", table);
  if (errors.length > 0) throw new Error(`unexpected definition errors: ${JSON.stringify(errors)}`);
  return table;
}

/** Expanded text without whitespace tokens (what the parser sees). */
export function expandText(text: string, table: MacroTable): string {
  const r = expand(lexAt(text), table);
  if (r.errors.length > 0) throw new Error(`unexpected expansion errors: ${JSON.stringify(r.errors)}`);
  return squash(r.tokens);
}

export function squash(toks: readonly Tok[]): string {
  return untokenize(toks.filter((t) => t.type !== "ws" && t.type !== "comment"));
}
