// Layer families. Definitions indexed by a generic layer ℓ (f_ℓ = W_ℓ h_{ℓ−1}, h_ℓ = φ(f_ℓ), with h_0 = x and a loss
// on h_L) describe networks of every depth. A claim about a generic ℓ (∂E/∂W_ℓ = g_ℓ h_{ℓ−1}ᵀ) is checked on
// concrete networks: for each depth L ∈ {2, 3, 4} the family is written out (f_1 … f_L; L → the depth; a concrete
// definition such as f_1 = W_1 x or h_0 = x takes the place of the generic one at its index), the claim is
// instantiated at every ℓ where each of its symbols exists, and each instance is checked as an ordinary claim.
// The claim is correct only if every instance is; one incorrect instance makes it incorrect (it says which).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import { documentOf, type Document, type StmtRecord } from "../parse/document.js";
import type { Statement } from "../parse/statement.js";
import { printExpr } from "../render/latex.js";
import { Graph } from "../derive/graph.js";
import { documentFunctions } from "../parse/functions-abstract.js";
import type { ClaimResult } from "./types.js";

export const DEPTHS = [2, 3, 4] as const;
/** `\ell` (`\layerIndex`) and `l` index layers; `L` (`\numLayers`) is the last one. */
const INDEXED = /^(.+)_(ell|l|L|\d+)(?:(m|p)(\d+))?$/;

interface LayerRef {
  readonly base: string;
  readonly at: "generic" | "last" | "fixed";
  readonly offset: number;
}

export function layerRef(s: Sym): LayerRef | null {
  const m = INDEXED.exec(s.name);
  if (!m) return null;
  const k = m[3] ? (m[3] === "m" ? -1 : 1) * Number(m[4]) : 0;
  if (/^\d+$/.test(m[2])) return m[3] ? null : { base: m[1], at: "fixed", offset: Number(m[2]) };
  return { base: m[1], at: m[2] === "L" ? "last" : "generic", offset: k };
}

/** A symbol of the layer `to` in the family of `s`, where `s` is at the generic layer ℓ + k: layer to + k. */
export function atLayerOf(s: Sym, to: LayerRef): Sym | null {
  const ref = layerRef(s);
  if (!ref || ref.at !== "generic") return null;
  const k = ref.offset + to.offset;
  const m = /^(.*)_\{[^{}]*\}$/.exec(s.latex) ?? /^(.*)_[^_]$/.exec(s.latex);
  const head = m ? m[1] : s.latex;
  if (to.at === "fixed") return k < 0 ? null : A.sym(`${ref.base}_${k}`, s.hint, `${head}_{${k}}`);
  const [ix, tex] = to.at === "last" ? ["L", "L"] : ["ell", "\\ell"];
  const suffix = k === 0 ? "" : `${k < 0 ? "m" : "p"}${Math.abs(k)}`;
  return A.sym(
    `${ref.base}_${ix}${suffix}`,
    s.hint,
    `${head}_{${tex}${k === 0 ? "" : ` ${k < 0 ? "-" : "+"} ${Math.abs(k)}`}}`,
  );
}

const usesGeneric = (e: Expr) => A.some(e, (x) => x.k === "sym" && layerRef(x)?.at === "generic");
const exprsOf = (s: Statement): Expr[] =>
  s.kind === "claim"
    ? [s.deriv, s.rhs]
    : s.kind === "definition"
      ? [s.lhs, s.rhs]
      : s.kind === "declaration"
        ? [...s.syms]
        : s.kind === "assumption"
          ? [s.lhs, s.rhs]
          : [];

/**
 * A family: some definition has a generic layer on its left (f_ℓ = …), and no layer is described in a form that is
 * not a definition (h_ℓ = h_ℓ(f_ℓ), read as a property of h_ℓ): written out, such a family would leave h_1, h_2, …
 * as free inputs that the lecture means to be functions of the layer below, and checks on it would mean nothing.
 */
export function isFamily(doc: Document): boolean {
  const generic = doc.statements.some(
    (r) =>
      r.statement.kind === "definition" && layerRef(r.statement.lhs)?.at === "generic" && !r.statement.params.length,
  );
  return (
    generic &&
    !doc.statements.some(
      (r) =>
        r.statement.kind === "assumption" && r.statement.lhs.k === "sym" && layerRef(r.statement.lhs)?.at === "generic",
    )
  );
}

/** A claim that mentions a layer of the family: a generic ℓ, or the last layer L of a base the family defines. */
export function isFamilyClaim(doc: Document, s: Statement): boolean {
  if (s.kind !== "claim") return false;
  const bases = new Set(
    doc.statements.flatMap((r) => (r.statement.kind === "definition" ? [layerRef(r.statement.lhs)?.base] : [])),
  );
  return exprsOf(s).some((e) =>
    A.some(e, (x) => {
      const r = x.k === "sym" ? layerRef(x) : null;
      return r !== null && (r.at === "generic" || (r.at === "last" && bases.has(r.base)));
    }),
  );
}

