// A document: one input file (with its includes), its macros, its statements with shapes, and located errors.
import { readSource, type Segment, type Row } from "../source/index.js";
import { readBounded } from "../source/confine.js";
import { MacroTable, loadMacroFile, scanDefinitions } from "../macro/index.js";
import type { Loc } from "../macro/lexer.js";
import { parseMath } from "./index.js";
import { classify, type Statement } from "./statement.js";
import { namespaces } from "./names.js";
import { resolveFunctions } from "./functions-abstract.js";
import type { GTok } from "./tokens.js";
import { LocatedError } from "../errors.js";
import { ShapeEnv } from "../shape/infer.js";
import { ShapeError, type Shape } from "../shape/shape.js";
import { constDim, addDims, type Dim } from "../shape/dims.js";
import * as A from "../ast/index.js";
import type { Expr, Relation } from "../ast/index.js";
import { printExpr, printRelation } from "../render/latex.js";

export interface StmtRecord {
  readonly loc: Loc;
  readonly statement: Statement;
  readonly latex: string;
  shape: Shape | null;
  shapeError?: string;
}
export interface DocError {
  readonly loc: Loc;
  readonly message: string;
  /** No place in a file (an input that cannot be read): printed as `texgrad: error: …`. */
  readonly unlocated?: boolean;
}
export interface Document {
  readonly file: string;
  readonly segments: number;
  /** Segments that ended as one error instead of statements (a parse or macro error). */
  readonly failedSegments: number;
  readonly statements: StmtRecord[];
  readonly errors: DocError[];
  readonly env: ShapeEnv;
  readonly macros: MacroTable;
  readonly notes: string[];
  /** Files read through `\include` (an output must never overwrite one). */
  readonly included?: readonly string[];
}
/**
 * The most statements (math rows) one document may hold, and the most characters of math in all of them: a
 * document beyond either is refused before anything is parsed (bounded work: 100,000 statements of a lecture's
 * size parse in a few seconds; a 20 MB file of formulas is refused at once instead of taking minutes).
 */
export const MAX_STATEMENTS = 150_000,
  MAX_MATH_CHARS = 5_000_000;
export interface LoadOptions {
  readonly macroFiles?: readonly string[];
  readonly root?: string;
  /** Read files through this instead of the disk (one-liners `-e`, the library's `parse(text)`). */
  readonly readFile?: (path: string) => string | undefined;
}

const macroCache = new Map<string, { table: MacroTable; errors: DocError[] }>();
/** The table of the `--macros` files (cached: the notation file is shared by every lecture). */
export function baseMacros(files: readonly string[]): { table: MacroTable; errors: DocError[] } {
  const key = files.join("\0");
  let hit = macroCache.get(key);
  if (!hit) {
    const table = new MacroTable();
    const errors: DocError[] = [];
    for (const f of files) {
      const r = readBounded(f);
      if ("error" in r)
        errors.push({ loc: { file: f, line: 1, col: 1 }, message: `macro file: ${r.error}`, unlocated: true });
      else errors.push(...loadMacroFile(f, table));
    }
    hit = { table, errors };
    macroCache.set(key, hit);
  }
  return hit;
}

/** Parse the rows of a segment into statements (continuation rows `= …` reuse the previous left side). */
function parseSegment(seg: Segment, macros: MacroTable): { loc: Loc; relation: Relation; tokens: readonly GTok[] }[] {
  const out: { loc: Loc; relation: Relation; tokens: readonly GTok[] }[] = [];
  for (const row of seg.rows) {
    const loc: Loc = { file: seg.file, line: row.line, col: row.col };
    const { relations, tokens, starts } = parseMath(row.text, loc, macros);
    // the first statement of a row is located at the row, the others (after `,`, `\quad`, `\text{and}`) where they start
    // only symbol tokens are kept (names.ts locates an ambiguous use by them): less to hold while the document loads
    const syms = tokens.filter((t) => t.sym !== undefined);
    relations.forEach((rel, k) =>
      out.push({ loc: k === 0 ? loc : starts[k], relation: continuation(rel, out), tokens: syms }),
    );
  }
  return out;
}
function continuation(rel: Relation, prev: readonly { relation: Relation }[]): Relation {
  const last = prev[prev.length - 1]?.relation;
  if (!last) return rel;
  if (rel.first.k === "sym" && rel.first.name === "\u2022" && rel.rest.length)
    return { first: last.first, rest: rel.rest };
  return rel;
}

