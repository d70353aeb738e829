// Symbol naming and kinds: `\mathbf{X}`/capital → matrix, `\mathbf{x}`/`\boldsymbol{\mu}` → vector, plain
// lower-case or Greek → scalar; an undefined macro's kind comes from its name (…Matrix, …Vector, …Scalar, …Dim).
import type { SymKind } from "../ast/index.js";

export const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "varepsilon",
  "zeta",
  "eta",
  "theta",
  "vartheta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "pi",
  "varpi",
  "rho",
  "varrho",
  "sigma",
  "varsigma",
  "tau",
  "upsilon",
  "phi",
  "varphi",
  "chi",
  "psi",
  "omega",
  "Gamma",
  "Delta",
  "Theta",
  "Lambda",
  "Xi",
  "Pi",
  "Sigma",
  "Upsilon",
  "Phi",
  "Psi",
  "Omega",
  "ell",
  "ast",
  "star",
  "nabla",
]);

/** Commands that draw a symbol in a font: transparent for naming, but bold marks vectors/matrices. */
export const FONTS = new Set([
  "mathbf",
  "boldsymbol",
  "bm",
  "mathrm",
  "mathit",
  "mathcal",
  "mathscr",
  "mathsf",
  "mathtt",
  "mathfrak",
  "bf",
  "rm",
  "it",
  "cal",
  "vec",
  "mathbold",
  "pmb",
]);
export const BOLD = new Set(["mathbf", "boldsymbol", "bm", "bf", "vec", "mathbold", "pmb"]);
/** Accents make distinct symbols: `\hat{x}` → `x_hat`. */
export const ACCENTS = new Set([
  "hat",
  "tilde",
  "bar",
  "widehat",
  "widetilde",
  "overline",
  "dot",
  "ddot",
  "check",
  "breve",
  "acute",
  "grave",
  "underline",
]);
const ACCENT_NAME: Record<string, string> = { widehat: "hat", widetilde: "tilde", overline: "bar", underline: "ubar" };
export const accentName = (a: string) => ACCENT_NAME[a] ?? a;

export function kindOfName(name: string, bold: boolean): SymKind {
  if (/(Matrix|Mat)$/.test(name)) return "matrix";
  if (/(Vector|Vec)$/.test(name)) return "vector";
  if (/(Scalar|Dim|Val|Value)$/.test(name)) return "scalar";
  const isUpperGreek = /^[A-Z][a-z]+$/.test(name) && GREEK.has(name);
  if (name.length === 1 || GREEK.has(name)) {
    const upper = /^[A-Z]/.test(name) || isUpperGreek;
    if (bold) return upper ? "matrix" : "vector";
    return upper && name.length === 1 ? "matrix" : upper ? "matrix" : "scalar";
  }
  return "unknown";
}

/** Identifier-safe name of a symbol (`W_q1`, `x_hat`, `queryMatrix`). */
export const cleanName = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "");
