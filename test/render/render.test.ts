// Rendered documents: the HTML page is self-contained and escapes untrusted text, the LaTeX document
// compiles (when pdflatex is installed), and the lamd snippet reads back as the same derivation.
import { describe, expect, test } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDocument } from "../../src/parse/document.js";
import { renderHtml } from "../../src/render/html.js";
import { renderLatex, renderLamd, wrapLines, LISTING_COLUMNS } from "../../src/render/document.js";
import { buildReport } from "../../src/render/report.js";
import { EXAMPLE, ARTIFACTS, reportOf } from "./helpers.js";

const { doc, report } = await reportOf(EXAMPLE);

describe("render --html", () => {
  const html = renderHtml(report, doc.macros);
  writeFileSync(join(ARTIFACTS, "attention.html"), html);
  test("self-contained: KaTeX CSS inlined with fonts as data URLs, nothing fetched, no script", () => {
    expect(html).toContain(".katex");
    expect(html).toMatch(/url\(data:font\/woff2;base64,/);
    expect(html).not.toMatch(/url\((?!data:)/);
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html).toMatch(/Content-Security-Policy/);
  });
  test("statements, every step with its rule name, the verdicts, the kernels when a generator exists", () => {
    for (const id of ["statements", "derivation", "check"]) expect(html).toContain(`id="${id}"`);
    for (const s of report.derivation!.steps.flatMap((g) => g.steps)) expect(html).toContain(`>${s.rule}<`);
    expect(report.claims.map((c) => c.verdict).filter((v) => v === "incorrect")).toHaveLength(1);
    if (report.kernels?.length) expect(html).toContain(`id="kernels"`);
    else expect(html).not.toContain(`id="kernels"`);
  });
  test("untrusted source text is escaped and cannot run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-render-"));
    const evil = join(dir, "evil<script>.md");
    writeFileSync(
      evil,
      [
        "\\newcommand{\\evil}{\\href{javascript:alert(1)}{x}}",
        "$X \\in \\mathbb{R}^{n \\times d}$ $Y = X W$ $\\frac{\\partial L}{\\partial X} = \\evil \\text{<script>alert(1)</script>}$",
        "$\\frac{<img src=x onerror=alert(1)>}{$ $Z = \\def\\a{\\a\\a}\\a$",
      ].join("\n"),
    );
    const d = loadDocument(evil);
    const { buildReport } = await import("../../src/render/report.js");
    const page = renderHtml(await buildReport(d), d.macros);
    expect(page).not.toMatch(/<script|<img|javascript:|onerror=/i);
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("render --latex", () => {
  const tex = renderLatex(report, doc.macros);
  test("a standalone document", () => {
    expect(tex).toMatch(/^\\documentclass/);
    expect(tex).toContain("\\begin{document}");
    expect(tex.trimEnd()).toMatch(/\\end\{document\}$/);
    for (const g of report.derivation!.gradients) expect(tex).toContain(g.latex);
  });
  const pdflatex = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].find(existsSync);
  if (!pdflatex)
    console.warn(
      "skipping the LaTeX compile test: pdflatex not installed (apt-get install texlive-latex-base texlive-latex-recommended)",
    );
  test.skipIf(!pdflatex)("compiles with pdflatex", () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-latex-"));
    writeFileSync(join(dir, "attention.tex"), tex);
    execFileSync(pdflatex!, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "attention.tex"], {
      cwd: dir,
      stdio: "pipe",
      timeout: 120_000,
    });
    expect(existsSync(join(dir, "attention.pdf"))).toBe(true);
    // the kernel listings wrap: no line of the document sticks out of the text block
    const log = readFileSync(join(dir, "attention.log"), "latin1");
    expect(log.match(/Overfull \\hbox.*/g) ?? []).toEqual([]);
  });
  test("listing lines are wrapped at the last space that fits, continued deeper; short lines untouched", () => {
    const line = `    ${"word ".repeat(60)}end`;
    const wrapped = wrapLines(`short\n${line}`).split("\n");
    expect(wrapped[0]).toBe("short");
    expect(wrapped.length).toBeGreaterThan(3);
    for (const w of wrapped) expect(w.length).toBeLessThanOrEqual(LISTING_COLUMNS);
    for (const w of wrapped.slice(2)) expect(w.startsWith(" ".repeat(10))).toBe(true);
    expect(
      wrapped
        .slice(1)
        .map((w) => w.trim())
        .join(" "),
    ).toBe(line.trim()); // nothing lost
    expect(
      wrapLines("x".repeat(250))
        .split("\n")
        .map((w) => w.trim())
        .join(""),
    ).toBe("x".repeat(250)); // no space: cut at the limit
  });
});

