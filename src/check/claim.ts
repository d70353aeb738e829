// One derivative claim against the derivation: symbolic comparison of canonical forms, confirmed (or
// refuted) on several random draws; every failure to decide becomes `unverifiable` with its reason.
import * as A from "../ast/index.js";
import { Graph, isDimensionLike } from "../derive/graph.js";
import type { Expr, Deriv } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import { makeSimplifier, type Derivation, type BackwardDef } from "../derive/reverse.js";
import { LocatedError } from "../errors.js";
import { printExpr } from "../render/latex.js";
import { printDisplay } from "../render/display.js";
import type { Value } from "../numeric/index.js";
import { evalAt, evalReason, asShapeOf, err, bindDerivs, SAME, DIFFERENT } from "./numeric.js";
import { orderDiagnosis, factorDiagnosis, transposeDiagnosis } from "./diagnose.js";
import { checkChain, checkJacobian, checkHessian } from "./jacobian.js";
import { assumedSymmetric, normalisedFix, symmetricFix } from "./assume.js";
import { setup, type Cache, type Claim, type Setup } from "./setup.js";
import { Unverifiable, type ClaimResult, type Diagnosis } from "./types.js";
import { foreignFunction } from "./instantiate.js";
import { withSpelling } from "./spellings.js";
import { asRowGradient, ROW_NOTE } from "./layout.js";
import { entryOf, checkEntry } from "./entry.js";
import { gradientNames, withGradientNames } from "./gradnames.js";
import { fixDiagnosis, expandedTermsDiagnosis, bestTermsDiagnosis } from "./fixes.js";
import { entriesOnly } from "../derive/entries.js";
import { checkEntrywise } from "./entrywise.js";
import { stackedWrt, stackedExpr, checkStacked, checkAbstractStacked } from "./stacked.js";

export function checkClaim(doc: Document, index: number, cache: Cache = new Map()): ClaimResult {
  return withSpelling(doc, index, cache, (r, s) => checkSpelled(doc, index, r, s, cache));
}

function checkSpelled(doc: Document, index: number, r: StmtRecord, s: Claim, cache: Cache): ClaimResult {
  const base = { loc: r.loc, claim: r.latex };
  try {
    if (s.chain) return { ...base, ...checkChain(doc, index, s, cache) };
    if (s.deriv.order >= 2) return { ...base, ...checkHessian(doc, index, s, cache) };
    const w = s.deriv.wrt[0];
    if (s.deriv.wrt.length === 1 && w.k === "slice") {
      const e = sliceClaim(doc, index, s, w, cache) ?? checkEntrywise(doc, index, s, w, cache);
      if (e) return { ...base, ...e };
    }
    // by vec X, or by a vector the lecture defines as vec X / rvec X (./stacked.ts)
    const stk = s.deriv.wrt.length === 1 ? stackedWrt(doc, w) : null;
    if (stk) {
      // ∂vec(A X B)/∂vec X: the Jacobian of A X B itself, its rows stacked the same way
      const out = stackedExpr(s.deriv.of);
      let st: Setup;
      try {
        st = setup(doc, index, out ? out[0] : s.deriv.of, stk.base.name, cache);
      } catch (e) {
        // ∂E/∂vec X of a scalar the lecture leaves undefined, in terms of ∂E/∂X
        const r = checkAbstractStacked(doc, s, stk);
        if (r) return { ...base, ...r };
        throw e;
      }
      if (!st.abstract) return { ...base, ...checkStacked(st, s, stk, out ? out[1] : null) };
    }
    if (s.deriv.wrt.length !== 1 || w.k !== "sym")
      throw new Unverifiable(`a derivative with respect to ${printExpr(w)}, which is not a single symbol`);
    const ent = entryOf(w.name);
    if (ent) {
      const e = entryClaim(doc, index, s, ent, cache);
      if (e) return { ...base, ...e };
    }
    const st = setup(doc, index, s.deriv.of, w.name, cache);
    if (st.d.upstream && !st.abstract) return { ...base, ...checkJacobian(st, s) };
    if (st.d.output.name === w.name && st.d.upstream)
      throw new Unverifiable(
        `${printExpr(st.d.upstream)} is the upstream gradient (from the next layer): nothing determines it`,
      );
    const b = st.d.backward.find((x) => x.target.name === w.name);
    if (!b)
      throw new Unverifiable(
        entriesOnly(st.d.forward, w.name, w.latex) ??
          `${w.latex} does not influence ${printExpr(s.deriv.of)} through the lecture's definitions`,
      );
    return { ...base, ...checkGradient(r, s, st, b) };
  } catch (e) {
    return { ...base, verdict: "unverifiable", reason: reasonOf(e), derived: null, diagnoses: [], notes: [] };
  }
}

