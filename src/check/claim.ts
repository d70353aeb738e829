// One derivative claim against the derivation: symbolic comparison of canonical forms, confirmed (or
// refuted) on several random draws; every failure to decide becomes `unverifiable` with its reason.
import * as A from "../ast/index.js";
import type { Expr, Deriv } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { derive, makeSimplifier, type Derivation, type BackwardDef } from "../derive/reverse.js";
import { LocatedError } from "../errors.js";
import { printExpr } from "../render/latex.js";
import type { Value } from "../numeric/index.js";
import { viewAt, withDefinition, outputFor, definedName } from "./view.js";
import { draws, evalAt, evalReason, asShapeOf, err, bindDerivs, SAME, DIFFERENT, type Draw } from "./numeric.js";
import { orderDiagnosis, factorDiagnosis, transposeDiagnosis, termsDiagnosis } from "./diagnose.js";
import { checkChain, checkJacobian, checkHessian } from "./jacobian.js";
import { Unverifiable, type ClaimResult, type Diagnosis } from "./types.js";

export type Claim = Extract<Statement, { kind: "claim" }>;

/** Derivations and draws shared by the claims of one document (same view, output and loss). */
export type Cache = Map<string, { d: Derivation; ds?: Draw[] }>;

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
  else if ((of.k === "sym" && vdoc.env.abstractScalars.has(of.name)) || (of.k === "apply" && of.args.every((a) => a.k === "sym"))) {
    if (wrtName === null) throw new Unverifiable(`no definition of ${printExpr(of)}`);
    const o = outputFor(vdoc, wrtName);
    if (!o) throw new Unverifiable(`no definition of the loss ${printExpr(of)}, and ${wrtName} is not part of any definition in the lecture`);
    out = o.lhs.name;
    loss = of;
  } else if (of.k === "sym") throw new Unverifiable(`no definition of ${printExpr(of)}`);
  else {
    const w = withDefinition(vdoc, of, r);
    vdoc = w.doc;
    out = w.sym.name;
  }
  const key = `${view.key}|${out}|${loss?.id ?? ""}|${of.k === "sym" || of.k === "apply" ? "" : of.id}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = { d: derive(vdoc, { of: out, ...(loss ? { loss } : {}) }) };
    cache.set(key, hit);
  }
  const h = hit;
  return { d: h.d, doc: vdoc, ds: () => (h.ds ??= draws(h.d)), abstract: loss !== undefined };
}

export function checkClaim(doc: Document, index: number, cache: Cache = new Map()): ClaimResult {
  const r = doc.statements[index];
  const s = r.statement as Claim;
  const base = { loc: r.loc, claim: r.latex };
  try {
    if (s.chain) return { ...base, ...checkChain(doc, index, s, cache) };
    if (s.deriv.order >= 2) return { ...base, ...checkHessian(doc, index, s, cache) };
    const w = s.deriv.wrt[0];
    if (s.deriv.wrt.length !== 1 || w.k !== "sym") throw new Unverifiable(`a derivative with respect to ${printExpr(w)}, which is not a single symbol`);
    const st = setup(doc, index, s.deriv.of, w.name, cache);
    if (st.d.upstream && !st.abstract) return { ...base, ...checkJacobian(st, s) };
    if (st.d.output.name === w.name && st.d.upstream) throw new Unverifiable(`${printExpr(st.d.upstream)} is the upstream gradient (from the next layer): nothing determines it`);
    const b = st.d.backward.find((x) => x.target.name === w.name);
    if (!b) throw new Unverifiable(`${w.latex} does not influence ${printExpr(s.deriv.of)} through the lecture's definitions`);
    return { ...base, ...checkGradient(r, s, st, b) };
  } catch (e) {
    return { ...base, verdict: "unverifiable", reason: reasonOf(e), derived: null, diagnoses: [], notes: [] };
  }
}

export function reasonOf(e: unknown): string {
  if (e instanceof Unverifiable) return e.message;
  if (e instanceof LocatedError) return `cannot derive: ${e.message}`;
  return evalReason(e);
}

