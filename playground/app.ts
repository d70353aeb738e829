// The playground: the engine in the page. Statements typed on the left are parsed, derived, checked and emitted on
// every pause in typing; formulas are typeset by KaTeX with the input's own macros. The whole state (text, kernel
// target, Jacobian of/wrt) lives in the URL's hash, so a link reproduces it. scripts/build-playground.mjs bundles
// this file with the engine into one static page.
import katex from "katex";
import { parse, derive, jacobian, emit, TexgradError, type Target } from "../dist/src/index.js";
import { katexMacros } from "../dist/src/render/katex.js";
import { checkDocument } from "../dist/src/check/index.js";

declare const __TEXGRAD_EXAMPLE__: string;
const NAME = "playground";   // no extension: a statement file, or a lecture when the text has $…$ or \[…\]
const TARGET_LIST: readonly Target[] = ["js", "numpy", "torch", "c"];

interface State { src: string; target: Target; of: string; wrt: string }
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const source = $<HTMLTextAreaElement>("source"), targetSel = $<HTMLSelectElement>("target");
const ofSel = $<HTMLSelectElement>("jof"), wrtSel = $<HTMLSelectElement>("jwrt");
const jpick = $("jpick"), kpick = $("kpick");   // held here: each run rebuilds the sections they sit in

