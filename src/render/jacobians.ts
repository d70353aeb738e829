// The Jacobian and Hessian sections of a rendered document: each local factor with its structure (diag,
// ⊗, outer products, block-diagonal rows), the chain, the product, and the Hessian or Hessian–vector product.
import type { Document } from "../parse/document.js";
import { jacobian } from "../derive/jacobian.js";
import { hessian } from "../derive/hessian.js";
import { notation, printJ, structure } from "../derive/jprint.js";
import { printExpr } from "./latex.js";

export interface JacobianSection {
  readonly title: string; // LaTeX: ∂ rvec Y / ∂ rvec X
  readonly factors: { readonly name: string; readonly latex: string; readonly note: string | null }[];
  readonly chain: string | null;
  readonly product: string;
  readonly notation: string[];
  readonly error?: string;
}
export interface HessianSection {
  readonly title: string;
  readonly gradient: string;
  readonly hessian: string;
  /** For a matrix variable: the Hessian–vector product along the direction. */
  readonly hvp: string | null;
  readonly error?: string;
}

const rv = (latex: string) => `\\operatorname{rvec} ${latex}`;

export function jacobianSections(doc: Document, of: string, wrts: readonly string[]): JacobianSection[] {
  return wrts.map((wrt) => {
    try {
      const j = jacobian(doc, { of, wrt });
      return {
        title: `\\frac{\\partial\\, ${rv(j.output.latex)}}{\\partial\\, ${rv(j.input.latex)}}`,
        factors: j.factors.map((f) => ({
          name: printExpr(f.name),
          latex: printJ(f.expr, j.sizes),
          note: structure(f, j),
        })),
        chain: j.factors.length > 1 ? printJ(j.chain, j.sizes) : null,
        product: printJ(j.expr, j.sizes),
        notation: notation([j.expr, ...j.factors.map((f) => f.expr)]),
      };
    } catch (e) {
      return {
        title: `\\partial ${of} / \\partial ${wrt}`,
        factors: [],
        chain: null,
        product: "",
        notation: [],
        error: e instanceof Error ? e.message : String(e),
      };
    }
  });
}

export function hessianSections(doc: Document, of: string, wrts: readonly string[]): HessianSection[] {
  return wrts.map((wrt) => {
    try {
      const h = hessian(doc, { of, wrt });
      return {
        title: `\\frac{\\partial^2 ${h.output.latex}}{\\partial\\, ${rv(h.input.latex)}\\, \\partial\\, ${rv(h.input.latex)}^\\top}`,
        gradient: printExpr(h.gradient),
        hessian: printJ(h.hessian.expr, h.hessian.sizes),
        hvp: h.matrix ? printExpr(h.hvp) : null,
      };
    } catch (e) {
      return {
        title: `\\partial^2 ${of} / \\partial ${wrt}^2`,
        gradient: "",
        hessian: "",
        hvp: null,
        error: e instanceof Error ? e.message : String(e),
      };
    }
  });
}

/** Every formula of the sections (for the page's macro definitions). */
export const sectionFormulas = (js: readonly JacobianSection[], hs: readonly HessianSection[]): string[] => [
  ...js.flatMap((j) => [
    j.title,
    ...j.factors.flatMap((f) => [f.name, f.latex]),
    ...(j.chain ? [j.chain] : []),
    j.product,
  ]),
  ...hs.flatMap((h) => [h.title, h.gradient, h.hessian, ...(h.hvp ? [h.hvp] : [])]),
];
