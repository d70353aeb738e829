// The derivation as a standalone LaTeX document (article, amsmath) and as a lamd snippet ready to paste
// into a lecture; both keep the lecture's macros. Macro bodies from the lecture are emitted with
// \providecommand only when they are plain notation (no file, shell or catcode commands).
import { basename } from "node:path";
import type { Report } from "./report.js";
import type { MacroTable } from "../macro/index.js";
import { macrosFor, standIn, type TexMacro } from "./macros.js";
import { katexKnows } from "./katex.js";
import { escapeLatexText } from "./escape.js";

const UNSAFE = /\\(input|include|write|immediate|openout|openin|read|catcode|csname|def|edef|gdef|xdef|let|usepackage|RequirePackage|documentclass|special|newwrite|newread|loop|jobname|end|begin|makeatletter)(?![A-Za-z])/;

/** \providecommand lines for the lecture's macros the document uses. */
export function latexPreamble(formulas: Iterable<string>, table: MacroTable): string {
  const defs = macrosFor(formulas, table, (n) => katexKnows(n) && !table.has(n));
  const line = (m: TexMacro) => {
    const body = UNSAFE.test(m.body) || /[^\x20-\x7e]/.test(m.body) ? standIn(m.name) : m.body;
    const n = body === m.body ? m.nparams : 0;
    return `\\providecommand{\\${m.name}}${n ? `[${n}]` : ""}{${body}}`;
  };
  return defs.map(line).join("\n");
}

export function renderLatex(report: Report, table: MacroTable): string {
  const t = escapeLatexText;
  const out: string[] = [];
  out.push(`\\documentclass[10pt]{article}`, `\\usepackage[margin=2cm]{geometry}`, `\\usepackage{amsmath,amssymb,bm}`, `\\allowdisplaybreaks`);
  out.push(latexPreamble(report.formulas, table));
  out.push(`\\title{texgrad: ${t(report.file)}}`, `\\date{}`, `\\begin{document}`, `\\maketitle`);
  out.push(`\\section*{Statements}`, `\\begin{itemize}`);
  for (const s of report.statements)
    out.push(`\\item[\\texttt{${s.loc.line}:${s.loc.col}}] ${t(s.kind)}: $${s.latex}$${s.shape ? ` \\hfill \\texttt{${t(s.shape)}}` : ""}${s.shapeError ? `\\\\ shape error: ${t(s.shapeError)}` : ""}`);
  if (!report.statements.length) out.push(`\\item none`);
  out.push(`\\end{itemize}`);
  out.push(`\\section*{Derivation}`);
  const d = report.derivation;
  if (!d) out.push(`No derivation: ${t(report.deriveError ?? "nothing to differentiate")}.`);
  else {
    out.push(`Gradients of $${d.loss}$${d.upstream ? `, given $${d.upstream}$ from the next layer` : ""}.`);
    out.push(`\\subsection*{Forward}`, ...d.forward.map((f) => `\\[ ${f.lhs} = ${f.rhs} \\]`));
    for (const g of d.steps) {
      out.push(`\\subsection*{$${g.definition}$: ${t(g.phase)}}`);
      for (const s of g.steps) out.push(`\\noindent\\texttt{${t(s.rule)}}`, `\\begin{gather*} ${s.before} \\\\ \\longrightarrow\\; ${s.after} \\end{gather*}`);
    }
    out.push(`\\subsection*{Gradients}`, ...d.gradients.map((g) => `\\[ ${g.name} = ${g.latex} \\]`));
  }
  out.push(`\\section*{Check}`);
  for (const c of report.claims) {
    out.push(`\\paragraph{${c.loc.line}:${c.loc.col} ${c.verdict}} $${c.claim}$\\\\ ${t(c.reason)}`);
    if (c.verdict === "incorrect" && c.derived) out.push(`\\\\ corrected: $${c.derived}$`);
  }
  if (report.jacobians.length || report.hessians.length) {
    out.push(`\\section*{Jacobians and Hessians}`);
    for (const j of report.jacobians) {
      if (j.error) { out.push(`$${j.title}$: ${t(j.error)}`, ``); continue; }
      out.push(...j.factors.map((f) => `\\[ ${f.name} = ${f.latex} \\]`));
      if (j.chain) out.push(`\\[ ${j.title} = ${j.chain} \\]`);
      out.push(`\\[ ${j.title} = ${j.product} \\]`);
    }
    for (const h of report.hessians) {
      if (h.error) { out.push(`$${h.title}$: ${t(h.error)}`, ``); continue; }
      out.push(`\\[ ${h.title} = ${h.hessian} \\]`);
      if (h.hvp) out.push(`Along a direction: \\[ ${h.hvp} \\]`);
    }
  }
  if (report.kernels?.length) {
    out.push(`\\section*{Kernels}`);
    for (const k of report.kernels) out.push(`\\subsection*{${t(k.target)}}`, `\\begin{verbatim}`, k.code.replace(/\\end\{verbatim\}/g, "\\end {verbatim}"), `\\end{verbatim}`);
  }
  out.push(`\\end{document}`, ``);
  return out.join("\n");
}

/** Braces in lamd text must balance (\notes{…} is one group). */
const balanced = (s: string) => {
  let depth = 0;
  for (const c of s) { if (c === "{") depth++; else if (c === "}" && --depth < 0) return false; }
  return depth === 0;
};
const lamdText = (s: string) => (balanced(s) ? s : s.replace(/[{}]/g, ""));

export function guardName(file: string): string {
  const words = basename(file).replace(/\.[^.]*$/, "").split(/[^A-Za-z0-9]+/).filter(Boolean);
  return "texgrad" + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("") + "Gradients";
}

export function renderLamd(report: Report): string {
  const g = guardName(report.file);
  const out: string[] = [`\\ifndef{${g}}`, `\\define{${g}}`, ``];
  const d = report.derivation;
  if (d) {
    out.push(`\\newslide{Forward Pass}`, ``, `\\slides{${d.forward.map((f) => `* $${f.lhs} = ${f.rhs}$`).join("\n")}}`, ``);
    out.push(`\\notes{The forward definitions, in dependency order. The gradients that follow are those of $${d.loss}$${d.upstream ? `, given $${d.upstream}$ from the next layer` : ""}.}`, ``);
    out.push(`\\newslide{Backward Pass}`, ``, `\\slides{${d.gradients.map((x) => `$$${x.name} = ${x.latex}$$`).join("\n")}}`, ``);
    const rules = [...new Set(d.steps.flatMap((s) => s.steps.map((x) => x.rule)))];
    out.push(`\\notes{Derived with the matrix-differential method: each definition's differential is pushed through its operations, and each gradient is read off the differential of the loss written as a trace, tr(G transposed times dX), as G. Rules applied: ${rules.join(", ")}.}`, ``);
  }
  if (report.claims.length) {
    out.push(`\\newslide{Checking the Claimed Gradients}`, ``);
    out.push(`\\slides{${report.claims.map((c) => `* $${c.claim}$: ${c.verdict}`).join("\n")}}`, ``);
    const notes = report.claims.filter((c) => c.verdict !== "correct").map((c) => `Line ${c.loc.line}: ${lamdText(c.reason)}${c.verdict === "incorrect" && c.derived ? `; the corrected formula is $${c.derived}$` : ""}.`);
    if (notes.length) out.push(`\\notes{${notes.join("\n\n")}}`, ``);
  }
  out.push(`\\endif`, ``);
  return out.join("\n");
}
