// Math text → statements: lex, expand macros, normalise tokens, parse with the nearley grammar (exactly one
// parse, or a located error), then classify.
import nearley from "nearley";
import grammar from "./generated/math.js";
import { lexMath, type Loc, type Tok } from "../macro/lexer.js";
import { LineIndex } from "../macro/lines.js";
import { expand, type MacroTable } from "../macro/index.js";
import { normalise, type GTok } from "./tokens.js";
import { withTokens } from "./stream.js";
import { respell } from "./spellings.js";
import { setSubParser, poisonOf, resetPoisons } from "./build.js";
import { LocatedError } from "../errors.js";
import { children, apply, sym, type Expr, type Relation } from "../ast/index.js";
import { fastMain, fastExpr, fastCheck, sameRelations } from "./fast.js";

const compiled = grammar as unknown as nearley.CompiledRules;
const mainGrammar = nearley.Grammar.fromCompiled(compiled);
const exprGrammar = nearley.Grammar.fromCompiled({ ...compiled, ParserStart: "expr" });

function run(g: nearley.Grammar, toks: readonly GTok[], end: Loc): unknown[] {
  const parser = new nearley.Parser(g);
  // nearley's own report lists every expected token with its derivation, which costs more than the parse
  // (tens of milliseconds for a dozen open parentheses); the located message below is all that is shown
  (parser as unknown as { reportError: () => string }).reportError = () => "unexpected token";
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

/** Sub-formulas (scripts, matrix cells) that had more than one parse: none for a sound grammar (tests check it). */
export const parseStats = { ambiguousSubparses: 0 };

function tryParse(g: nearley.Grammar, toks: readonly GTok[]): unknown | null {
  if (toks.length === 0) return null;
  let r: unknown[];
  try {
    r = run(g, toks, toks[toks.length - 1].loc);
  } catch {
    return null;
  }
  if (r.length > 1) parseStats.ambiguousSubparses++;
  return r.length === 1 ? r[0] : null;
}
/**
 * Sub-parses of one formula, memoised: Earley completes a rule once per way it can end, so a builder may ask for
 * the same script many times (`\operatorname{LayerNorm}_a_b_c…`). A slice of the token stream is named by its first
 * token and its length (slices are contiguous); the memo lives as long as the formula's poison nodes.
 */
let memo = new Map<GTok, Map<string, Expr | null>>();
function memoised(kind: string, toks: readonly GTok[], f: () => Expr | null): Expr | null {
  if (toks.length === 0) return f();
  let m = memo.get(toks[0]);
  if (!m) memo.set(toks[0], (m = new Map()));
  const key = `${kind}${toks.length}`;
  if (!m.has(key)) m.set(key, f());
  return m.get(key)!;
}
setSubParser(
  (toks) =>
    memoised("e", toks, () => {
      const fast = fastExpr(toks);
      const ok = fast !== null && findPoison(fast) === undefined;
      if (!ok || fastCheck.on) {
        const slow = tryParse(exprGrammar, toks) as Expr | null;
        if (!ok) return slow;
        fastCheck.compared++;
        if (slow !== fast) fastCheck.mismatches.push(`expression ${toks.map((t) => t.text).join(" ")}`);
      }
      return fast;
    }),
  // a cell such as `1 & \text{if } x > 0` holds a relation: keep it as an application of the relation
  (toks) =>
    memoised("c", toks, () => {
      const r = tryParse(mainGrammar, toks) as Relation[] | null;
      if (!r || r.length !== 1 || r[0].first.k === "space") return null;
      const rel = r[0];
      const sides = [rel.first, ...rel.rest.map((x) => x.rhs)].filter((x): x is Expr => x.k !== "space");
      return rel.rest.length ? apply(sym(rel.rest[0].rel, "unknown", rel.rest[0].rel), sides) : sides[0];
    }),
);

function findPoison(e: Expr): { loc: Loc; message: string } | undefined {
  const p = poisonOf(e);
  if (p) return p;
  for (const c of children(e)) {
    const q = findPoison(c);
    if (q) return q;
  }
  return undefined;
}

/** Whether a relation holds a poison node (the fast path then leaves the located error to nearley). */
const poisoned = (r: Relation): boolean =>
  [r.first, ...r.rest.map((x) => x.rhs)].some((side) =>
    (side.k === "space" ? side.dims : [side]).some((s) => findPoison(s) !== undefined),
  );

function splitRows(toks: readonly GTok[]): GTok[][] {
  const parts: GTok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.type === "lbrace") depth++;
    if (t.type === "rbrace") depth--;
    if (depth === 0 && t.type === "csym" && t.value === "\\\\") parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return joinContinued(parts);
}

const isSign = (t: GTok | undefined) => t?.type === "plus" || t?.type === "minus";

/**
 * A row that continues the formula of the row before is part of it: `E = a \\ &- b \\ &+ c` is E = a − b + c.
 * A row continues when it has no relation and starts with + or −, or when the row before ends with + or −.
 */
