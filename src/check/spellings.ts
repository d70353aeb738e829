// Claims whose spelling leaves something to settle against the document before they are checked:
// - `\nabla f` without subscript or argument differentiates by the one variable f is a function of (its parameter
//   in `f(\mathbf{x}) = …`, else the one input of its derivation); several candidates make it unverifiable;
// - a differential claim `\mathrm{d}y = …` is a gradient claim for a scalar y and a Jacobian claim (`dy = J dx`)
//   for a vector y; its corrected formula is printed back as a differential.
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document, StmtRecord } from "../parse/document.js";
import { NABLA_HOLE } from "../parse/spellings.js";
import { printExpr } from "../render/latex.js";
import { setup, type Cache, type Claim } from "./setup.js";
import { Unverifiable, type ClaimResult } from "./types.js";

type Check = (r: StmtRecord, s: Claim) => ClaimResult;

const isHole = (e: Expr) => e.k === "sym" && e.name === NABLA_HOLE;

/** The variable of `\nabla f`: the parameter of f's latest definition before the claim, else f's one input. */
function nablaVariable(doc: Document, index: number, of: Expr, cache: Cache): Sym {
  const name = of.k === "sym" ? of.name : of.k === "apply" ? of.fn.name : null;
  for (let i = index - 1; i >= 0 && name; i--) {
    const s = doc.statements[i].statement;
    if (s.kind === "definition" && s.lhs.name === name) {
      if (s.params.length === 1 && s.params[0].k === "sym") return s.params[0];
      break;
    }
  }
  const st = setup(doc, index, of, null, cache);
  const ins = st.d.inputs.filter((x) => !st.doc.env.abstractScalars.has(x.name));
  if (ins.length === 1) return ins[0];
  throw new Unverifiable(
    `\\nabla ${printExpr(of)} names no variable: ${printExpr(of)} depends on ${ins.map((x) => x.latex).join(", ")}; write \\nabla_{${ins[0]?.latex ?? "x"}} ${printExpr(of)}`,
  );
}

/** A differential claim's corrected right side, written back as a differential of its variable. */
function asDifferential(derived: string, x: Sym, shapeOfX: string): string {
  const dx = `\\mathrm{d}${x.latex}`;
  if (shapeOfX === "scalar") return `${derived} \\, ${dx}`;
  if (shapeOfX === "vector") return `\\left(${derived}\\right)^\\top ${dx}`;
  return `\\operatorname{tr}\\left(\\left(${derived}\\right)^\\top ${dx}\\right)`;
}

/** Check a claim after settling its spelling (a record and claim changed here carry their own shape check). */
export function withSpelling(doc: Document, index: number, cache: Cache, check: Check): ClaimResult {
  const r = doc.statements[index];
  let s = r.statement as Claim;
  let rec = r;
  try {
    if (s.deriv.wrt.some(isHole)) {
      const x = nablaVariable(doc, index, s.deriv.of, cache);
      s = {
        ...s,
        deriv: A.deriv(
          s.deriv.of,
          s.deriv.wrt.map((w) => (isHole(w) ? x : w)),
          s.deriv.order,
          s.deriv.upright,
        ),
      };
      rec = reshaped(doc, r, s, r.latex.split("\\partial \\cdot").join(`\\partial ${x.latex}`));
    }
    // ∂f/∂xᵀ is the gradient as a row (compared in that layout, ./layout.ts)
    const w0 = s.deriv.wrt[0];
    if (s.deriv.order === 1 && s.deriv.wrt.length === 1 && A.isOp(w0, "transpose") && w0.args[0].k === "sym") {
      s = { ...s, deriv: A.deriv(s.deriv.of, [w0.args[0]], 1, s.deriv.upright) };
      rec = reshaped(doc, rec, s, rec.latex);
    }
    const dr = s.differential;
    if (dr) {
      const env = doc.env;
      const scalar = env.ctx.scalarLike(env.shapeOf(dr.of));
      if (!scalar) {
        if (!dr.jacobian)
          throw new Unverifiable(
            `a differential of the non-scalar ${printExpr(dr.of)} is checked in the form \\mathrm{d}\\mathbf{y} = \\mathbf{J} \\mathrm{d}\\mathbf{x} (J the Jacobian) only`,
          );
        s = { ...s, rhs: dr.jacobian };
        rec = reshaped(doc, rec, s, rec.latex);
      }
      const res = check(rec, s);
      if (!scalar || !res.derived) return res;
      const sx = env.shapeOf(dr.wrt);
      const kind = env.ctx.scalarLike(sx) ? "scalar" : env.ctx.isVector(sx) ? "vector" : "matrix";
      return { ...res, derived: asDifferential(res.derived, dr.wrt, kind) };
    }
  } catch (e) {
    if (!(e instanceof Unverifiable)) throw e;
    // an unresolved \nabla prints as written
    const claim = rec.latex.replace(
      /^\\frac\{\\partial(\^\{\d\})? (.*?)\}\{\\partial \\cdot( \\partial \\cdot)*\}/,
      (_m, o: string | undefined, f: string) => `\\nabla${o ?? ""} ${f}`,
    );
    return { loc: r.loc, claim, verdict: "unverifiable", reason: e.message, derived: null, diagnoses: [], notes: [] };
  }
  return check(rec, s);
}

/** A record for a claim rewritten here: its shape, and the mismatch of its two sides, computed afresh. */
function reshaped(doc: Document, r: StmtRecord, s: Claim, latex: string): StmtRecord {
  const out: StmtRecord = { ...r, statement: s, latex };
  delete out.shapeError;
  try {
    doc.env.dims.freeze();
    const l = doc.env.shapeOf(s.deriv);
    out.shape = l;
    doc.env.ctx.same(l, doc.env.shapeOf(s.rhs), "claim");
  } catch (e) {
    out.shapeError = e instanceof Error ? e.message : String(e);
  } finally {
    doc.env.dims.thaw();
  }
  return out;
}