function readHash(): State {
  const h = new URLSearchParams(location.hash.replace(/^#/, ""));
  const t = h.get("target") as Target | null;
  return { src: h.get("src") ?? __TEXGRAD_EXAMPLE__, target: t && TARGET_LIST.includes(t) ? t : "js", of: h.get("of") ?? "", wrt: h.get("wrt") ?? "" };
}
function writeHash(s: State): void {
  const h = new URLSearchParams({ src: s.src, target: s.target, ...(s.of ? { of: s.of } : {}), ...(s.wrt ? { wrt: s.wrt } : {}) });
  const next = `#${h.toString()}`;
  if (location.hash !== next) history.replaceState(null, "", next);
}
const state = (): State => ({ src: source.value, target: targetSel.value as Target, of: ofSel.value, wrt: wrtSel.value });

// --- building the page ------------------------------------------------------------------------------------------
function el(tag: string, cls?: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
let macros: Record<string, string> = {};
function tex(latex: string, display = false): HTMLElement {
  const e = el(display ? "div" : "span", display ? "math display" : "math");
  katex.render(latex, e, { displayMode: display, throwOnError: false, trust: false, strict: "ignore", maxExpand: 1000, macros: { ...macros } });
  return e;
}
function section(id: string, title: string): HTMLElement {
  const s = $(id);
  s.replaceChildren(el("h2", undefined, title));
  return s;
}
function row(...cells: (HTMLElement | string)[]): HTMLElement {
  const tr = el("tr");
  for (const c of cells) { const td = el("td"); td.append(c); tr.append(td); }
  return tr;
}
function fillSelect(sel: HTMLSelectElement, options: readonly { value: string; label: string }[], want: string): void {
  sel.replaceChildren(...options.map((o) => { const e = el("option", undefined, o.label) as HTMLOptionElement; e.value = o.value; return e; }));
  sel.value = options.some((o) => o.value === want) ? want : (options[0]?.value ?? "");
}

// --- errors at their place ---------------------------------------------------------------------------------------
interface Located { line: number; col: number; message: string }
function showProblems(list: readonly Located[]): void {
  const box = $("problems");
  box.replaceChildren();
  source.classList.toggle("has-error", list.length > 0);
  const lines = source.value.split(/\r?\n/);
  for (const p of list) {
    const b = el("button", "problem");
    b.append(el("span", "loc", `${where(p)}: error: `), el("span", undefined, p.message));
    const line = p.line > 0 ? lines[p.line - 1] : undefined;
    if (line !== undefined) b.append(el("pre", "caret", `${line}\n${" ".repeat(Math.max(0, p.col - 1))}^`));
    if (p.line > 0) b.addEventListener("click", () => { const at = offsetOf(p.line, p.col); source.focus(); source.setSelectionRange(at, Math.max(at + 1, lineEnd(at))); });
    box.append(b);
  }
}
function offsetOf(line: number, col: number): number {
  const lines = source.value.split("\n");
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  return at + col - 1;
}
const lineEnd = (at: number) => { const i = source.value.indexOf("\n", at); return i < 0 ? source.value.length : i; };
/** Where an exception says it happened: a TexgradError or the engine's located errors; else no place (line 0). */
function locatedOf(e: unknown): Located {
  if (e instanceof TexgradError) return { line: e.line, col: e.col, message: e.reason };
  const loc = (e as { loc?: { line?: unknown; col?: unknown } } | null)?.loc;
  const message = e instanceof Error ? e.message : String(e);
  return typeof loc?.line === "number" && typeof loc.col === "number" ? { line: loc.line, col: loc.col, message } : { line: 0, col: 0, message };
}
const where = (x: Located) => (x.line > 0 ? `${NAME}:${x.line}:${x.col}` : NAME);

// --- one run of the engine ---------------------------------------------------------------------------------------
type Result<T> = { ok: T } | { error: Located };
function attempt<T>(f: () => T): Result<T> { try { return { ok: f() }; } catch (e) { return { error: locatedOf(e) }; } }
const errorLine = (x: Located) => el("p", "error", `${where(x)}: ${x.message}`);
const option = (name: string) => ({ value: name, label: name });

function run(): void {
  const s = state();
  writeHash(s);
  const t0 = performance.now();
  const parsed = attempt(() => parse(s.src, { name: NAME }));
  if ("error" in parsed) { showProblems([parsed.error]); return; }
  const p = parsed.ok;
  showProblems(p.errors);
  const ok = p.errors.length === 0;

  // everything is computed first, so the KaTeX macros cover every formula shown
  const d = ok ? attempt(() => derive(p, { steps: true })) : null;
  // the engine's claim results (not the library's check): their diagnoses say which parts are formulas
  const c = ok ? attempt(() => ({ claims: checkDocument(p.document) })) : null;
  const defs = p.document.statements.flatMap((r) => (r.statement.kind === "definition" ? [option(r.statement.lhs.name)] : []));
  const decls = p.document.statements.flatMap((r) => (r.statement.kind === "declaration" ? r.statement.syms.map((x) => option(x.name)) : []));
  const uniq = (xs: { value: string; label: string }[]) => xs.filter((x, i) => xs.findIndex((y) => y.value === x.value) === i);
  fillSelect(ofSel, uniq(defs).reverse(), s.of);
  fillSelect(wrtSel, uniq([...decls, ...defs]).filter((x) => x.value !== ofSel.value), s.wrt);
  const j = ok && d && "ok" in d && ofSel.value && wrtSel.value ? attempt(() => jacobian(p, { of: ofSel.value, wrt: wrtSel.value })) : null;
  const k = ok && d && "ok" in d ? attempt(() => emit(p, { target: targetSel.value as Target })) : null;
  const formulas = [
    ...p.statements.map((x) => x.latex),
    ...(d && "ok" in d ? [d.ok.loss, d.ok.upstream ?? "", ...d.ok.gradients.flatMap((g) => [g.name, g.latex]), ...(d.ok.steps ?? []).flatMap((x) => [x.before, x.after])] : []),
    ...(c && "ok" in c ? c.ok.claims.flatMap((x) => [x.claim, x.derived ?? "", ...x.diagnoses.flatMap((d) => d.formulas ?? [])]) : []),
    ...(j && "ok" in j ? [j.ok.name, j.ok.chain, j.ok.jacobian, ...j.ok.factors.flatMap((f) => [f.name, f.latex, f.definition])] : []),
  ].filter(Boolean);
  macros = katexMacros(formulas, p.document.macros);

  const shapes = section("shapes", "Statements and shapes");
  const table = el("table");
  for (const st of p.statements) table.append(row(el("span", "loc", `${st.line}`), el("span", "kind", st.kind), tex(st.latex), el("span", "shape", st.shape ?? "")));
  shapes.append(table);

  const g = section("gradients", "Gradients"), st = section("steps", "Derivation steps");
  if (d && "error" in d) g.append(errorLine(d.error));
  else if (d) {
    g.append(para("Gradients of ", tex(d.ok.loss), ...(d.ok.upstream ? [", given ", tex(d.ok.upstream), " from the next layer"] : []), ":"));
    for (const x of d.ok.gradients) g.append(tex(`${x.name} = ${x.latex}`, true));
    for (const n of d.ok.notation) g.append(el("p", "note", n));
    const det = el("details");
    det.append(el("summary", undefined, `${d.ok.steps?.length ?? 0} rule applications, by definition and phase`));
    let head = "", tb: HTMLElement | null = null;
    for (const x of d.ok.steps ?? []) {
      const h = `${x.definition} · ${x.phase}`;
      if (h !== head || !tb) { head = h; det.append(el("h3", undefined, h)); tb = el("table", "steps"); det.append(tb); }
      tb.append(row(el("span", "rule", x.rule), tex(`${x.before} \\;\\longrightarrow\\; ${x.after}`)));
    }
    st.append(det);
  }

  const cs = section("check", "Claims checked");
  if (c && "error" in c) cs.append(errorLine(c.error));
  else if (c) {
    if (!c.ok.claims.length) cs.append(el("p", "note", "No derivative claims in the input: add a line such as \\frac{\\partial L}{\\partial X} = … to have it checked."));
    const t2 = el("table");
    for (const x of c.ok.claims) {
      const cell = el("div");
      const why = el("div", "reason");
      if (x.diagnoses.length) x.diagnoses.forEach((d, i) => { if (i) why.append("; "); why.append(...withMath(d.text, d.formulas ?? [])); });
      else why.textContent = x.reason;
      cell.append(tex(x.claim), why);
      if (x.verdict === "incorrect" && x.derived) cell.append(para("corrected: ", tex(x.derived)));
      t2.append(row(el("span", "loc", `${x.loc.line}:${x.loc.col}`), el("span", `verdict ${x.verdict}`, x.verdict), cell));
    }
    cs.append(t2);
  }

  const js = section("jacobian", "Jacobian");
  js.append(jpick);
  if (j && "error" in j) js.append(errorLine(j.error));
  else if (j) {
    js.append(para(tex(j.ok.name), ` is ${j.ok.shape}; rvec stacks the rows (row-major, as kernels flatten).`));
    for (const f of j.ok.factors) js.append(para("from ", tex(f.definition)), tex(`${f.name} = ${f.latex}`, true), ...(f.structure ? [el("p", "note", f.structure)] : []));
    js.append(el("p", undefined, "chain rule, summed over every path:"), tex(j.ok.chain, true), el("p", undefined, "product, in closed form:"), tex(`${j.ok.name} = ${j.ok.jacobian}`, true));
    js.append(el("p", "note", j.ok.check.note));
    for (const n of j.ok.notation) js.append(el("p", "note", n));
  }

  const ks = section("kernel", "Kernel");
  ks.append(kpick);
  if (k && "error" in k) ks.append(errorLine(k.error));
  else if (k) ks.append(el("pre", "code", k.ok));
  $("timing").textContent = ok ? `${Math.round(performance.now() - t0)} ms` : "";
}
/** Text with the formulas it quotes typeset (the longest first where two overlap). */
function withMath(text: string, formulas: readonly string[]): (HTMLElement | string)[] {
  const frags = [...formulas].filter(Boolean).sort((a, b) => b.length - a.length);
  const out: (HTMLElement | string)[] = [];
  let rest = text;
  while (rest) {
    const hit = frags.map((f) => [rest.indexOf(f), f] as const).filter(([i]) => i >= 0).sort((a, b) => a[0] - b[0])[0];
    if (!hit) { out.push(rest); break; }
    out.push(rest.slice(0, hit[0]), tex(hit[1]));
    rest = rest.slice(hit[0] + hit[1].length);
  }
  return out;
}
function para(...parts: (HTMLElement | string)[]): HTMLElement { const e = el("p"); e.append(...parts); return e; }

// --- wiring ------------------------------------------------------------------------------------------------------
function load(): void {
  const s = readHash();
  source.value = s.src;
  targetSel.value = s.target;
  ofSel.replaceChildren(); wrtSel.replaceChildren();
  if (s.of) fillSelect(ofSel, [{ value: s.of, label: s.of }], s.of);
  if (s.wrt) fillSelect(wrtSel, [{ value: s.wrt, label: s.wrt }], s.wrt);
  safeRun();
}
function safeRun(): void {
  try { run(); } catch (e) { showProblems([locatedOf(e)]); }
  document.body.dataset.state = "ready";
}
let timer: number | undefined;
source.addEventListener("input", () => { document.body.dataset.state = "typing"; clearTimeout(timer); timer = window.setTimeout(safeRun, 300); });
for (const s of [targetSel, ofSel, wrtSel]) s.addEventListener("change", safeRun);
window.addEventListener("hashchange", load);   // a link pasted into this tab (replaceState never fires it)
$("reset").addEventListener("click", () => { history.replaceState(null, "", location.pathname); load(); });
load();
