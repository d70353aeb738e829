// Escaping untrusted text (lecture source, reasons, code) for HTML and for LaTeX text mode.
import { CONTROL } from "./sanitize.js";

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Controls, bidi overrides/isolates and zero-width characters (sanitize.ts CONTROL) show as U+FFFD; CR is dropped. */
export const escapeHtml = (s: string): string =>
  s
    .replace(/\r/g, "")
    .replace(CONTROL, "\ufffd")
    .replace(/[&<>"']/g, (c) => HTML[c]);

/** Unicode that reasons and shapes use, as LaTeX math (pdflatex has no glyphs for them in text). */
const UNICODE: Record<string, string> = {
  "×": "$\\times$",
  "∂": "$\\partial$",
  ℝ: "$\\mathbb{R}$",
  ᵀ: "$^\\top$",
  "⟶": "$\\to$",
  "→": "$\\to$",
  "∞": "$\\infty$",
  "·": "$\\cdot$",
  "⟨": "$\\langle$",
  "⟩": "$\\rangle$",
  "√": "$\\surd$",
  ᵐ: "$^m$",
  ⁿ: "$^n$",
  "≈": "$\\approx$",
  "…": "\\ldots{}",
  ε: "$\\varepsilon$",
  σ: "$\\sigma$",
};
const LATEX: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  $: "\\$",
  "&": "\\&",
  "#": "\\#",
  "^": "\\^{}",
  _: "\\_",
  "%": "\\%",
  "~": "\\~{}",
};

/** Text for LaTeX text mode: specials escaped, known Unicode as math, anything else non-ASCII dropped to "?". */
export function escapeLatexText(s: string): string {
  let out = "";
  for (const c of s) {
    if (c === "\r") continue;
    if (c === "\t") out += " ";
    else if (LATEX[c]) out += LATEX[c];
    else if (UNICODE[c]) out += UNICODE[c];
    else if (c.charCodeAt(0) > 126 || (c.charCodeAt(0) < 32 && c !== "\n")) out += "?";
    else out += c;
  }
  return out;
}

/** JSON for the terminal or a file: as JSON.stringify(v, null, 2), with controls, bidi and zero-width characters
 * inside strings written as \u escapes (JSON.parse gives back the same strings; the text shows none of them). */
export const jsonText = (v: unknown): string =>
  JSON.stringify(v, null, 2).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