/** ∂f/∂z_k with z_k not a symbol of its own but an entry of the vector z the derivation uses (./entry.ts). */
function entryClaim(doc: Document, index: number, s: Claim, [vec, ix]: [string, string], cache: Cache): Body | null {
  let st: Setup;
  try {
    st = setup(doc, index, s.deriv.of, `${vec}_${ix}`, cache);
    if (st.d.backward.some((x) => x.target.name === `${vec}_${ix}`)) return null;
  } catch {
    /* fall through to the vector */
  }
  try {
    st = setup(doc, index, s.deriv.of, vec, cache);
  } catch {
    return null;
  }
  if (st.d.upstream) return null;
  const b = st.d.backward.find((x) => x.target.name === vec);
  if (!b) return null;
  return checkEntry(st, b, ix, s.rhs);
}

/** ∂f/∂a_{i,:} where the base a enters f only through that slice: the slice is an independent variable,
 *  so it is renamed to a fresh vector in the numerator and the right side and checked as a symbol. */
function sliceClaim(doc: Document, index: number, s: Claim, w: A.Slice, cache: Cache): Body | null {
  if (w.x.k !== "sym") return null;
  const base = w.x.name;
  const fresh = A.sym(`${base}_slice`, "vector", printExpr(w));
  const swap = (e: Expr) => A.mapExpr(e, (x) => (x === w ? fresh : x));
  const of = swap(s.deriv.of),
    rhs = swap(s.rhs);
  if ([of, rhs].some((e) => Graph.uses(e).some((x) => x.name === base))) return null;
  let st: Setup;
  try {
    st = setup(doc, index, of, fresh.name, cache);
  } catch {
    return null;
  }
  if (st.d.upstream) return null;
  const b = st.d.backward.find((x) => x.target.name === fresh.name);
  if (!b) return null;
  const r = doc.statements[index];
  return checkGradient(r, { ...s, rhs, deriv: A.deriv(of, [fresh], s.deriv.order) }, st, b);
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
  try {
    doc.env.shapeOf(rhs);
  } catch {
    /* recorded on the statement already */
  }
  return [...new Set(notes.splice(n))];
}

/** The remaining ∂Y/∂Z on the right side that are not gradients of the loss in this derivation. */
function foreignDerivs(e: Expr, d: Derivation): Deriv[] {
  const known = new Set<Expr>([...d.backward.map((b) => b.name), ...(d.upstream ? [d.upstream] : [])]);
  const out: Deriv[] = [];
  A.some(e, (x) => {
    if (x.k === "deriv" && !known.has(x)) out.push(x);
    return false;
  });
  return out;
}

/** The first symbol of `e` that is neither an input, a constant nor a definition of the derivation. */
function unknownSymbols(e: Expr, d: Setup["d"], doc: Setup["doc"]): A.Sym | undefined {
  const known = new Set([...d.inputs, ...d.constants, ...d.forward.map((f) => f.lhs)].map((x) => x.name));
  const family = (n: string) => {
    const m = /^(.+)_(?:[A-Za-z]|\d+)$/.exec(n);
    return m !== null && (known.has(m[1]) || known.has(m[1].toUpperCase()));
  };
  return Graph.uses(e).find(
    (x) => !known.has(x.name) && !family(x.name) && !isDimensionLike(x, doc) && !doc.env.abstractScalars.has(x.name),
  );
}

