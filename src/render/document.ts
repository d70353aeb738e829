// The derivation as a standalone LaTeX document (article, amsmath) and as a lamd snippet ready to paste
// into a lecture; both keep the lecture's macros. Macro bodies from the lecture are emitted with
// \DeclareRobustCommand only when their bodies are checked notation; every formula goes through safeMath, so
// the output names only allowed control sequences (sanitize.ts).
import { basename } from "node:path";
import type { Report } from "./report.js";
import { MacroTable } from "../macro/index.js";
import { escapeLatexText } from "./escape.js";
import { definition, dropControls, safeMath, vocabulary, type Vocabulary } from "./sanitize.js";
import { derivativeFolds, foldMacros } from "./fold.js";

/** The document's macros the report uses: checked definitions for those written by name (see sanitize.ts). */
export function latexPreamble(
  formulas: Iterable<string>,
  table: MacroTable,
  v: Vocabulary = vocabulary(formulas, table),
): string {
  return [...v.named.values()].map((m) => definition(m, v)).join("\n");
}

/** Kernel code for a verbatim block: printable ASCII and newlines only, and no line that ends the block. */
const ASCII: Record<string, string> = { "×": "x", ᵀ: "^T", "·": "*", "≈": "~", "∂": "d", "→": "->", "…": "..." };
const verbatim = (code: string) =>
  wrapLines(
    dropControls(code)
      .replace(/\t/g, "    ")
      .replace(/[^\x20-\x7e\n]/gu, (c) => ASCII[c] ?? "?"),
  ).replace(/\\end\s*\{verbatim\}/g, "\\end {verbatim}");

/**
 * Columns of a listing line: \footnotesize typewriter (8pt cmtt, 4.2pt a character) in the 2cm-margin text block of
 * a letter or A4 page (≥ 483pt) holds 115; 100 leaves room, so no listing line is an overfull box.
 */
export const LISTING_COLUMNS = 100;
/** Long lines broken (after the last space that fits, else at the limit), continued 6 columns deeper than they start. */
export function wrapLines(code: string, width = LISTING_COLUMNS): string {
  return code
    .split("\n")
    .flatMap((line) => {
      const out: string[] = [];
      const indent = " ".repeat(Math.min(/^ */.exec(line)![0].length + 6, width / 2));
      let rest = line,
        first = true;
      while ((first ? 0 : indent.length) + rest.length > width) {
        const room = width - (first ? 0 : indent.length);
        const space = rest.lastIndexOf(" ", room);
        const cut = space > room / 2 ? space : room;
        out.push((first ? "" : indent) + rest.slice(0, cut).trimEnd());
        rest = rest.slice(cut).trimStart();
        first = false;
      }
      out.push((first ? "" : indent) + rest);
      return out;
    })
    .join("\n");
}

/** The formulas a report shows, with those quoted in diagnoses (for the vocabulary). */
const shown = (report: Report) => [
  ...report.formulas,
  ...report.claims.flatMap((c) => c.diagnoses.flatMap((d) => d.formulas ?? [])),
];

/** A claim's reason with the formulas its diagnoses quote typeset (`math`) and the rest as text (`prose`). */
function reasonOf(c: Report["claims"][number], prose: (s: string) => string, math: (s: string) => string): string {
  if (!c.diagnoses.length) return prose(c.reason);
  return c.diagnoses
    .map((d) => {
      const frags = [...(d.formulas ?? [])].filter(Boolean).sort((a, b) => b.length - a.length);
      let out = "",
        rest = d.text;
      while (rest) {
        const hit = frags
          .map((f) => [rest.indexOf(f), f] as const)
          .filter(([i]) => i >= 0)
          .sort((a, b) => a[0] - b[0])[0];
        if (!hit) {
          out += prose(rest);
          break;
        }
        out += prose(rest.slice(0, hit[0])) + `$${math(hit[1])}$`;
        rest = rest.slice(hit[0] + hit[1].length);
      }
      return out;
    })
    .join("; ");
}

