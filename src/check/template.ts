// Claims that are the same problem up to renaming are checked once (bounded work: a document of 20,000 claims
// ∂L_i/∂b = 2 y_i over y_i = W x_i + b derives one of them). A claim's template is everything its check reads —
// the claim, the definitions it reaches, the shapes of their symbols — with the symbols renamed in order of first
// appearance, plus the order of the symbols' names (canonical forms order factors by name, so `2 a b x` and
// `2 c d x` are not the same template). Only plain problems qualify (operations on declared symbols; no functions
// of the lecture, sums, entries, assumptions on a renamed symbol or gradient names), and only a verdict `correct`
// whose reason names no symbol is reused: its derived formula is renamed back and printed for the claim itself.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { isDimensionLike } from "../derive/graph.js";
import { assumptionsOf, perDocument } from "../derive/docindex.js";
import { NABLA_HOLE } from "../parse/spellings.js";
import { printDisplay } from "../render/display.js";
import { compareExpr } from "../rewrite/canon.js";
import { entryOf } from "./entry.js";
import { gradientNames } from "./gradnames.js";
import type { ClaimResult } from "./types.js";
import { viewAt } from "./view.js";

type DefStatement = Extract<Statement, { kind: "definition" }>;

export interface Template {
  readonly key: string;
  /** The renamed symbols, in order of first appearance. */
  readonly syms: readonly Sym[];
  /** The document the claim's derivation reads (its view). */
  readonly doc: Document;
}

interface Stored {
  readonly result: ClaimResult;
  readonly syms: readonly Sym[];
}

/** The templates seen in one document and the results checked for them. */
export class Templates {
  private readonly seen = new Map<string, Stored>();
  /** The result of a claim with this template, renamed for it; null when none was kept. */
  reuse(t: Template, loc: ClaimResult["loc"], latex: string): ClaimResult | null {
    const hit = this.seen.get(t.key);
    if (!hit?.result.derivedExpr) return null;
    const to = new Map<Sym, Sym>(hit.syms.map((s, i) => [s, t.syms[i]]));
    let foreign = false;
    const renamed = A.mapExpr(hit.result.derivedExpr, (x) => {
      if (x.k !== "sym") return x;
      const y = to.get(x);
      if (y) return y;
      // a symbol the template does not rename is the same in every claim that shares it, or the result is not reused
      if (!literal(x, t.doc)) foreign = true;
      return x;
    });
    if (foreign) return null;
    return { ...hit.result, loc, claim: latex, derived: printDisplay(renamed, t.doc.env), derivedExpr: renamed };
  }
  /** Keep a claim's result for later claims with its template, when it can be reused as it stands. */
  keep(t: Template, result: ClaimResult): void {
    if (this.seen.has(t.key) || !reusable(result, t.doc)) return;
    this.seen.set(t.key, { result, syms: t.syms });
  }
}

const PLAIN_REASON =
  /^agrees with the derived gradient on \d+ random draws \(largest relative error [0-9.e+-]+\)(; canonical forms equal)?$/;

function reusable(r: ClaimResult, doc: Document): boolean {
  return (
    r.verdict === "correct" &&
    r.diagnoses.length === 0 &&
    r.notes.length === 0 &&
    r.derivedExpr !== undefined &&
    PLAIN_REASON.test(r.reason) &&
    // the printed formula is a function of the derived tree alone (so printing the renamed tree is exact)
    r.derived === printDisplay(r.derivedExpr, doc.env)
  );
}

/**
 * A symbol kept by name in a template: a size, a constant, or a name whose spelling carries meaning. Only a plain
 * name (x, alpha) or a name numbered by a subscript (x_{17}) is renamed: letter subscripts may be indices (z_k an
 * entry of z, y_{i,j} an entry of a matrix), and w_2 where the lecture also has a w may be entry 2 of w.
 */
function literal(s: Sym, doc: Document): boolean {
  if (isDimensionLike(s, doc) || entryOf(s.name) !== null || doc.env.dims.hasName(s.name)) return true;
  const m = /^([A-Za-z]+)(_\d+)?$/.exec(s.name);
  if (!m) return true;
  return m[2] !== undefined && (doc.env.shapes.has(m[1]) || doc.env.symbols.has(m[1]));
}