/** x used under \sum_i beside the data points x_i of that sum: the right side with x_i there instead. */
function memberMeant(rhs: Expr, x: A.Sym): { rhs: Expr; index: string; latex: string } | null {
  let found: { index: string; latex: string } | null = null;
  const swap = (e: Expr): Expr => {
    const down = () => A.withChildren(e, A.children(e).map(swap));
    if (e.k !== "sumidx") return down();
    const member = Graph.uses(e.body).find((u) => u.name === `${x.name}_${e.index}`);
    if (!member) return down();
    found = { index: e.index, latex: member.latex };
    return A.mapExpr(e, (y) => (y === x ? member : y));
  };
  const out = swap(rhs);
  return found && out !== rhs ? { rhs: out, ...(found as { index: string; latex: string }) } : null;
}

function checkGradient(r: StmtRecord, s: Claim, st: Setup, b: BackwardDef): Body {
  const { d } = st;
  // printed for people: helper operations (select, lnscale, …) in conventional notation
  const G = b.expr,
    derived = printDisplay(G, st.doc.env);
  // a gradient by a vector written as a row: compared as a column (./layout.ts)
  // g_ℓ where the lecture wrote g_ℓ = ∂L/∂f_ℓ is that gradient (./gradnames.ts)
  const claimed = withGradientNames(s.rhs, gradientNames(st.doc));
  const row = asRowGradient(st.doc, claimed, b.target);
  const rhs = bindDerivs(row ?? claimed, d);
  const foreign = foreignDerivs(rhs, d);
  if (foreign.length)
    throw new Unverifiable(
      `the right side uses ${printExpr(foreign[0])}, which is not a gradient of ${printExpr(d.loss)} in this derivation`,
    );
  // a symbol the derivation does not know makes the claim unverifiable, whatever its shape
  const foreignFn = foreignFunction(
    rhs,
    d.forward.map((f) => f.rhs),
    st.doc.env,
  );
  if (foreignFn)
    throw new Unverifiable(
      `the right side uses ${foreignFn.latex}, a function the lecture does not define and the derivation does not use`,
    );
  const unknown = unknownSymbols(rhs, d, st.doc);
  if (unknown) {
    // x inside Σ_i where the data points are x_i: say whether the claim holds with x_i in its place
    const meant = memberMeant(s.rhs, unknown);
    let outcome = "unverifiable";
    if (meant)
      try {
        outcome = checkGradient(r, { ...s, rhs: meant.rhs }, st, b).verdict;
      } catch {
        /* undecided either way */
      }
    throw new Unverifiable(
      `undefined symbol ${unknown.latex} (not defined in the lecture and not an input of the derivation)${
        meant
          ? `; it stands inside \\sum_{${meant.index}} beside ${meant.latex}${
              outcome === "correct"
                ? `: with ${meant.latex} in its place the claim agrees with the derived gradient`
                : outcome === "incorrect"
                  ? `, but even with ${meant.latex} in its place the claim does not agree with the derived gradient`
                  : ""
            }`
          : ""
      }`,
    );
  }
  const notes = row ? [ROW_NOTE] : r.shapeError ? [] : conventionNotes(st.doc, s.rhs);
  let symEqual = false;
  try {
    symEqual = makeSimplifier(d.ctx, d.forward)(rhs, []) === G;
  } catch {
    /* numeric decides */
  }
  const incorrect = (diagnoses: Diagnosis[], relErr?: number): Body => ({
    verdict: "incorrect",
    reason: diagnoses.map((x) => x.text).join("; "),
    derived,
    diagnoses,
    notes,
    derivedExpr: G,
    ...(relErr === undefined ? {} : { relErr }),
  });
  const order = orderDiagnosis(rhs, G, d.ctx);
  // a construct texgrad refuses (X^{-1/2} of a matrix, ‖X‖₂) says nothing about the claim being wrong
  if (r.shapeError && /not supported|is ambiguous/.test(r.shapeError)) throw new Unverifiable(r.shapeError);
  // a matrix literal fixes a size the lecture's dimensions may contradict (a symbol reused at another size)
  if (r.shapeError && A.some(s.rhs, (x) => A.literalRows(x) !== null))
    throw new Unverifiable(
      `the right side is written with a matrix of fixed size, which the lecture's dimensions do not give ${printExpr(b.target)} (${r.shapeError})`,
    );
  // the claim's product does not conform (dimensions frozen): wrong whatever the numbers
  if (r.shapeError && r.shape && !row)
    return incorrect([...(order ? [order] : []), { kind: "shape", text: `shape mismatch: ${r.shapeError}` }]);
  const ds = st.ds();
  const truths: Value[] = [],
    claims: Value[] = [];
  try {
    for (const dr of ds) {
      truths.push(asShapeOf(dr.run.derivs.get(b.name)!, dr.run.values.get(b.target.name)));
      claims.push(evalAt(rhs, dr, undefined, truths[truths.length - 1]));
    }
  } catch (e) {
    if (symEqual)
      return {
        verdict: "correct",
        reason: `equal to the derived gradient (canonical forms agree; not evaluated: ${evalReason(e)})`,
        derived,
        diagnoses: [],
        notes,
        derivedExpr: G,
      };
    throw new Unverifiable(evalReason(e));
  }
  const errs = claims.map((c, i) => err(c, truths[i]));
  const worst = Math.max(...errs);
  if (errs.every((e) => e < SAME)) {
    const how = `agrees with the derived gradient on ${ds.length} random draws (largest relative error ${worst === 0 ? "0" : worst.toExponential(1)})${symEqual ? "; canonical forms equal" : ""}`;
    return {
      verdict: "correct",
      reason: notes.length ? `${how}; ${notes.join("; ")}` : how,
      derived,
      diagnoses: [],
      notes,
      derivedExpr: G,
      relErr: worst,
    };
  }
  const sym = symmetricFix(d, rhs, G, ds);
  if (sym && assumedSymmetric(st.doc).has(sym.name)) {
    const note = `holds under the lecture's assumption ${sym.latex} = ${sym.latex}^\\top (checked on ${ds.length} draws with ${sym.latex} symmetric)`;
    return { verdict: "correct", reason: note, derived, diagnoses: [], notes: [note], derivedExpr: G };
  }
  if (sym)
    return incorrect(
      [{ kind: "differs", text: `holds only if ${sym.latex} is symmetric, which the lecture does not assume` }],
      worst,
    );
  const norm = errs.every((e) => e > DIFFERENT) ? normalisedFix(d, rhs, G, ds) : null;
  if (norm)
    return incorrect(
      [
        {
          kind: "differs",
          text: `holds only if \\mathbf{1}^\\top ${norm.latex} = 1, which the lecture does not assume`,
        },
      ],
      worst,
    );
  if (symEqual || !errs.every((e) => e > DIFFERENT))
    throw new Unverifiable(
      `numerically inconclusive: relative errors ${errs.map((e) => e.toExponential(1)).join(", ")} on ${ds.length} draws`,
    );
  const found = [
    order,
    factorDiagnosis(claims, truths, ds, G, rhs, d.ctx),
    transposeDiagnosis(claims, truths),
    bestTermsDiagnosis(rhs, G, ds),
  ].filter((x): x is Diagnosis => x !== null);
  // one edit that fixes the claim, or terms against the derived formula multiplied out (./fixes.ts)
  if (!found.length) {
    const f = fixDiagnosis(rhs, truths, ds, G) ?? expandedTermsDiagnosis(rhs, G, ds);
    if (f) found.push(f);
  }
  if (!found.length)
    found.push({
      kind: "differs",
      text: `differs from the derived gradient (relative error ${Number.isFinite(worst) ? worst.toExponential(1) : "∞: the shapes differ"})`,
    });
  // a row that is wrong as a row is wrong in both layouts
  return incorrect(
    [
      ...found.slice(0, 2),
      ...(row ? [{ kind: "differs" as const, text: "wrong in both layouts (as a row and as a column)" }] : []),
    ],
    worst,
  );
}
