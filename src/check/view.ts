// The document as a claim sees it: for every symbol the definition nearest before the claim (else the first
// after it), definitions folded into each other where one's right side appears inside another's
// (A = softmax(QKᵀ/√d_k) with S = QKᵀ/√d_k becomes A = softmax(S), so ∂L/∂S is part of the derivation),
// and the derivation's output: the numerator when it is defined, else the last sink that depends on the
// claim's denominator (the loss L is then "from the next layer" and the output's gradient the upstream).
import { isUserApply } from "../parse/functions-abstract.js";
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { Graph, type Definition } from "../derive/graph.js";
import { matchCtx } from "../derive/context.js";
import { canonMemo } from "../rewrite/canon.js";
import { printExpr } from "../render/latex.js";
import { Unverifiable } from "./types.js";

type DefStatement = Extract<Statement, { kind: "definition" }>;

/** A definition the derivation engine accepts (the same test as derive/graph.ts). */
export function usable(s: Statement): s is DefStatement {
  return (
    s.kind === "definition" &&
    (s.rhs.k !== "apply" || isUserApply(s.rhs)) &&
    !A.some(s.rhs, (x) => x.k === "dots" || x.k === "deriv")
  );
}

/** Per document: the usable definitions of each symbol (by statement index), and the views made so far. */
interface ViewIndex {
  readonly single: number[];
  readonly multi: [string, number[]][];
  readonly views: Map<string, Document>;
  work: number;
}
/**
 * The most statements all the views of one document may hold together (each view is folded over all of them):
 * a document that redefines its symbols between thousands of claims gets views for the first claims and a
 * located "not checked" for the others, instead of hours of work (bounded work).
 */
export const VIEW_BUDGET = 2_000_000;
const indexes = new WeakMap<Document, ViewIndex>();
function viewIndex(doc: Document): ViewIndex {
  let ix = indexes.get(doc);
  if (!ix) {
    const byName = new Map<string, number[]>();
    doc.statements.forEach((r, i) => {
      const s = r.statement;
      if (!usable(s)) return;
      const l = byName.get(s.lhs.name);
      if (l) l.push(i);
      else byName.set(s.lhs.name, [i]);
    });
    const single: number[] = [],
      multi: [string, number[]][] = [];
    for (const [name, l] of byName)
      if (l.length === 1) single.push(l[0]);
      else multi.push([name, l]);
    ix = { single, multi, views: new Map(), work: 0 };
    indexes.set(doc, ix);
  }
  return ix;
}

/**
 * The statements a claim at position `at` sees: one definition per symbol, folded. A symbol defined once is
 * seen the same by every claim, so views differ only in the choices for redefined symbols, and a view is
 * made once per document for each such choice (the cost of a claim does not grow with the document).
 */
export function viewAt(doc: Document, at: number): { doc: Document; key: string } {
  const ix = viewIndex(doc);
  // the last definition before the claim wins; after the claim, only the first one counts
  const picks = ix.multi.map(([, l]) => {
    let k = l[0];
    for (const i of l)
      if (i < at) k = i;
      else break;
    return k;
  });
  const key = picks.join(",");
  let view = ix.views.get(key);
  if (!view) {
    if (ix.views.size > 0 && ix.work + doc.statements.length > VIEW_BUDGET)
      throw new Unverifiable(
        `not checked: the lecture redefines ${ix.multi.length === 1 ? (doc.statements[ix.multi[0][1][0]].statement as DefStatement).lhs.latex : `${ix.multi.length} symbols`} between ${ix.views.size} or more claims, and the versions seen by the claims after those are not folded (at most ${VIEW_BUDGET / 1e6} million statements in all views of one document)`,
      );
    ix.work += doc.statements.length;
    const keep = new Set([...ix.single, ...picks]);
    const statements = doc.statements.filter((r, i) => !usable(r.statement) || keep.has(i));
    view = { ...doc, statements: fold(doc, statements) };
    ix.views.set(key, view);
  }
  return { doc: view, key };
}

/**
 * Replace occurrences of one definition's right side inside another's by its name (no cycles): for each
 * definition s in order, every other definition a that s does not depend on has the subterms equal to s's right
 * side (up to canonical form) replaced by s. An index from canonical subterms to the definitions holding them
 * finds the definitions a that can change, grouped by their right side as it is: definitions whose right side is
 * s's own (100,000 copies of `h_i = W^\top y`) are never folded into each other and are passed over as one group,
 * so the work is about linear in the size of the document.
 */