export function loadDocument(path: string, opts: LoadOptions = {}): Document {
  const src = readSource(path, {
    ...(opts.root ? { root: opts.root } : {}),
    ...(opts.readFile ? { readFile: opts.readFile } : {}),
  });
  const base = baseMacros(opts.macroFiles ?? []);
  const macros = new MacroTable(base.table);
  const errors: DocError[] = [...base.errors];
  for (const e of src.errors)
    errors.push({
      loc: { file: e.file, line: e.line, col: e.col },
      message: e.message,
      ...(e.unlocated ? { unlocated: true } : {}),
    });
  for (const d of src.macroDefs)
    errors.push(...scanDefinitions(d.text, d.file, macros, { file: d.file, line: d.line, col: d.col }));
  const statements: StmtRecord[] = [];
  let failedSegments = 0;
  const parsed: { loc: Loc; statement: Statement; relation: Relation; tokens: readonly GTok[] }[][] = [];
  let rows = 0,
    chars = 0;
  const over = src.segments.find((seg) => {
    rows += seg.rows.length;
    for (const r of seg.rows) chars += r.text.length;
    return rows > MAX_STATEMENTS || chars > MAX_MATH_CHARS;
  });
  if (over)
    errors.push({
      loc: { file: over.file, line: over.line, col: over.col },
      message:
        rows > MAX_STATEMENTS
          ? `too many statements: more than ${MAX_STATEMENTS} in one document (none is read)`
          : `too much math: more than ${MAX_MATH_CHARS / 1e6} million characters of formulas in one document (none is read)`,
    });
  const segs = over ? [] : src.segments;
  for (const seg of segs) {
    try {
      parsed.push(parseSegment(seg, macros).map((p) => ({ ...p, statement: classify(p.relation, p.loc) })));
    } catch (err) {
      if (!(err instanceof LocatedError)) throw err;
      errors.push({ loc: err.loc, message: err.message });
      failedSegments++;
    }
  }
  // symbols and dimensions are separate namespaces: a segment that uses a name of both ambiguously is an error
  const names = namespaces(parsed.flat().map((p) => p.statement));
  for (const seg of parsed) {
    const bad = seg.map((p) => names.ambiguity(p.statement, p.tokens)).find((x) => x !== null);
    if (bad) {
      errors.push(bad);
      failedSegments++;
      continue;
    }
    for (const { loc, statement, relation } of seg)
      statements.push({ loc, statement: names.resolve(statement), latex: printRelation(relation), shape: null });
  }
  const doc: Document = {
    file: src.file,
    segments: src.segments.length,
    failedSegments,
    statements,
    errors,
    env: new ShapeEnv(),
    macros,
    notes: [],
    included: src.included,
  };
  resolveFunctions(statements as { statement: Statement; loc: Loc }[], doc.env);
  for (const n of names.shadowed) doc.env.dims.shadow(n);
  for (const [alias, n] of names.aliases) doc.env.dims.alias(alias, n);
  for (const n of names.symbols) doc.env.symbols.add(n);
  inferShapes(doc);
  return doc;
}

/**
 * A document made of statements of another (a layer family instantiated at one depth, ../check/layers.ts): the
 * same file, macros and locations, with functions, namespaces and shapes inferred afresh.
 */
export function documentOf(doc: Document, records: readonly StmtRecord[]): Document {
  const statements: StmtRecord[] = records.map((r) => ({
    loc: r.loc,
    statement: r.statement,
    latex: r.latex,
    shape: null,
  }));
  const names = namespaces(statements.map((r) => r.statement));
  const out: Document = {
    file: doc.file,
    segments: doc.segments,
    failedSegments: 0,
    statements,
    errors: [],
    env: new ShapeEnv(),
    macros: doc.macros,
    notes: [],
  };
  resolveFunctions(statements as { statement: Statement; loc: Loc }[], out.env);
  for (const n of names.shadowed) out.env.dims.shadow(n);
  for (const [alias, n] of names.aliases) out.env.dims.alias(alias, n);
  for (const n of names.symbols) out.env.symbols.add(n);
  inferShapes(out);
  return out;
}