describe("file names in reports", () => {
  test("an absolute path shows as relative to the current folder, or its base name outside it; never the machine's path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-names-"));
    writeFileSync(join(dir, "part.md"), "Some text $Y = \\operatorname{tr}(X +)$ here.\n");
    writeFileSync(
      join(dir, "lecture.md"),
      "\\include{part.md}\n\n$$X \\in \\mathbb{R}^{n \\times n}$$\n$$L = \\operatorname{tr}(X)$$\n",
    );
    const d = loadDocument(join(dir, "lecture.md"));
    const r = await buildReport(d);
    expect(r.file).toBe("lecture.md");
    for (const out of [renderHtml(r, d.macros), renderLatex(r, d.macros), renderLamd(r, d.macros)]) {
      expect(out).not.toContain(dir);
      expect(out).toContain("part.md:1:"); // the error in the included file says which file
    }
    const here = await buildReport(loadDocument(EXAMPLE));
    expect(here.file).toBe("examples/attention.md"); // inside the current folder: relative to it
  });
});

describe("render --lamd in the lecture's macros", () => {
  const lamd = renderLamd(report, doc.macros);
  writeFileSync(join(ARTIFACTS, "attention.macros.lamd.md"), lamd);
  test("derivatives use the lecture's \\dL where it defines one", () => {
    expect(lamd).toContain("$$\\dL{V} = A^\\top \\dL{O}$$");
    expect(lamd).toContain("\\dL{W_{q}} = X^\\top \\dL{Q}");
    expect(lamd).not.toContain("\\frac{\\partial L}");
    // ∂Q/∂X is not ∂L/∂·: it stays as printed
    expect(lamd).toContain("\\frac{\\partial Q}{\\partial X}");
  });
  test("math stays inside $…$: the prose between has no LaTeX", () => {
    const prose = lamd
      .replace(/\$\$[^$]*\$\$|\$[^$]*\$/g, " ")
      .replace(/\\(ifndef|define|endif|newslide|slides|notes)\b/g, "");
    expect(prose).not.toMatch(/\\[A-Za-z]|\^|_\{|textbackslash/);
  });
  test("reads back with the lecture's macros: the same gradients", () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-lamd-"));
    const f = join(dir, "snippet.md");
    writeFileSync(f, "\\newcommand{\\dL}[1]{\\frac{\\partial L}{\\partial #1}}\n\n" + lamd);
    const back = loadDocument(f);
    expect(back.errors).toEqual([]);
    const claims = back.statements.filter((r) => r.statement.kind === "claim").map((r) => r.latex);
    for (const g of report.derivation!.gradients) expect(claims).toContain(`${g.name} = ${g.latex}`);
  });
});

describe("render --lamd", () => {
  const lamd = renderLamd(report);
  writeFileSync(join(ARTIFACTS, "attention.lamd.md"), lamd);
  test("lamd structure: include guard, slides and notes", () => {
    expect(lamd).toMatch(/^\\ifndef\{(\w+)\}\n\\define\{\1\}/);
    expect(lamd.trimEnd()).toMatch(/\\endif$/);
    for (const cmd of ["\\newslide{", "\\slides{", "\\notes{"]) expect(lamd).toContain(cmd);
  });
  test("reads back: every math segment parses, and the gradients are the derived ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-lamd-"));
    const f = join(dir, "snippet.md");
    writeFileSync(f, lamd);
    const back = loadDocument(f);
    expect(back.errors).toEqual([]);
    const claims = back.statements.filter((r) => r.statement.kind === "claim").map((r) => r.latex);
    for (const g of report.derivation!.gradients) expect(claims).toContain(`${g.name} = ${g.latex}`);
  });
});

describe("derivative macros of a notation file", () => {
  test("the most specific macro wins; a general one covers the rest", async () => {
    const { foldMacros, derivativeFolds } = await import("../../src/render/fold.js");
    const { MacroTable } = await import("../../src/macro/index.js");
    const { scanDefinitions } = await import("../../src/macro/define.js");
    const table = new MacroTable();
    scanDefinitions(
      String.raw`\newcommand{\grad}[2]{\frac{\partial #1}{\partial #2}}
\newcommand{\dL}[1]{\frac{\partial L}{\partial #1}}`,
      "notation.tex",
      table,
    );
    const folds = derivativeFolds(table);
    expect(
      foldMacros(String.raw`\frac{\partial L}{\partial W_{q}} = X^\top \frac{\partial L}{\partial Q}`, folds),
    ).toBe(String.raw`\dL{W_{q}} = X^\top \dL{Q}`);
    expect(foldMacros(String.raw`\frac{\partial Q}{\partial \mathbf{x}_{i}}`, folds)).toBe(
      String.raw`\grad{Q}{\mathbf{x}_{i}}`,
    );
    expect(foldMacros(String.raw`\frac{\partial^2 L}{\partial X}`, folds)).toBe(
      String.raw`\frac{\partial^2 L}{\partial X}`,
    ); // no match: kept
  });
});