function fold(doc: Document, records: StmtRecord[]): StmtRecord[] {
  const ctx = matchCtx(doc.env);
  const memo = new Map<Expr, Expr>();
  const c = (e: Expr): Expr => {
    try {
      return canonMemo(e, ctx, memo);
    } catch {
      return e;
    }
  };
  const defs = records.filter((r) => usable(r.statement)).map((r) => r.statement as DefStatement);
  const rhs = new Map(defs.map((d) => [d.lhs.name, d.rhs]));
  const order = new Map(defs.map((d, i) => [d, i]));
  const below = dependsOn(defs, rhs);
  // canonical subterm → (the holder's current right side → holders)
  const holders = new Map<Expr, Map<Expr, Set<DefStatement>>>(),
    keysOf = new Map<DefStatement, Expr[]>();
  const index = (a: DefStatement, e: Expr) => {
    const ks = new Set<Expr>();
    const walk = (x: Expr) => {
      if (x.k === "op") ks.add(c(x));
      for (const y of A.children(x)) walk(y);
    };
    walk(e);
    keysOf.set(a, [...ks]);
    for (const k of ks) {
      let byRhs = holders.get(k);
      if (!byRhs) holders.set(k, (byRhs = new Map()));
      let h = byRhs.get(e);
      if (!h) byRhs.set(e, (h = new Set()));
      h.add(a);
    }
  };
  const unindex = (a: DefStatement, e: Expr) => {
    for (const k of keysOf.get(a) ?? []) {
      const byRhs = holders.get(k)!,
        h = byRhs.get(e)!;
      h.delete(a);
      if (!h.size) byRhs.delete(e);
    }
  };
  for (const a of defs) index(a, a.rhs);
  for (const s of defs) {
    if (s.rhs.k !== "op") continue;
    const target = s.rhs,
      ct = c(target);
    const candidates: DefStatement[] = [];
    // a definition whose right side is s's own is left as it is (it is not folded into a copy of itself)
    for (const [cur, h] of holders.get(ct) ?? [])
      if (cur !== target) for (const a of h) if (a !== s) candidates.push(a);
    if (!candidates.length) continue;
    candidates.sort((x, y) => order.get(x)! - order.get(y)!);
    for (const a of candidates) {
      const cur = rhs.get(a.lhs.name)!;
      if (below(s.lhs.name, a.lhs.name, cur)) continue;
      const next = A.mapExpr(cur, (x) => (x === target || (x.k === "op" && c(x) === ct) ? s.lhs : x));
      if (next !== cur) {
        rhs.set(a.lhs.name, next);
        unindex(a, cur);
        index(a, next);
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

/** Most definitions visited in all searches for a dependency in one fold (beyond it, a fold is not made). */
const SEARCH_BUDGET = 2_000_000;

/**
 * Whether definition s depends on definition a (through the right sides as they are now, `rhs`), asked before a
 * subterm of a is replaced by s. Most questions are answered without a search: when a lies on no cycle of the
 * definitions and a's right side uses every defined symbol s's does, s cannot depend on a (a path s → u → … → a with u
 * used by a would be a cycle through a; folds never make cycles, so the cycles are those of the document). Else
 * a search from s, within a budget for the whole fold; a search over budget counts as a dependency (no fold).
 */
function dependsOn(
  defs: readonly DefStatement[],
  rhs: ReadonlyMap<string, Expr>,
): (s: string, a: string, aRhs: Expr) => boolean {
  const uses = (name: string) =>
    Graph.uses(rhs.get(name)!)
      .map((x) => x.name)
      .filter((n) => rhs.has(n));
  const cyclic = onCycles(
    defs.map((d) => d.lhs.name),
    uses,
  );
  let budget = SEARCH_BUDGET;
  return (s, a, aRhs) => {
    if (!cyclic.has(a)) {
      const mine = new Set(Graph.uses(aRhs).map((x) => x.name));
      if (Graph.uses(rhs.get(s)!).every((x) => mine.has(x.name) || !rhs.has(x.name))) return false;
    }
    const seen = new Set<string>([s]),
      todo = [s];
    while (todo.length) {
      if (--budget < 0) return true;
      for (const u of uses(todo.pop()!)) {
        if (u === a) return true;
        if (!seen.has(u)) {
          seen.add(u);
          todo.push(u);
        }
      }
    }
    return false;
  };
}

/** The definitions that lie on a cycle or depend on one (every other one is removed leaves first). */
function onCycles(names: readonly string[], uses: (n: string) => string[]): Set<string> {
  const pending = new Map<string, number>(),
    users = new Map<string, string[]>();
  for (const n of names) {
    const us = [...new Set(uses(n))];
    pending.set(n, us.length);
    for (const u of us) {
      const l = users.get(u);
      if (l) l.push(n);
      else users.set(u, [n]);
    }
  }
  const ready = names.filter((n) => pending.get(n) === 0);
  while (ready.length) {
    const n = ready.pop()!;
    pending.delete(n);
    for (const v of users.get(n) ?? []) {
      const k = pending.get(v)! - 1;
      pending.set(v, k);
      if (k === 0) ready.push(v);
    }
  }
  return new Set(pending.keys());
}

/** Add a definition `name = e` for a claim whose numerator is an expression (∂(aᵀw)/∂w). */
export function withDefinition(doc: Document, e: Expr, at: StmtRecord): { doc: Document; sym: Sym } {
  const latex = `\\left(${printExpr(e)}\\right)`;
  const sym = A.sym(`claim@${at.loc.line}:${at.loc.col}`, "unknown", latex);
  let shape: ReturnType<typeof doc.env.shapeOf>;
  try {
    shape = doc.env.shapeOf(e);
  } catch (err) {
    throw new Unverifiable(`the numerator ${printExpr(e)} has no consistent shape (${(err as Error).message})`);
  }
  doc.env.shapes.set(sym.name, shape);
  const statement: DefStatement = { kind: "definition", loc: at.loc, lhs: sym, params: [], rhs: e, also: [] };
  return { doc: { ...doc, statements: [...doc.statements, { loc: at.loc, statement, latex, shape }] }, sym };
}

/** Per graph: the definitions no other one uses (sinks), and who uses each name; the outputs found so far. */
const sinkIndex = new WeakMap<
  Graph,
  {
    order: Map<Definition, number>;
    sinks: Set<Definition>;
    users: Map<string, Definition[]>;
    found: Map<string, Definition | undefined>;
  }
>();

/**
 * The output to differentiate for an abstract loss: the last sink whose graph contains `wrt`. Only the
 * definitions that reach `wrt` through their uses can be such a sink, so they are found from `wrt` upwards
 * (work about the size of what depends on `wrt`, not of the document), then tried from the last.
 */
export function outputFor(doc: Document, wrt: string): Definition | undefined {
  const graph = Graph.of(doc);
  let ix = sinkIndex.get(graph);
  if (!ix) {
    const defs = [...graph.defs.values()];
    const users = new Map<string, Definition[]>();
    for (const d of defs)
      for (const s of Graph.uses(d.rhs)) {
        const u = users.get(s.name);
        if (u) u.push(d);
        else users.set(s.name, [d]);
      }
    ix = {
      order: new Map(defs.map((d, i) => [d, i])),
      sinks: new Set(defs.filter((d) => !users.has(d.lhs.name))),
      users,
      found: new Map(),
    };
    sinkIndex.set(graph, ix);
  }
  if (ix.found.has(wrt)) return ix.found.get(wrt);
  const reaches = (d: Definition) => {
    try {
      return (
        d.lhs.name === wrt ||
        graph.order(d.lhs.name).some((e) => e.lhs.name === wrt) ||
        graph.leaves(d.lhs.name).some((s) => s.name === wrt)
      );
    } catch {
      return false;
    }
  };
  // every definition that uses wrt, directly or through others (and wrt's own definition)
  const up = new Set<Definition>(),
    todo = [wrt];
  const own = graph.defs.get(wrt);
  if (own) up.add(own);
  while (todo.length)
    for (const d of ix.users.get(todo.pop()!) ?? [])
      if (!up.has(d)) {
        up.add(d);
        todo.push(d.lhs.name);
      }
  const order = ix.order;
  const candidates = [...up].filter((d) => ix.sinks.has(d)).sort((a, b) => order.get(b)! - order.get(a)!);
  const out = candidates.find(reaches);
  ix.found.set(wrt, out);
  return out;
}

/** The defined symbol a numerator names: `E`, or `E(\mathbf{w})` when E is defined with parameters. */
export function definedName(doc: Document, e: Expr): string | undefined {
  const graph = Graph.of(doc);
  if (e.k === "sym" && graph.defs.has(e.name)) return e.name;
  if (e.k === "apply" && graph.defs.has(e.fn.name)) return e.fn.name;
  return undefined;
}
