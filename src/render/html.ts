// The HTML report: one self-contained page (KaTeX CSS and fonts inlined, formulas rendered at build time,
// no script). A Content-Security-Policy forbids scripts outright, and all source text is escaped.
import type { Report } from "./report.js";
import type { MacroTable } from "../macro/index.js";
import { escapeHtml as esc } from "./escape.js";
import { katexMacros, renderMath, inlineKatexCss } from "./katex.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f;overflow-wrap:break-word}
nav.toc{background:#f6f6f6;border-radius:4px;padding:.4rem 1rem;margin:1rem 0}nav.toc ol{margin:.2rem 0;padding-left:1.4rem}nav.toc a{color:#1d4ed8}
section{scroll-margin-top:1rem}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border-bottom:1px solid #eee;padding:.35rem .5rem;text-align:left;vertical-align:top}
col.c-where{width:6.5rem}col.c-kind{width:7.5rem}col.c-shape{width:9rem}col.c-verdict{width:7.5rem}col.c-rule{width:14rem}
@media (max-width:700px){col.c-where{width:4rem}col.c-kind{width:5.5rem}col.c-shape{width:5rem}col.c-rule{width:7rem}col.c-verdict{width:5.5rem}}
.loc,.shape,.rule{font-family:ui-monospace,monospace;font-size:.85em;color:#555;overflow-wrap:anywhere}
.verdict{font-weight:600;white-space:nowrap}.correct{color:#17803d}.incorrect{color:#b42318}.unverifiable{color:#a15c00}
.reason{color:#333}
.formula{display:inline-block;max-width:100%;overflow-x:auto;overflow-y:hidden;vertical-align:middle}.formula .katex-display{margin:.4em 0}
.formula.display{display:block}
pre{background:#f6f6f6;padding:1rem;overflow-x:auto;font-size:.85em;max-width:100%}
.summary span{margin-right:1.5rem}`;

/** Text with the given LaTeX fragments typeset and everything else escaped. */
function withMath(text: string, formulas: readonly string[], m: (latex: string) => string): string {
  const frags = [...formulas].filter(Boolean).sort((a, b) => b.length - a.length);
  let out = "",
    rest = text;
  while (rest) {
    const hits = frags
      .map((f) => [rest.indexOf(f), f] as const)
      .filter(([i]) => i >= 0)
      .sort((a, b) => a[0] - b[0]);
    if (!hits.length) {
      out += esc(rest);
      break;
    }
    const [i, f] = hits[0];
    out += esc(rest.slice(0, i)) + m(f);
    rest = rest.slice(i + f.length);
  }
  return out;
}

export function renderHtml(report: Report, macrosTable: MacroTable): string {
  const macros = katexMacros(report.formulas, macrosTable);
  const m = (latex: string, display = false) =>
    `<span class="formula${display ? " display" : ""}">${renderMath(latex, macros, display)}</span>`;
  // a place in the report's file is line:col; one in an included file names the file
  const loc = (l: { file: string; line: number; col: number }) =>
    `<span class="loc">${l.file && l.file !== report.file ? `${esc(l.file)}:` : ""}${l.line}:${l.col}</span>`;
  const cols = (...names: string[]) => `<colgroup>${names.map((n) => `<col class="c-${n}">`).join("")}</colgroup>`;
  const parts: string[] = [];
  parts.push(`<h1>texgrad report: ${esc(report.file)}</h1>`);
  const toc: [string, string][] = [
    ["statements", "Statements"],
    ["derivation", "Derivation"],
    ["check", "Check"],
  ];
  if (report.jacobians.length || report.hessians.length) toc.push(["jacobians", "Jacobians and Hessians"]);
  if (report.kernels && report.kernels.length) toc.push(["kernels", "Kernels"]);
  const sub = (id: string): string => {
    const d = report.derivation;
    if (id === "derivation" && d)
      return `<ol><li><a href="#forward">Forward</a></li><li><a href="#steps">Steps</a></li><li><a href="#gradients">Gradients</a></li></ol>`;
    if (id === "kernels" && report.kernels)
      return `<ol>${report.kernels.map((k) => `<li><a href="#kernel-${esc(k.target)}">${esc(k.target)}</a></li>`).join("")}</ol>`;
    return "";
  };
  parts.push(
    `<nav class="toc" aria-label="Contents"><ol>${toc.map(([id, title]) => `<li><a href="#${id}">${title}</a>${sub(id)}</li>`).join("")}</ol></nav>`,
  );

  const counts = { correct: 0, incorrect: 0, unverifiable: 0 };
  for (const c of report.claims) counts[c.verdict]++;
  parts.push(
    `<p class="summary">${Object.entries(counts)
      .map(([k, v]) => `<span class="${k}">${v} ${k}</span>`)
      .join("")}</p>`,
  );

  parts.push(
    `<section id="statements"><h2>Statements</h2><table>${cols("where", "kind", "formula", "shape")}<tr><th>where</th><th>kind</th><th>formula</th><th>shape</th></tr>`,
  );
  for (const s of report.statements)
    parts.push(
      `<tr><td>${loc(s.loc)}</td><td>${esc(s.kind)}</td><td>${m(s.latex)}</td><td class="shape">${esc(s.shape ?? "")}${s.shapeError ? `<br>${esc(s.shapeError)}` : ""}</td></tr>`,
    );
  parts.push(`</table>`);
  for (const e of report.errors) parts.push(`<p class="incorrect">${loc(e.loc)} ${esc(e.message)}</p>`);
  parts.push(`</section>`);

  parts.push(`<section id="derivation"><h2>Derivation</h2>`);
  const d = report.derivation;
  if (!d) parts.push(`<p>No derivation: ${esc(report.deriveError ?? "nothing to differentiate")}</p>`);
  else {
    parts.push(`<p>Gradients of ${m(d.loss)}${d.upstream ? `, given ${m(d.upstream)} from the next layer` : ""}.</p>`);
    parts.push(
      `<h3 id="forward">Forward</h3>${d.forward.map((f) => `<div>${m(`${f.lhs} = ${f.rhs}`, true)}</div>`).join("")}`,
    );
    parts.push(`<h3 id="steps">Steps</h3>`);
    for (const g of d.steps) {
      parts.push(`<h3>${m(g.definition)} · ${esc(g.phase)}</h3><table>${cols("rule", "step")}`);
      for (const s of g.steps)
        parts.push(
          `<tr><td class="rule">${esc(s.rule)}</td><td>${m(`${s.before} \\;\\longrightarrow\\; ${s.after}`)}</td></tr>`,
        );
      parts.push(`</table>`);
    }
    parts.push(
      `<h3 id="gradients">Gradients</h3>${d.gradients.map((g) => `<div>${m(`${g.name} = ${g.latex}`, true)}</div>`).join("")}`,
    );
  }
  parts.push(`</section>`);

  parts.push(
    `<section id="check"><h2>Check</h2><table>${cols("where", "verdict", "claim")}<tr><th>where</th><th>verdict</th><th>claim</th></tr>`,
  );
  for (const c of report.claims) {
    const fix = c.verdict === "incorrect" && c.derived ? `<div>corrected: ${m(c.derived)}</div>` : "";
    const why = c.diagnoses.length
      ? c.diagnoses.map((x) => withMath(x.text, x.formulas ?? [], m)).join("; ")
      : esc(c.reason);
    parts.push(
      `<tr><td>${loc(c.loc)}</td><td class="verdict ${c.verdict}">${c.verdict}</td><td>${m(c.claim)}<div class="reason">${why}</div>${fix}</td></tr>`,
    );
  }
  parts.push(`</table></section>`);

  if (report.jacobians.length || report.hessians.length) {
    parts.push(`<section id="jacobians"><h2>Jacobians and Hessians</h2>`);
    for (const j of report.jacobians) {
      parts.push(`<h3>${m(j.title)}</h3>`);
      if (j.error) {
        parts.push(`<p class="unverifiable">${esc(j.error)}</p>`);
        continue;
      }
      for (const f of j.factors)
        parts.push(
          `<div>${m(`${f.name} = ${f.latex}`, true)}${f.note ? `<p class="reason">${esc(f.note)}</p>` : ""}</div>`,
        );
      if (j.chain) parts.push(`<p>The chain:</p><div>${m(j.chain, true)}</div>`);
      parts.push(
        `<p>The product:</p><div>${m(j.product, true)}</div><ul>${j.notation.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`,
      );
    }
    for (const h of report.hessians) {
      parts.push(`<h3>${m(h.title)}</h3>`);
      if (h.error) {
        parts.push(`<p class="unverifiable">${esc(h.error)}</p>`);
        continue;
      }
      parts.push(`<p>Gradient</p><div>${m(h.gradient, true)}</div><p>Hessian</p><div>${m(h.hessian, true)}</div>`);
      if (h.hvp) parts.push(`<p>Hessian–vector product</p><div>${m(h.hvp, true)}</div>`);
    }
    parts.push(`</section>`);
  }

  if (report.kernels && report.kernels.length) {
    parts.push(`<section id="kernels"><h2>Kernels</h2>`);
    for (const k of report.kernels)
      parts.push(`<h3 id="kernel-${esc(k.target)}">${esc(k.target)}</h3><pre><code>${esc(k.code)}</code></pre>`);
    parts.push(`</section>`);
  }

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>texgrad: ${esc(report.file)}</title>
<style>${inlineKatexCss()}</style><style>${STYLE}</style>
</head><body>
${parts.join("\n")}
</body></html>
`;
}