function joinContinued(parts: GTok[][]): GTok[][] {
  const out: GTok[][] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    const continues =
      prev !== undefined &&
      prev.length > 0 &&
      p.length > 0 &&
      ((isSign(p[0]) && !p.some((t) => t.type === "rel")) || isSign(prev[prev.length - 1]));
    if (continues) out[out.length - 1] = [...prev, ...p];
    else out.push(p);
  }
  return out;
}

/**
 * A row's statements, split at its separators (`sep` tokens, only outside groups): a word (`\text{and}`,
 * `\text{where}`) always separates, since words are never a factor; `\quad` separates two relations (`y = x \quad
 * z = y`) or a formula from a remark, and is mere spacing elsewhere (`(A + B) \quad C`). The comma or full stop that
 * ends a statement goes; a part that is only words (`\quad \text{(by the chain rule)}`) or a quantifier clause
 * (`\quad \forall \mathbf{u}`) is a remark.
 */
function splitStatements(row0: readonly GTok[]): GTok[][] {
  // a parenthesised remark that ends the row, `… \text{ (by the chain rule)}`, is not part of the formula
  let end = row0.length;
  while (end > 1 && row0[end - 1].type === "tword" && /^\(.*\)$/.test(row0[end - 1].value)) end--;
  const row = row0.slice(0, end);
  if (!row.some((t) => t.type === "sep")) return [row];
  const parts: GTok[][] = [[]],
    seps: string[] = [];
  for (const t of row) {
    if (t.type !== "sep") {
      parts[parts.length - 1].push(t);
      continue;
    }
    parts.push([]);
    seps.push(t.value);
  }
  const quantifier = (t: GTok | undefined) => t?.type === "rel" && t.value === "\\forall";
  const relational = (p: readonly GTok[]) =>
    topLevel(
      p.filter((t) => !quantifier(t)),
      "rel",
    ).length > 1;
  const words = (p: readonly GTok[]) => p.length > 0 && p.every((t) => t.type === "tword");
  // the word before each part (after \quad: the word before that)
  const merged: GTok[][] = [parts[0]],
    after: string[] = [""];
  parts.slice(1).forEach((p, k) => {
    const prev = merged[merged.length - 1],
      quad = seps[k].startsWith("\\");
    if (quad && prev.length > 0 && p.length > 0 && !(relational(prev) && relational(p)) && !words(p)) prev.push(...p);
    else {
      merged.push(p);
      after.push(quad && prev.length === 0 ? after[after.length - 1] : seps[k]);
    }
  });
  // `\text{for } i = 1`, `\text{for all } k = 1, \ldots, K` name the values of an index: a remark, not a definition
  const firstRel = (p: readonly GTok[]) => (topLevel(p, "rel")[1] ? p[topLevel(p, "rel")[0].length] : undefined);
  const indexRemark = (p: readonly GTok[], k: number) => /^for/.test(after[k]) && firstRel(p)?.value === "=";
  const punct = (t: GTok | undefined) => t !== undefined && (t.type === "comma" || t.type === "dot");
  return merged
    .map((p) => {
      let a = 0,
        b = p.length;
      while (a < b && punct(p[a])) a++;
      while (b > a && punct(p[b - 1])) b--;
      return p.slice(a, b);
    })
    .filter((p, k) => !words(p) && !quantifier(p[0]) && !indexRemark(p, k));
}

/** The longest row the parser accepts, in tokens after macro expansion (the corpus's longest has 124). */
export const MAX_ROW_TOKENS = 300;
/** The longest formula text, and its most tokens after macro expansion (whitespace included). */
export const MAX_CHARS = 8000,
  MAX_EXPANDED = 5000;
/** Tokens of a row, matrix cells included (each cell is parsed on its own). */
const tokenCount = (toks: readonly GTok[]): number =>
  toks.reduce(
    (n, t) => n + 1 + (t.cells ? t.cells.reduce((m, row) => m + row.reduce((k, c) => k + tokenCount(c), 0), 0) : 0),
    0,
  );

export interface ParsedMath {
  readonly relations: readonly Relation[];
  readonly tokens: readonly GTok[];
  /** Where each relation starts (its first token), parallel to `relations`. */
  readonly starts: readonly Loc[];
}