/** A dimension expression of a declaration: `n`, `d_k`, `2k`, `k + 1`, `3`. */
function dimOf(env: ShapeEnv, e: Expr, loc: Loc): Dim {
  if (e.k === "num") return constDim(e.value);
  if (e.k === "sym") return env.dims.named(e.name);
  if (A.isOp(e, "add")) return e.args.map((a) => dimOf(env, a, loc)).reduce((x, y) => addDims(x, y));
  if (A.isOp(e, "mul") && e.args[0].k === "num") {
    const d = dimOf(env, e.args[1], loc),
      k = e.args[0].value;
    return { c: d.c * k, terms: new Map([...d.terms].map(([v, j]) => [v, j * k])) };
  }
  throw new LocatedError(loc, "dimension must be a name, a number or a sum such as 2k");
}

/**
 * A declared dimension that can be a size: a number must be a whole number ≥ 1 (ℝ^{-3×2}, ℝ^{0}, ℝ^{2.5} are
 * errors), and the multiples in a sum such as 2k must be whole (ℝ^{2.5k} is an error).
 */
function sizeDim(env: ShapeEnv, e: Expr, loc: Loc): Dim {
  const d = dimOf(env, e, loc);
  const bad =
    d.terms.size === 0
      ? !(Number.isInteger(d.c) && d.c >= 1)
      : !Number.isInteger(d.c) || [...d.terms.values()].some((k) => !Number.isInteger(k));
  if (bad)
    throw new LocatedError(
      loc,
      `dimension ${printExpr(e)} is not a size: a dimension is a whole number 1, 2, 3, …, a name, or a sum such as 2k + 1`,
    );
  return d;
}

function inferShapes(doc: Document): void {
  const env = doc.env;
  const defined = new Set<string>();
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind === "definition") defined.add(s.lhs.name);
    if (s.kind === "declaration") s.syms.forEach((x) => defined.add(x.name));
  }
  // an undefined quantity that is differentiated (L in ∂L/∂X) is an abstract scalar loss
  for (const r of doc.statements) {
    const s = r.statement;
    const exprs =
      s.kind === "claim"
        ? [s.deriv, s.rhs]
        : s.kind === "expression"
          ? [s.expr]
          : s.kind === "definition"
            ? [s.rhs]
            : [];
    for (const e of exprs)
      A.some(e, (x) => {
        if (x.k === "deriv" && x.of.k === "sym" && !defined.has(x.of.name) && x.of.hint !== "vector")
          env.abstractScalars.add(x.of.name);
        if (x.k === "deriv" && x.of.k === "apply" && !defined.has(x.of.fn.name)) env.abstractScalars.add(x.of.fn.name);
        return false;
      });
  }
  const fail = (r: StmtRecord, err: unknown, fatal: boolean) => {
    if (!(err instanceof ShapeError || err instanceof LocatedError)) throw err;
    r.shapeError = err.message;
    if (fatal) doc.errors.push({ loc: r.loc, message: `shape error: ${err.message}` });
  };
  // declarations first: they hold for the whole document, also where they follow the use (`y = W x \text{ where }
  // x \in \mathbb{R}^{n}`, or a declaration in the prose after the formula)
  for (const r of doc.statements) {
    const s = r.statement;
    try {
      if (s.kind === "declaration")
        for (const x of s.syms) r.shape = env.declare(x, s.space, (e) => sizeDim(env, e, r.loc));
    } catch (err) {
      fail(r, err, true);
    }
  }
  for (const r of doc.statements) {
    const s = r.statement;
    try {
      if (s.kind === "definition") {
        const rhs = env.shapeOf(s.rhs, new Set(s.params.flatMap((p) => (p.k === "sym" ? [] : []))));
        const old = env.shapes.get(s.lhs.name);
        r.shape = old ? env.ctx.same(old, rhs, `definition of ${s.lhs.latex}`) : rhs;
        env.shapes.set(s.lhs.name, r.shape);
      }
    } catch (err) {
      fail(r, err, true);
    }
  }
  env.dims.freeze();
  for (const r of doc.statements) {
    const s = r.statement;
    try {
      if (s.kind === "claim") {
        const l = env.shapeOf(s.deriv);
        r.shape = l;
        if (!s.chain) env.ctx.same(l, env.shapeOf(s.rhs), "claim");
      } else if (s.kind === "expression") r.shape = env.shapeOf(s.expr);
    } catch (err) {
      fail(r, err, false);
    }
  }
  env.dims.thaw();
  doc.notes.push(...env.ctx.notes);
}

export const showShape = (doc: Document, s: Shape | null): string | null => (s ? doc.env.show(s) : null);