export function renderLatex(report: Report, table: MacroTable): string {
  const t = (x: string) => escapeLatexText(x.replace(/\s*\n\s*/g, " "));
  const v = vocabulary(shown(report), table);
  const m = (x: string) => safeMath(x, v);
  const out: string[] = [];
  out.push(
    `\\documentclass[10pt]{article}`,
    `\\usepackage[margin=2cm]{geometry}`,
    `\\usepackage{amsmath,amssymb,bm}`,
    `\\allowdisplaybreaks`,
  );
  out.push(latexPreamble(report.formulas, table, v));
  out.push(`\\title{texgrad: ${t(report.file)}}`, `\\date{}`, `\\begin{document}`, `\\maketitle`);
  out.push(`\\section*{Statements}`, `\\begin{itemize}`);
  for (const s of report.statements)
    out.push(
      `\\item[\\texttt{${s.loc.line}:${s.loc.col}}] ${t(s.kind)}: $${m(s.latex)}$${s.shape ? ` \\hfill \\texttt{${t(s.shape)}}` : ""}${s.shapeError ? `\\\\ shape error: ${t(s.shapeError)}` : ""}`,
    );
  if (!report.statements.length) out.push(`\\item none`);
  out.push(`\\end{itemize}`);
  // the document's errors (a segment that did not parse, a refused \include): the report says what it leaves out
  if (report.errors.length)
    out.push(
      `\\paragraph{Errors}`,
      `\\begin{itemize}`,
      ...report.errors.map((e) => `\\item[\\texttt{${t(e.loc.file)}:${e.loc.line}:${e.loc.col}}] ${t(e.message)}`),
      `\\end{itemize}`,
    );
  out.push(`\\section*{Derivation}`);
  const d = report.derivation;
  if (!d) out.push(`No derivation: ${t(report.deriveError ?? "nothing to differentiate")}.`);
  else {
    out.push(`Gradients of $${m(d.loss)}$${d.upstream ? `, given $${m(d.upstream)}$ from the next layer` : ""}.`);
    out.push(`\\subsection*{Forward}`, ...d.forward.map((f) => `\\[ ${m(f.lhs)} = ${m(f.rhs)} \\]`));
    for (const g of d.steps) {
      out.push(`\\subsection*{$${m(g.definition)}$: ${t(g.phase)}}`);
      for (const s of g.steps)
        out.push(
          `\\noindent\\texttt{${t(s.rule)}}`,
          `\\begin{gather*} ${m(s.before)} \\\\ \\longrightarrow\\; ${m(s.after)} \\end{gather*}`,
        );
    }
    out.push(`\\subsection*{Gradients}`, ...d.gradients.map((g) => `\\[ ${m(g.name)} = ${m(g.latex)} \\]`));
  }
  out.push(`\\section*{Check}`);
  for (const c of report.claims) {
    out.push(`\\paragraph{${c.loc.line}:${c.loc.col} ${c.verdict}} $${m(c.claim)}$\\\\ ${reasonOf(c, t, m)}`);
    if (c.verdict === "incorrect" && c.derived) out.push(`\\\\ corrected: $${m(c.derived)}$`);
  }
  if (report.jacobians.length || report.hessians.length) {
    out.push(`\\section*{Jacobians and Hessians}`);
    for (const j of report.jacobians) {
      if (j.error) {
        out.push(`$${m(j.title)}$: ${t(j.error)}`, ``);
        continue;
      }
      out.push(...j.factors.map((f) => `\\[ ${m(f.name)} = ${m(f.latex)} \\]`));
      if (j.chain) out.push(`\\[ ${m(j.title)} = ${m(j.chain)} \\]`);
      out.push(`\\[ ${m(j.title)} = ${m(j.product)} \\]`);
    }
    for (const h of report.hessians) {
      if (h.error) {
        out.push(`$${m(h.title)}$: ${t(h.error)}`, ``);
        continue;
      }
      out.push(`\\[ ${m(h.title)} = ${m(h.hessian)} \\]`);
      if (h.hvp) out.push(`Along a direction: \\[ ${m(h.hvp)} \\]`);
    }
  }
  if (report.kernels?.length) {
    out.push(
      `\\section*{Kernels}`,
      `Long lines are wrapped here (continued deeper); the files \\texttt{texgrad emit} writes are not.`,
    );
    for (const k of report.kernels)
      out.push(
        `\\subsection*{${t(k.target)}}`,
        `\\begingroup\\footnotesize`,
        `\\begin{verbatim}`,
        verbatim(k.code),
        `\\end{verbatim}`,
        `\\endgroup`,
      );
  }
  out.push(`\\end{document}`, ``);
  return out.join("\n");
}

