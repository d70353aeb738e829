// The document as a claim sees it: for every symbol the definition nearest before the claim (else the first
// after it), definitions folded into each other where one's right side appears inside another's
// (A = softmax(QKᵀ/√d_k) with S = QKᵀ/√d_k becomes A = softmax(S), so ∂L/∂S is part of the derivation),
// and the derivation's output: the numerator when it is defined, else the last sink that depends on the
// claim's denominator (the loss L is then "from the next layer" and the output's gradient the upstream).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { Graph, type Definition } from "../derive/graph.js";
import { matchCtx } from "../derive/context.js";
import { canon } from "../rewrite/canon.js";
import { printExpr } from "../render/latex.js";
import { Unverifiable } from "./types.js";

type DefStatement = Extract<Statement, { kind: "definition" }>;

/** A definition the derivation engine accepts (the same test as derive/graph.ts). */
export function usable(s: Statement): s is DefStatement {
  return s.kind === "definition" && s.rhs.k !== "apply" && !A.some(s.rhs, (x) => x.k === "dots" || x.k === "deriv");
}

/** The statements a claim at position `at` sees: one definition per symbol, folded. */
export function viewAt(doc: Document, at: number): { doc: Document; key: string } {
  const chosen = new Map<string, number>();
  doc.statements.forEach((r, i) => {
    const s = r.statement;
    if (!usable(s)) return;
    const prev = chosen.get(s.lhs.name);
    // the last one before the claim wins; after the claim, only the first one counts
    if (prev === undefined || i < at) chosen.set(s.lhs.name, i);
  });
  const keep = new Set(chosen.values());
  const statements = doc.statements.filter((r, i) => !usable(r.statement) || keep.has(i));
  return { doc: { ...doc, statements: fold(doc, statements) }, key: [...keep].sort((a, b) => a - b).join(",") };
}

/** Replace occurrences of one definition's right side inside another's by its name (no cycles). */
function fold(doc: Document, records: StmtRecord[]): StmtRecord[] {
  const ctx = matchCtx(doc.env);
  const c = (e: Expr): Expr => { try { return canon(e, ctx); } catch { return e; } };
  const defs = records.filter((r) => usable(r.statement)).map((r) => r.statement as DefStatement);
  const byName = new Map(defs.map((d) => [d.lhs.name, d]));
  const deps = (name: string, seen = new Set<string>()): Set<string> => {
    const d = byName.get(name);
    if (!d || seen.has(name)) return seen;
    seen.add(name);
    for (const s of Graph.uses(d.rhs)) deps(s.name, seen);
    return seen;
  };
  const rhs = new Map(defs.map((d) => [d.lhs.name, d.rhs]));
  for (const s of defs) {
    if (s.rhs.k !== "op") continue;
    const target = s.rhs, ct = c(target);
    for (const a of defs) {
      if (a === s || deps(s.lhs.name).has(a.lhs.name)) continue;
      const cur = rhs.get(a.lhs.name)!;
      if (cur === target) continue;
      const next = A.mapExpr(cur, (x) => (x === target || (x.k === "op" && c(x) === ct) ? s.lhs : x));
      if (next !== cur) {
        rhs.set(a.lhs.name, next);
        byName.set(a.lhs.name, { ...a, rhs: next });
      }
    }
  }
  return records.map((r) => {
    const s = r.statement;
    if (!usable(s)) return r;
    const n = rhs.get(s.lhs.name)!;
    return n === s.rhs ? r : { ...r, statement: { ...s, rhs: n } };
  });
}

/** Add a definition `name = e` for a claim whose numerator is an expression (∂(aᵀw)/∂w). */
export function withDefinition(doc: Document, e: Expr, at: StmtRecord): { doc: Document; sym: Sym } {
  const latex = `\\left(${printExpr(e)}\\right)`;
  const sym = A.sym(`claim@${at.loc.line}:${at.loc.col}`, "unknown", latex);
  let shape;
  try { shape = doc.env.shapeOf(e); } catch (err) { throw new Unverifiable(`the numerator ${printExpr(e)} has no consistent shape (${(err as Error).message})`); }
  doc.env.shapes.set(sym.name, shape);
  const statement: DefStatement = { kind: "definition", loc: at.loc, lhs: sym, params: [], rhs: e, also: [] };
  return { doc: { ...doc, statements: [...doc.statements, { loc: at.loc, statement, latex, shape }] }, sym };
}

/** The output to differentiate for an abstract loss: the last sink whose graph contains `wrt`. */
export function outputFor(doc: Document, wrt: string): Definition | undefined {
  const graph = new Graph(doc);
  const defs = [...graph.defs.values()];
  const used = new Set(defs.flatMap((d) => Graph.uses(d.rhs).map((s) => s.name)));
  const reaches = (d: Definition) => {
    try {
      return d.lhs.name === wrt || graph.order(d.lhs.name).some((e) => e.lhs.name === wrt) || graph.leaves(d.lhs.name).some((s) => s.name === wrt);
    } catch { return false; }
  };
  return defs.filter((d) => !used.has(d.lhs.name) && reaches(d)).pop();
}

/** The defined symbol a numerator names: `E`, or `E(\mathbf{w})` when E is defined with parameters. */
export function definedName(doc: Document, e: Expr): string | undefined {
  const graph = new Graph(doc);
  if (e.k === "sym" && graph.defs.has(e.name)) return e.name;
  if (e.k === "apply" && graph.defs.has(e.fn.name)) return e.fn.name;
  return undefined;
}
