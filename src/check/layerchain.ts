// The chain rule over the layers of a family, written with a product over a running index:
//   df_ℓ/dw_{ℓ−k} = [∏_{i=0}^{k−1} (df_{ℓ−i}/dh_{ℓ−i−1})(dh_{ℓ−i−1}/df_{ℓ−i−1})] df_{ℓ−k}/dw_{ℓ−k}.
// For k = 1, 2, 3 the product is written out (i = 0 … k−1; subscripts ℓ − i − 1 evaluated) and the factors must
// link f_ℓ to w_{ℓ−k} as in ./chainrule.ts. The chain rule then holds when the composition is the only path: each
// factor's numerator is described in the lecture (f_ℓ = W_ℓ h_{ℓ−1}, h_ℓ = h_ℓ(f_ℓ)) in terms of the next quantity
// of the chain and otherwise only of inputs not on the path or of lower layers — no skip connection, and a layer
// uses nothing above it. The vector w_ℓ the lecture never defines stands for the entries of W_ℓ in any fixed
// order (the chain rule holds for every stacking).
import * as A from "../ast/index.js";
import type { Expr, Sym } from "../ast/index.js";
import type { Document } from "../parse/document.js";
import { printExpr } from "../render/latex.js";
import { chainLinks } from "./chainrule.js";
import { Unverifiable, type ClaimResult } from "./types.js";
import type { Claim } from "./setup.js";

type Body = Omit<ClaimResult, "loc" | "claim">;
const KS = [1, 2, 3] as const;

/** base_ell followed by offsets (m1, mi, mim1, pk): the base and the offset terms. */
const LAYERED = /^(.+?)_ell((?:[mp](?:\d+|[a-z]))*)$/;
type Offset = { readonly c: number; readonly vars: ReadonlyMap<string, number> };

function offsetOf(name: string): { base: string; off: Offset } | null {
  const m = LAYERED.exec(name);
  if (!m) return null;
  let c = 0;
  const vars = new Map<string, number>();
  for (const [, sign, t] of m[2].matchAll(/([mp])(\d+|[a-z])/g)) {
    const s = sign === "m" ? -1 : 1;
    if (/^\d+$/.test(t)) c += s * Number(t);
    else vars.set(t, (vars.get(t) ?? 0) + s);
  }
  return { base: m[1], off: { c, vars } };
}

/** A layered symbol with its running indices given values: f_{ℓ−i} at i = 2 → f_{ℓ−2}; null if a variable is left. */
function atValues(s: Sym, env: ReadonlyMap<string, number>): Sym | null {
  const r = offsetOf(s.name);
  if (!r) return s;
  let n = r.off.c;
  for (const [v, k] of r.off.vars) {
    const x = env.get(v);
    if (x === undefined) return null;
    n += k * x;
  }
  const head = /^(.*?)_\{.*\}$/.exec(s.latex)?.[1] ?? /^(.*)_[^_]$/.exec(s.latex)?.[1] ?? s.latex;
  const suffix = n === 0 ? "" : `${n < 0 ? "m" : "p"}${Math.abs(n)}`;
  return A.sym(
    `${r.base}_ell${suffix}`,
    s.hint,
    `${head}_{\\ell${n === 0 ? "" : ` ${n < 0 ? "-" : "+"} ${Math.abs(n)}`}}`,
  );
}

/** An integer limit (0, k − 1) under the running indices' values. */
function limit(e: Expr, env: ReadonlyMap<string, number>): number | null {
  if (e.k === "num") return Number.isInteger(e.value) ? e.value : null;
  if (e.k === "sym") return env.get(e.name) ?? null;
  if (A.isOp(e, "neg")) {
    const v = limit(e.args[0], env);
    return v === null ? null : -v;
  }
  if (A.isOp(e, "add")) {
    let s = 0;
    for (const a of e.args) {
      const v = limit(a, env);
      if (v === null) return null;
      s += v;
    }
    return s;
  }
  return null;
}

const isProd = (e: Expr): e is A.Apply => e.k === "apply" && /^prod_[a-z]$/.test(e.fn.name) && e.args.length === 3;

/** `e` with every ∏ written out and every layered symbol evaluated; null when something is left symbolic. */
function writeOut(e: Expr, env: ReadonlyMap<string, number>): Expr | null {
  if (isProd(e)) {
    const ix = e.fn.name.slice(5);
    const [lo, hi] = [limit(e.args[0], env), limit(e.args[1], env)];
    if (lo === null || hi === null || hi < lo) return null;
    const fs: Expr[] = [];
    for (let i = lo; i <= hi; i++) {
      const f = writeOut(e.args[2], new Map([...env, [ix, i]]));
      if (!f) return null;
      fs.push(f);
    }
    return fs.reduce((a, b) => A.op("mul", [a, b]));
  }
  if (e.k === "sym") return atValues(e, env);
  // a product whose factors hold a ∏ (the chain's bracket, then the last factor)
  if (A.isOp(e, "mul") && A.some(e, isProd)) {
    const fs = e.args.map((a) => writeOut(a, env));
    return fs.every((f): f is Expr => f !== null) ? fs.reduce((a, b) => A.op("mul", [a, b])) : null;
  }
  let ok = true;
  const out = A.mapExpr(e, (x) => {
    if (x.k !== "sym") return x;
    const y = atValues(x, env);
    if (!y) ok = false;
    return y ?? x;
  });
  return ok ? out : null;
}

