// The derivation a claim calls for: the document as the claim sees it, the output (the numerator when it is
// defined, else the last definition that depends on the denominator) and the loss; shared through a cache.
import { describedOnlyAsFunction } from "./conventions.js";
import * as A from "../ast/index.js";
import type { Expr } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { derive, type Derivation } from "../derive/reverse.js";
import { printExpr } from "../render/latex.js";
import { viewAt, withDefinition, outputFor, definedName } from "./view.js";
import { draws, type Draw } from "./numeric.js";
import { Unverifiable } from "./types.js";
import { LocatedError } from "../errors.js";

export type Claim = Extract<Statement, { kind: "claim" }>;

/** Derivations and draws shared by the claims of one document (same view, output and loss). */
export type Cache = Map<string, { d: Derivation; ds?: Draw[] }>;

/**
 * A cache that keeps the `limit` entries used last: claims that share a derivation stand close together in a
 * lecture, and a document of 100,000 statements must not keep every derivation and its draws alive to the end.
 */
export class RecentCache extends Map<string, { d: Derivation; ds?: Draw[] }> {
  constructor(private readonly limit = 64) {
    super();
  }
  override get(key: string) {
    const hit = super.get(key);
    if (hit) {
      super.delete(key);
      super.set(key, hit);
    }
    return hit;
  }
  override set(key: string, value: { d: Derivation; ds?: Draw[] }) {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) super.delete(this.keys().next().value as string);
    return this;
  }
}

/**
 * The derivation; where a vector-valued function of several arguments (φ(x, V)) has no derivative in matrix form,
 * the derivation with respect to the claim's variable alone (the other inputs held constant).
 */
function deriveOrOnly(doc: Document, opts: { of: string; loss?: Expr }, wrtName: string | null): Derivation {
  try {
    return derive(doc, opts);
  } catch (e) {
    if (
      !(e instanceof LocatedError) ||
      !/function of several arguments that is not a scalar loss/.test(e.message) ||
      wrtName === null
    )
      throw e;
    try {
      return derive(doc, { ...opts, wrt: [wrtName] });
    } catch {
      throw e;
    }
  }
}

/** How the document writes the symbol of an internal name (z_ellm1 is \\mathbf{z}_{\\ell-1}): user text never shows
 *  internal names. The claim's own symbols first, then the document's. */
function latexOf(doc: Document, claim: Statement, name: string): string {
  let found: string | null = null;
  const look = (e: Expr) =>
    A.some(e, (x) => {
      if (x.k === "sym" && x.name === name) found = x.latex;
      return found !== null;
    });
  const exprsOf = (s: Statement): Expr[] =>
    s.kind === "claim"
      ? [s.deriv, s.rhs]
      : s.kind === "definition"
        ? [s.lhs, s.rhs]
        : s.kind === "expression"
          ? [s.expr]
          : [];
  for (const e of exprsOf(claim)) if (look(e)) return found!;
  for (const r of doc.statements) for (const e of exprsOf(r.statement)) if (look(e)) return found!;
  return name;
}

export interface Setup {
  readonly d: Derivation;
  readonly ds: () => Draw[];
  readonly doc: Document;
  /** The numerator is an abstract loss L (its gradients are VJPs with the upstream ∂L/∂Y). */
  readonly abstract: boolean;
}

/** The derivation a claim's numerator calls for, over the document as the claim sees it. */
export function setup(doc: Document, index: number, of: Expr, wrtName: string | null, cache: Cache): Setup {
  const r = doc.statements[index];
  const view = viewAt(doc, index);
  let vdoc = view.doc;
  let out: string, loss: Expr | undefined;
  const defined = definedName(vdoc, of);
  if (defined) out = defined;
  else if ((of.k === "sym" && vdoc.env.abstractScalars.has(of.name)) || of.k === "apply") {
    if (wrtName === null) throw new Unverifiable(`no definition of ${printExpr(of)}`);
    const o = outputFor(vdoc, wrtName);
    if (!o)
      throw new Unverifiable(
        `no definition of the loss ${printExpr(of)}, and ${latexOf(vdoc, r.statement, wrtName)} is not part of any definition in the lecture`,
      );
    // a scalar output is a loss in its own right: an undefined L is then not known to be it
    if (vdoc.env.ctx.scalarLike(vdoc.env.shapeOf(o.lhs)))
      throw new Unverifiable(
        `no definition of ${printExpr(of)}; the lecture's nearest scalar, ${o.lhs.latex}, is a different quantity`,
      );
    out = o.lhs.name;
    loss = of;
  } else if (of.k === "sym") {
    const only = describedOnlyAsFunction(vdoc, of);
    throw new Unverifiable(
      only
        ? `no definition of ${printExpr(of)}: the lecture writes only ${only}, a general function it never specifies (not even whether it acts entry by entry), so its Jacobian is whatever the lecture names it`
        : `no definition of ${printExpr(of)}`,
    );
  } else {
    const w = withDefinition(vdoc, of, r);
    vdoc = w.doc;
    out = w.sym.name;
  }
  const key = `${view.key}|${out}|${loss?.id ?? ""}|${of.k === "sym" || of.k === "apply" ? "" : of.id}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = { d: deriveOrOnly(vdoc, { of: out, ...(loss ? { loss } : {}) }, wrtName) };
    cache.set(key, hit);
  }
  const h = hit;
  return { d: h.d, doc: vdoc, ds: () => (h.ds ??= draws(h.d)), abstract: loss !== undefined };
}