/** The first definition of each name, and how many definitions each name has (a view keeps one). */
const definitions = (doc: Document) =>
  perDocument("template-definitions", doc, (d) => {
    const byName = new Map<string, DefStatement>(),
      counts = new Map<string, number>(),
      position = new Map<DefStatement, number>();
    d.statements.forEach((r, i) => {
      const s = r.statement;
      if (s.kind !== "definition") return;
      if (!byName.has(s.lhs.name)) byName.set(s.lhs.name, s);
      counts.set(s.lhs.name, (counts.get(s.lhs.name) ?? 0) + 1);
      position.set(s, i);
    });
    return { byName, counts, position };
  });

const assumed = (doc: Document) =>
  perDocument("template-assumed", doc, (d) => {
    const names = new Set<string>();
    for (const a of assumptionsOf(d))
      for (const e of [a.lhs, a.rhs]) for (const s of A.symbolsOf(e).keys()) names.add(s);
    return names;
  });

/** Operations over symbols, numbers and constants only. */
const plain = (e: Expr): boolean =>
  !A.some(e, (x) => x.k !== "op" && x.k !== "sym" && x.k !== "num" && x.k !== "const");

/** The template of the claim at `index`, or null when the claim is not a plain problem. */
export function templateOf(doc: Document, index: number): Template | null {
  const r = doc.statements[index];
  const s = r.statement;
  if (s.kind !== "claim" || s.chain || s.differential || r.shapeError) return null;
  const d = s.deriv,
    of = d.of,
    w = d.wrt[0];
  if (d.order !== 1 || d.wrt.length !== 1 || of.k !== "sym" || w.k !== "sym" || !plain(s.rhs)) return null;
  // ∇f names its variable by where it stands (./spellings.ts): checked on its own
  if (w.name === NABLA_HOLE) return null;
  let vdoc: Document;
  try {
    vdoc = viewAt(doc, index).doc;
  } catch {
    return null;
  }
  const { byName, counts, position } = definitions(vdoc);
  if (!byName.has(of.name) || gradientNames(vdoc).size > 0) return null;
  // the definitions the claim's numerator reaches, in document order
  const reached = new Set<DefStatement>();
  const stack: Sym[] = [of];
  while (stack.length) {
    const x = stack.pop()!;
    const def = byName.get(x.name);
    if (!def || reached.has(def)) continue;
    if ((counts.get(x.name) ?? 0) !== 1 || def.params.length || def.also.length || !plain(def.rhs)) return null;
    reached.add(def);
    for (const y of A.symbolsOf(def.rhs).values()) stack.push(y);
  }
  const defs = [...reached].sort((a, b) => position.get(a)! - position.get(b)!);
  const env = vdoc.env,
    taken = assumed(vdoc);
  const index_ = new Map<Sym, number>(),
    syms: Sym[] = [],
    all = new Set<Sym>();
  let refused = false;
  const enc = (e: Expr): string => {
    if (e.k === "sym") {
      all.add(e);
      if (literal(e, vdoc)) return `(${e.key})`;
      let k = index_.get(e);
      if (k === undefined) {
        const sh = env.shapes.get(e.name);
        if (!sh || taken.has(e.name)) refused = true;
        index_.set(e, (k = syms.length));
        syms.push(e);
      }
      return `#${k}`;
    }
    if (e.k === "op") return `${e.op}:${e.attr ?? ""}(${e.args.map(enc).join(",")})`;
    return e.key;
  };
  const parts = [`claim ${d.upright ? 1 : 0} ${enc(of)} ${enc(w)} = ${enc(s.rhs)}`];
  for (const def of defs) parts.push(`def ${enc(def.lhs)} = ${enc(def.rhs)}`);
  if (refused) return null;
  // what each renamed symbol is: its kind and shape (in the document's dimension names)
  for (const x of syms) parts.push(`sym ${x.hint} ${env.show(env.shapes.get(x.name)!)}`);
  // the order of all the names (canonical forms sort scalar factors by it)
  const ranked = [...all].sort(compareExpr).map((x) => (index_.has(x) ? `#${index_.get(x)}` : `(${x.key})`));
  parts.push(`order ${ranked.join(" ")}`);
  return { key: parts.join("\n"), syms, doc: vdoc };
}