type Body = Omit<ClaimResult, "loc" | "claim">;

/** Notes the shape checker makes about the claim's right side (lecture-style broadcasting). */
function conventionNotes(doc: Document, rhs: Expr): string[] {
  const notes = doc.env.ctx.notes as string[];
  const n = notes.length;
  try { doc.env.shapeOf(rhs); } catch { /* recorded on the statement already */ }
  return [...new Set(notes.splice(n))];
}

/** The remaining ∂Y/∂Z on the right side that are not gradients of the loss in this derivation. */
function foreignDerivs(e: Expr, d: Derivation): Deriv[] {
  const known = new Set<Expr>([...d.backward.map((b) => b.name), ...(d.upstream ? [d.upstream] : [])]);
  const out: Deriv[] = [];
  A.some(e, (x) => { if (x.k === "deriv" && !known.has(x)) out.push(x); return false; });
  return out;
}

function checkGradient(r: StmtRecord, s: Claim, st: Setup, b: BackwardDef): Body {
  const { d } = st;
  const G = b.expr, derived = printExpr(G);
  const rhs = bindDerivs(s.rhs, d);
  const foreign = foreignDerivs(rhs, d);
  if (foreign.length) throw new Unverifiable(`the right side uses ${printExpr(foreign[0])}, which is not a gradient of ${printExpr(d.loss)} in this derivation`);
  const notes = r.shapeError ? [] : conventionNotes(st.doc, s.rhs);
  let symEqual = false;
  try { symEqual = makeSimplifier(d.ctx, d.forward)(rhs, []) === G; } catch { /* numeric decides */ }
  const incorrect = (diagnoses: Diagnosis[], relErr?: number): Body => ({
    verdict: "incorrect", reason: diagnoses.map((x) => x.text).join("; "), derived, diagnoses, notes, derivedExpr: G, ...(relErr === undefined ? {} : { relErr }),
  });
  const order = orderDiagnosis(rhs, G, d.ctx);
  // the claim's product does not conform (dimensions frozen): wrong whatever the numbers
  if (r.shapeError && r.shape) return incorrect([...(order ? [order] : []), { kind: "shape", text: `shape mismatch: ${r.shapeError}` }]);
  const ds = st.ds();
  const truths: Value[] = [], claims: Value[] = [];
  try {
    for (const dr of ds) {
      truths.push(asShapeOf(dr.run.derivs.get(b.name)!, dr.run.values.get(b.target.name)));
      claims.push(evalAt(rhs, dr));
    }
  } catch (e) {
    if (symEqual) return { verdict: "correct", reason: `equal to the derived gradient (canonical forms agree; not evaluated: ${evalReason(e)})`, derived, diagnoses: [], notes, derivedExpr: G };
    throw new Unverifiable(evalReason(e));
  }
  const errs = claims.map((c, i) => err(c, truths[i]));
  const worst = Math.max(...errs);
  if (errs.every((e) => e < SAME)) {
    const how = `agrees with the derived gradient on ${ds.length} random draws (largest relative error ${worst.toExponential(1)})${symEqual ? "; canonical forms equal" : ""}`;
    return { verdict: "correct", reason: notes.length ? `${how}; ${notes.join("; ")}` : how, derived, diagnoses: [], notes, derivedExpr: G, relErr: worst };
  }
  if (symEqual || !errs.every((e) => e > DIFFERENT))
    throw new Unverifiable(`numerically inconclusive: relative errors ${errs.map((e) => e.toExponential(1)).join(", ")} on ${ds.length} draws`);
  const found = [order, factorDiagnosis(claims, truths, ds, G, rhs, d.ctx), transposeDiagnosis(claims, truths), termsDiagnosis(rhs, G, ds)]
    .filter((x): x is Diagnosis => x !== null);
  if (!found.length) found.push({ kind: "differs", text: `differs from the derived gradient (relative error ${Number.isFinite(worst) ? worst.toExponential(1) : "∞: the shapes differ"})` });
  return incorrect(found.slice(0, 2), worst);
}