/** The symbol of layer n (`\mathbf{W}_{\ell+1}` at n = 3 → W_3, `\mathbf{W}_{3}`). */
function member(s: Sym, base: string, n: number): Sym {
  const m = /^(.*)_\{[^{}]*\}$/.exec(s.latex) ?? /^(.*)_[^_]$/.exec(s.latex);
  return A.sym(`${base}_${n}`, s.hint, `${m ? m[1] : s.latex}_{${n}}`);
}

/** `e` at depth `depth` and layer `ell` (null: no generic layer allowed); null when a layer falls outside 0…depth. */
function at(e: Expr, depth: number, ell: number | null): Expr | null {
  let out = true;
  const r = A.mapExpr(e, (x) => {
    const ref = x.k === "sym" ? layerRef(x) : null;
    if (!ref || ref.at === "fixed" || x.k !== "sym") return x;
    if (ref.at === "generic" && ell === null) {
      out = false;
      return x;
    }
    const n = (ref.at === "last" ? depth : (ell ?? 0)) + ref.offset;
    if (n < 0 || n > depth) out = false;
    return member(x, ref.base, n);
  });
  return out ? r : null;
}

function statementAt(s: Statement, depth: number, ell: number | null): Statement | null {
  const m = (e: Expr) => at(e, depth, ell);
  switch (s.kind) {
    case "definition": {
      const lhs = m(s.lhs),
        rhs = m(s.rhs);
      if (!lhs || !rhs || lhs.k !== "sym") return null;
      return { ...s, lhs, rhs, also: [] };
    }
    case "declaration": {
      const syms = s.syms.map(m);
      return syms.every((x): x is Sym => x !== null && x.k === "sym") ? { ...s, syms } : null;
    }
    case "assumption": {
      const l = m(s.lhs),
        r = m(s.rhs);
      return l && r ? { ...s, lhs: l, rhs: r } : null;
    }
    case "claim": {
      const d = m(s.deriv),
        r = m(s.rhs);
      return d && r && d.k === "deriv" ? { ...s, deriv: d, rhs: r } : null;
    }
    default:
      return null;
  }
}

interface Instance {
  readonly depth: number;
  readonly ell: number | null;
  readonly index: number;
}
export interface Written {
  readonly doc: Document;
  readonly instances: Map<number, Instance[]>;
}

/** The family written out at `depth`, with every family claim of `doc` instantiated at each admissible ℓ. */
export function writeOut(doc: Document, depth: number): Written {
  const defs: StmtRecord[] = [];
  // a concrete definition (h_0 = x, f_1 = W_1 x, h_L = softmax(f_L)) stands in for the generic one at its layer
  const concrete = new Set<string>();
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind !== "definition" || usesGeneric(s.lhs)) continue;
    const t = statementAt(s, depth, null);
    if (t && t.kind === "definition" && !concrete.has(t.lhs.name)) {
      concrete.add(t.lhs.name);
      defs.push({ ...r, statement: t, latex: `${t.lhs.latex} = ${printExpr(t.rhs)}`, shape: null });
    }
  }
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind === "claim" || s.kind === "expression" || (s.kind === "definition" && !usesGeneric(s.lhs))) continue;
    if (!exprsOf(s).some(usesGeneric)) {
      const t = statementAt(s, depth, null);
      if (t) defs.push({ ...r, statement: t, shape: null });
      continue;
    }
    for (let ell = 0; ell <= depth; ell++) {
      const t = statementAt(s, depth, ell);
      if (!t || (t.kind === "definition" && concrete.has(t.lhs.name))) continue;
      if (
        t.kind === "definition" &&
        defs.some((d) => d.statement.kind === "definition" && d.statement.lhs.name === t.lhs.name)
      )
        continue;
      defs.push({
        ...r,
        statement: t,
        latex: t.kind === "definition" ? `${t.lhs.latex} = ${printExpr(t.rhs)}` : r.latex,
        shape: null,
      });
    }
  }
  // a symbol of layer n exists if a definition names it or uses it (W_n, an input); a declaration of W_0 or a name
  // for a gradient (g_0 = ∂E/∂f_0) makes nothing exist
  const known = new Set<string>();
  for (const r of defs) {
    const s = r.statement;
    if (s.kind !== "definition" || A.some(s.rhs, (x) => x.k === "deriv")) continue;
    for (const e of exprsOf(s))
      A.some(e, (x) => {
        if (x.k === "sym") known.add(x.name);
        return false;
      });
  }
  // … but the name exists where the gradient does (g_2 = ∂E/∂f_2 with f_2 a layer)
  for (const r of defs) {
    const s = r.statement;
    if (s.kind === "definition" && s.rhs.k === "deriv" && Graph.uses(s.rhs).every((x) => known.has(x.name)))
      known.add(s.lhs.name);
  }
  const exists = (e: Expr) => !A.some(e, (x) => x.k === "sym" && layerRef(x)?.at === "fixed" && !known.has(x.name));
  const records = [...defs];
  const instances = new Map<number, Instance[]>();
  doc.statements.forEach((r, i) => {
    const s = r.statement;
    if (s.kind !== "claim" || !isFamilyClaim(doc, s)) return;
    const list: Instance[] = [];
    const ells = exprsOf(s).some(usesGeneric) ? Array.from({ length: depth + 1 }, (_, k) => k) : [null];
    for (const ell of ells) {
      const t = statementAt(s, depth, ell);
      if (!t || t.kind !== "claim" || !exprsOf(t).every(exists)) continue;
      list.push({ depth, ell, index: records.length });
      records.push({ ...r, statement: t, latex: `${printExpr(t.deriv)} = ${printExpr(t.rhs)}`, shape: null });
    }
    instances.set(i, list);
  });
  return { doc: documentOf(doc, records), instances };
}