/** Braces in lamd text must balance (\notes{…} is one group). */
const balanced = (s: string) => {
  let depth = 0;
  for (const c of s) {
    if (c === "{") depth++;
    else if (c === "}" && --depth < 0) return false;
  }
  return depth === 0;
};
const lamdText = (s: string) => (balanced(s) ? s : s.replace(/[{}]/g, ""));
/** Prose for lamd: one line, balanced braces, no control characters, backslashes and dollars as text. */
const lamdProse = (s: string) =>
  lamdText(dropControls(s).replace(/\s*\n\s*/g, " "))
    .replace(/\\/g, "\\textbackslash{}")
    .replace(/\$/g, "\\$");

export function guardName(file: string): string {
  const words = basename(file)
    .replace(/\.[^.]*$/, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return "texgrad" + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("") + "Gradients";
}

export function renderLamd(report: Report, table: MacroTable = new MacroTable()): string {
  // derivatives in the lecture's macros (\dL{W_q}) where it has them and they can be written by name
  const folds = derivativeFolds(table);
  const v = vocabulary(
    shown(report).map((x) => foldMacros(x, folds)),
    table,
  );
  const usable = folds.filter((f) => v.named.has(f.name));
  const m = (x: string) => safeMath(foldMacros(x, usable), v);
  const g = guardName(report.file);
  const out: string[] = [`\\ifndef{${g}}`, `\\define{${g}}`, ``];
  if (report.errors.length)
    out.push(
      `\\notes{Errors in the source: ${report.errors.map((e) => lamdProse(`${e.loc.file}:${e.loc.line}:${e.loc.col}: ${e.message}`)).join("; ")}.}`,
      ``,
    );
  const d = report.derivation;
  if (d) {
    out.push(
      `\\newslide{Forward Pass}`,
      ``,
      `\\slides{${d.forward.map((f) => `* $${m(f.lhs)} = ${m(f.rhs)}$`).join("\n")}}`,
      ``,
    );
    out.push(
      `\\notes{The forward definitions, in dependency order. The gradients that follow are those of $${m(d.loss)}$${d.upstream ? `, given $${m(d.upstream)}$ from the next layer` : ""}.}`,
      ``,
    );
    out.push(
      `\\newslide{Backward Pass}`,
      ``,
      `\\slides{${d.gradients.map((x) => `$$${m(x.name)} = ${m(x.latex)}$$`).join("\n")}}`,
      ``,
    );
    const rules = [...new Set(d.steps.flatMap((s) => s.steps.map((x) => x.rule)))];
    out.push(
      `\\notes{Derived with the matrix-differential method: each definition's differential is pushed through its operations, and each gradient is read off the differential of the loss written as a trace, $\\operatorname{tr}(G^\\top \\mathrm{d}X)$, as $G$. Rules applied: ${lamdProse(rules.join(", "))}.}`,
      ``,
    );
  }
  if (report.claims.length) {
    out.push(`\\newslide{Checking the Claimed Gradients}`, ``);
    out.push(`\\slides{${report.claims.map((c) => `* $${m(c.claim)}$: ${c.verdict}`).join("\n")}}`, ``);
    const notes = report.claims
      .filter((c) => c.verdict !== "correct")
      .map(
        (c) =>
          `Line ${c.loc.line}: ${reasonOf(c, lamdProse, m)}${c.verdict === "incorrect" && c.derived ? `; the corrected formula is $${m(c.derived)}$` : ""}.`,
      );
    if (notes.length) out.push(`\\notes{${notes.join("\n\n")}}`, ``);
  }
  out.push(`\\endif`, ``);
  return out.join("\n");
}