/** Parse one statement's text (`start` is the file position of its first character). */
export function parseMath(
  text: string,
  start: Loc,
  macros: MacroTable,
  limits?: { maxDepth?: number; maxTokens?: number },
): ParsedMath {
  // lexing, expansion and normalisation are linear, but a formula this long is no lecture formula
  if (text.length > MAX_CHARS)
    throw new LocatedError(start, `formula too long (${text.length} characters; at most ${MAX_CHARS})`);
  const lines = new LineIndex(text, start);
  const raw: Tok[] = lexMath(text).map((t) => ({
    type: t.type,
    value: t.value,
    offset: t.offset,
    loc: lines.loc(t.offset),
  }));
  const ex = expand(raw, macros, limits);
  if (ex.errors.length) throw new LocatedError(ex.errors[0].loc, ex.errors[0].message);
  if (ex.tokens.length > MAX_EXPANDED)
    throw new LocatedError(
      start,
      `formula too long after macro expansion (${ex.tokens.length} tokens; at most ${MAX_EXPANDED})`,
    );
  const toks = respell(normalise(ex.tokens, ex.invocations, start, true));
  if (toks.length === 0) return { relations: [], tokens: toks, starts: [] };
  const end = lines.loc(text.length);
  resetPoisons();
  memo = new Map();
  // a line break `\\` outside an aligned environment still separates statements
  const relations: Relation[] = [],
    starts: Loc[] = [];
  for (const part of splitRows(toks).flatMap(splitStatements)) {
    if (part.length === 0) continue;
    // Earley parsing grows faster than linearly: a row far longer than any lecture formula is refused
    const size = tokenCount(part);
    if (size > MAX_ROW_TOKENS)
      throw new LocatedError(part[0].loc, `formula too long (${size} tokens; at most ${MAX_ROW_TOKENS} in one row)`);
    // the hand-written parser of the common subset gives the grammar's one parse, else nearley decides (./fast.ts)
    const fast = fastMain(part);
    const ok = fast !== null && !fast.some(poisoned);
    const results = ok ? [fast] : (run(mainGrammar, part, end) as Relation[][]);
    if (ok && fastCheck.on) {
      let slow: Relation[][] = [];
      try {
        slow = run(mainGrammar, part, end) as Relation[][];
      } catch {
        /* a mismatch */
      }
      fastCheck.compared++;
      if (slow.length !== 1 || !sameRelations(fast, slow[0]))
        fastCheck.mismatches.push(`row ${part.map((t) => t.text).join(" ")}`);
    }
    if (results.length > 1) throw new LocatedError(part[0].loc, `ambiguous formula (${results.length} parses)`);
    // a list `a, b` has one relation per top-level comma
    const pieces = topLevel(part, "comma");
    const keep = results[0].length - rangeLength(results[0]);
    distribute(results[0].slice(0, keep)).forEach((rel, k) => {
      relations.push(rel);
      starts.push((pieces.length === results[0].length ? pieces[k][0] : part[0])?.loc ?? part[0].loc);
    });
  }
  for (const r of relations) {
    for (const side of [r.first, ...r.rest.map((x) => x.rhs)]) {
      const sides = side.k === "space" ? side.dims : [side];
      for (const s of sides) {
        const p = findPoison(s);
        if (p) throw new LocatedError(p.loc, p.message);
      }
    }
  }
  return { relations, tokens: toks, starts };
}

/**
 * An index range ending a list, `l = 1, \ldots, L` or `i = 1, 2, \dots, n`: how many relations it takes (0 for none).
 * It says which values an index runs over; it does not define l = 1.
 */
function rangeLength(rels: readonly Relation[]): number {
  const bare = (r: Relation) =>
    r.rest.length === 0 && (r.first.k === "sym" || r.first.k === "num" || r.first.k === "dots");
  let j = rels.length - 1;
  while (j >= 0 && bare(rels[j])) j--;
  const tail = rels.slice(j + 1);
  if (j < 0 || !tail.some((r) => r.first.k === "dots")) return 0;
  const r = rels[j];
  const start =
    r.first.k === "sym" &&
    r.rest.length === 1 &&
    r.rest[0].rel === "=" &&
    (r.rest[0].rhs.k === "num" || r.rest[0].rhs.k === "sym");
  return start ? tail.length + 1 : 0;
}

/**
 * `\mathbf{x}, \mathbf{y} \in \mathbb{R}^{n}` and `a, b > 0` say it of each: a run of lone symbols before a
 * membership or an inequality takes that relation too (never `=`: `a, b = 1` is not clear).
 */
function distribute(rels: readonly Relation[]): Relation[] {
  const out = [...rels];
  const shared = new Set(["\\in", "<", ">", "\\leq", "\\geq", "\\neq"]);
  for (let k = out.length - 1; k > 0; k--) {
    const r = out[k];
    if (!(r.first.k === "sym" && r.rest.length === 1 && shared.has(r.rest[0].rel))) continue;
    for (let j = k - 1; j >= 0 && out[j].rest.length === 0 && out[j].first.k === "sym"; j--)
      out[j] = { first: out[j].first, rest: r.rest };
  }
  return out;
}

/** `toks` split at `type` tokens outside braces, parentheses and brackets. */
function topLevel(toks: readonly GTok[], type: GTok["type"]): GTok[][] {
  const parts: GTok[][] = [[]];
  let depth = 0;
  for (const t of toks) {
    if (t.type === "lbrace" || t.type === "lparen" || t.type === "lbrack") depth++;
    if (t.type === "rbrace" || t.type === "rparen" || t.type === "rbrack") depth--;
    if (depth === 0 && t.type === type) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}