const where = (x: Instance) => `L = ${x.depth}${x.ell === null ? "" : `, ℓ = ${x.ell}`}`;

/** Which instances were checked, grouped by depth: "L = 2 (ℓ = 1, 2), L = 3 (ℓ = 1, 2, 3)". */
function checkedList(xs: readonly Instance[]): string {
  return DEPTHS.flatMap((d) => {
    const ells = xs.filter((x) => x.depth === d).map((x) => x.ell);
    if (!ells.length) return [];
    return [ells[0] === null ? `L = ${d}` : `L = ${d} (ℓ = ${ells.join(", ")})`];
  }).join(", ");
}

/** The verdict on a family claim from the verdicts of its instances. */
export function familyVerdict(
  doc: Document,
  r: StmtRecord,
  results: readonly { inst: Instance; res: ClaimResult }[],
): ClaimResult {
  const base = { loc: r.loc, claim: r.latex };
  const all = results.map((x) => x.inst);
  if (!results.length)
    return {
      ...base,
      verdict: "unverifiable",
      reason: `at no depth L = ${DEPTHS.join(", ")} and layer ℓ do all the symbols of the claim exist in the lecture's layer definitions`,
      derived: null,
      diagnoses: [],
      notes: [],
    };
  const bad = results.find((x) => x.res.verdict === "incorrect");
  if (bad) {
    const ok = results.filter((x) => x.res.verdict === "correct").map((x) => x.inst);
    const fails = results.filter((x) => x.res.verdict === "incorrect").map((x) => x.inst);
    const text = `fails at ${fails.map(where).join("; ")}${ok.length ? ` (holds at ${ok.map(where).join("; ")})` : ""}; at ${where(bad.inst)}: ${bad.res.reason}`;
    return {
      ...base,
      verdict: "incorrect",
      reason: text,
      derived:
        bad.res.derived === null
          ? null
          : `${bad.res.derived} \\quad (\\text{at } ${where(bad.inst).replace("ℓ", "\\ell")})`,
      diagnoses: bad.res.diagnoses.map((d) => ({ ...d, text: `at ${where(bad.inst)}: ${d.text}` })),
      notes: bad.res.notes,
      ...(bad.res.relErr === undefined ? {} : { relErr: bad.res.relErr }),
    };
  }
  const unv = results.find((x) => x.res.verdict === "unverifiable");
  if (unv)
    return {
      ...base,
      verdict: "unverifiable",
      reason: `at ${where(unv.inst)}: ${unv.res.reason}`,
      derived: null,
      diagnoses: [],
      notes: [],
    };
  const fns = documentFunctions(doc.env);
  const abstract = fns ? [...fns.abstract.values()].map((f) => f.latex) : [];
  const how = abstract.length
    ? `; the abstract function${abstract.length > 1 ? "s" : ""} ${abstract.join(", ")} instantiated on each draw with a different smooth function (tanh, softplus, a random cubic, sin)`
    : "";
  const worst = Math.max(...results.map((x) => x.res.relErr ?? 0));
  return {
    ...base,
    verdict: "correct",
    reason: `holds for every instantiation of the layer family checked: ${checkedList(all)}${how}; every instance correct (at ${where(results[0].inst)}: ${results[0].res.reason})`,
    derived: results[0].res.derived,
    diagnoses: [],
    notes: [...new Set(results.flatMap((x) => x.res.notes))],
    relErr: worst,
  };
}