/** The lecture's generic description of a base (f_ℓ = W_ℓ h_{ℓ−1}; h_ℓ = h_ℓ(f_ℓ)): the symbols it is made of. */
function describedBy(doc: Document, base: string): Sym[] | null {
  for (const r of doc.statements) {
    const s = r.statement;
    if (s.kind === "definition" && s.lhs.name === `${base}_ell` && !s.params.length)
      return [...A.symbolsOf(s.rhs).values()];
    if (s.kind === "assumption" && s.rel === "=" && s.lhs.k === "sym" && s.lhs.name === `${base}_ell`) {
      const y = s.lhs;
      const arg =
        s.rhs.k === "apply" && s.rhs.fn.name === y.name && s.rhs.args.length === 1
          ? s.rhs.args[0]
          : A.isOp(s.rhs, "mul") && s.rhs.args.length === 2 && s.rhs.args[0] === y
            ? s.rhs.args[1]
            : null;
      if (arg) return [...A.symbolsOf(arg).values()];
    }
  }
  return null;
}

/** Whether a described base uses nothing above its own layer (f_ℓ = W_ℓ h_{ℓ−1}: yes; f_ℓ = W h_{ℓ+1}: no). */
function feedForward(doc: Document, base: string): boolean {
  const parts = describedBy(doc, base);
  return (
    parts !== null &&
    parts.every((p) => {
      const r = offsetOf(p.name);
      return !r || (!r.off.vars.size && r.off.c <= 0);
    })
  );
}

/** Where a second path from the chain's top to x would run (a skip connection), or null when there is none. */
function skipConnection(doc: Document, links: readonly [Sym, Sym][], x: Sym): string | null {
  const xr = offsetOf(x.name);
  if (!xr || xr.off.vars.size) return `${x.latex} is not a layer's quantity`;
  const xMatrix = xr.base.toUpperCase();
  for (const [u, v] of links) {
    const ur = offsetOf(u.name);
    if (!ur || ur.off.vars.size) return `${u.latex} is not at a fixed layer`;
    const parts = describedBy(doc, ur.base);
    if (!parts) return `the lecture does not describe ${u.latex} in terms of its layer's inputs`;
    if (!feedForward(doc, ur.base)) return `${u.latex} uses a quantity of a layer above its own`;
    const at = (p: Sym) => {
      const pr = offsetOf(p.name);
      if (!pr) return p.name;
      const n = ur.off.c + pr.off.c;
      return `${pr.base}_ell${n === 0 ? "" : `${n < 0 ? "m" : "p"}${Math.abs(n)}`}`;
    };
    const vMatrix =
      v === x ? `${xMatrix}_ell${xr.off.c === 0 ? "" : `${xr.off.c < 0 ? "m" : "p"}${Math.abs(xr.off.c)}`}` : null;
    if (!parts.some((p) => at(p) === v.name || at(p) === vMatrix))
      return `the lecture's ${u.latex} is not made of ${v.latex}, so the factor ${u.latex} by ${v.latex} is not a link of the network`;
    for (const p of parts) {
      const pr = offsetOf(p.name);
      if (!pr) {
        if (doc.statements.some((r) => r.statement.kind === "definition" && r.statement.lhs.name === p.name))
          return `${u.latex} uses ${p.latex}, which the lecture defines outside the layers`;
        continue;
      }
      const layer = ur.off.c + pr.off.c;
      if (`${pr.base}_ell${layer === 0 ? "" : `${layer < 0 ? "m" : "p"}${Math.abs(layer)}`}` === v.name) continue;
      // the stacked vector's own matrix, in the last factor ∂f_{ℓ−k}/∂w_{ℓ−k}
      if (pr.base === xMatrix && layer === xr.off.c) {
        if (v === x) continue;
        return `${u.latex} uses the matrix of ${x.latex} directly`;
      }
      // a described quantity of layer n depends on layers ≤ n only (feed-forward): below x's layer it cannot reach x
      if (describedBy(doc, pr.base)) {
        if (!feedForward(doc, pr.base)) return `${p.latex} uses a quantity of a layer above its own`;
        if (layer >= xr.off.c) return `${u.latex} also uses ${p.latex}: a second path to ${x.latex}`;
      }
    }
  }
  return null;
}

/** The chain rule over a family's layers written with ∏, or null when the claim has no product over an index. */
export function layerProductChain(doc: Document, s: Claim): Body | null {
  if (!A.some(s.rhs, isProd)) return null;
  // a generic layer on both sides (an instance of a written-out family has concrete layers: not this check's case)
  const [y0, x0] = [s.deriv.of, s.deriv.wrt[0]];
  if (y0.k !== "sym" || x0.k !== "sym" || !offsetOf(y0.name) || !offsetOf(x0.name)) return null;
  const checked: string[] = [];
  for (const k of KS) {
    const env = new Map([["k", k]]);
    const y = writeOut(s.deriv.of, env),
      x = writeOut(s.deriv.wrt[0], env),
      rhs = writeOut(s.rhs, env);
    if (!y || !x || !rhs || y.k !== "sym" || x.k !== "sym")
      throw new Unverifiable("the product over the layers could not be written out for k = 1, 2, 3");
    const links = chainLinks(y, rhs, x);
    if (typeof links === "string")
      throw new Unverifiable(`written out at k = ${k}, the product is not the chain rule as written: ${links}`);
    const skip = skipConnection(doc, links, x);
    if (skip)
      throw new Unverifiable(
        `written out at k = ${k}, the chain rule needs each factor to be a link of the network and the chain the only path: ${skip}`,
      );
    checked.push(`k = ${k}: ${printExpr(rhs)}`);
  }
  return {
    verdict: "correct",
    reason: `the chain rule over the layers: written out for k = ${KS.join(", ")} the factors link ${printExpr(s.deriv.of)} to ${printExpr(s.deriv.wrt[0])}, and the lecture's layer definitions give each factor's numerator no other path to it (no skip connection; a layer uses only itself and the layers below); ${checked[0]}`,
    derived: null,
    diagnoses: [],
    notes: [],
  };
}
