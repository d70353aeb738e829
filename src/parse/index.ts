// Math text → statements: lex, expand macros, normalise tokens, parse with the nearley grammar (exactly one
// parse, or a located error), then classify.
import nearley from "nearley";
import grammar from "./generated/math.js";
import { lexMath, locAt, type Loc, type Tok } from "../macro/lexer.js";
import { expand, type MacroTable } from "../macro/index.js";
import { normalise, type GTok } from "./tokens.js";
import { withTokens } from "./stream.js";
import { setSubParser, poisonOf, resetPoisons } from "./build.js";
import { LocatedError } from "../errors.js";
import { children, type Expr, type Relation } from "../ast/index.js";

const compiled = grammar as unknown as nearley.CompiledRules;
const mainGrammar = nearley.Grammar.fromCompiled(compiled);
const exprGrammar = nearley.Grammar.fromCompiled({ ...compiled, ParserStart: "expr" });

function run(g: nearley.Grammar, toks: readonly GTok[], end: Loc): unknown[] {
  const parser = new nearley.Parser(g);
  try {
    withTokens(toks, () => parser.feed(""));
  } catch (err) {
    const t = (err as { token?: GTok }).token;
    if (t && t.loc) throw new LocatedError(t.loc, `unexpected ${describe(t)}`);
    throw err;
  }
  if (parser.results.length === 0) throw new LocatedError(end, "formula ends too early");
  return parser.results;
}
const describe = (t: GTok) => (t.type === "rel" ? `relation ${t.value}` : `'${t.text}'`);

setSubParser((toks) => {
  if (toks.length === 0) return null;
  try {
    const r = run(exprGrammar, toks, toks[toks.length - 1].loc);
    return r.length === 1 ? (r[0] as Expr) : null;
  } catch { return null; }
});

function findPoison(e: Expr): { loc: Loc; message: string } | undefined {
  const p = poisonOf(e);
  if (p) return p;
  for (const c of children(e)) { const q = findPoison(c); if (q) return q; }
  return undefined;
}

export interface ParsedMath { readonly relations: readonly Relation[]; readonly tokens: readonly GTok[] }

/** Parse one statement's text (`start` is the file position of its first character). */
export function parseMath(text: string, start: Loc, macros: MacroTable, limits?: { maxDepth?: number; maxTokens?: number }): ParsedMath {
  const raw: Tok[] = lexMath(text).map((t) => ({ ...t, loc: locAt(text, t.offset, start) }));
  const ex = expand(raw, macros, limits);
  if (ex.errors.length) throw new LocatedError(ex.errors[0].loc, ex.errors[0].message);
  const toks = normalise(ex.tokens, ex.invocations, start);
  if (toks.length === 0) return { relations: [], tokens: toks };
  const end = locAt(text, text.length, start);
  resetPoisons();
  const results = run(mainGrammar, toks, end) as Relation[][];
  if (results.length > 1) throw new LocatedError(start, `ambiguous formula (${results.length} parses)`);
  const relations = results[0];
  for (const r of relations) {
    for (const side of [r.first, ...r.rest.map((x) => x.rhs)]) {
      const sides = side.k === "space" ? side.dims : [side];
      for (const s of sides) { const p = findPoison(s); if (p) throw new LocatedError(p.loc, p.message); }
    }
  }
  return { relations, tokens: toks };
}
