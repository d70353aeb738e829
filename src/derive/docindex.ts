// Per-document facts that every claim of a document asks for (its definition graph, its assumptions), computed
// once per statement list instead of once per claim: checking a document of N statements stays about linear in N.
// Keyed by the statement array (a claim's view of the document is a new array, cached with the view); a list that
// has grown since (statements are only ever appended while a document loads) is indexed again.
import type { Document, StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";

const caches = new Map<string, WeakMap<readonly StmtRecord[], { n: number; value: unknown }>>();

/** `make(doc)`, memoised per statement list of `doc` under `kind`. */
export function perDocument<T>(kind: string, doc: Document, make: (doc: Document) => T): T {
  let m = caches.get(kind);
  if (!m) caches.set(kind, (m = new WeakMap()));
  const hit = m.get(doc.statements);
  if (hit && hit.n === doc.statements.length) return hit.value as T;
  const value = make(doc);
  m.set(doc.statements, { n: doc.statements.length, value });
  return value;
}

export type Assumption = Extract<Statement, { kind: "assumption" }>;

/** The assumptions of a document (`a > 0`, `X = X^\top`), in order. */
export function assumptionsOf(doc: Document): readonly Assumption[] {
  return perDocument("assumptions", doc, (d) =>
    d.statements.flatMap((r) => (r.statement.kind === "assumption" ? [r.statement] : [])),
  );
}
