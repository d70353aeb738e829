// Rendering hostile lecture sources (test/render/hostile-cases.ts): every case ends within 10 s with exit 0, 1 or
// 2; nothing is written but the named outputs; a second run gives the same bytes; no output carries control or
// bidi characters; the LaTeX and lamd outputs name only allowed control sequences; the LaTeX report compiles with
// pdflatex -no-shell-escape in an empty folder and writes nothing but its PDF, log and aux; the HTML runs no script
// in chromium, with and without its Content-Security-Policy.
import { describe, expect, test } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { runCli } from "../helpers/cli.js";
import { STANDARD_MATH, collides } from "../../src/render/sanitize.js";
import { CASES, type HostileCase } from "./hostile-cases.js";

const CONTROLS =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/;
/** Primitives and commands that read, write, define or change catcodes: never in a LaTeX or lamd output. */
const DANGEROUS =
  /\\(openout|openin|write|immediate|input|include|endinput|catcode|def|edef|gdef|xdef|let|futurelet|csname|endcsname|expandafter|jobname|read|special|newwrite|newread|scantokens|everyeof|makeatletter|exec|verb|string|uppercase|lowercase)(?![A-Za-z])/;
/** What the LaTeX report's own template writes (outside formulas). */
const TEMPLATE = new Set(
  "documentclass usepackage allowdisplaybreaks DeclareRobustCommand title date begin end maketitle section subsection item texttt hfill paragraph noindent textbackslash ldots begingroup footnotesize endgroup".split(
    " ",
  ),
);
const LAMD = new Set("ifndef define newslide slides notes endif textbackslash".split(" "));

interface Rendered {
  readonly c: HostileCase;
  readonly dir: string;
  readonly code: number;
  readonly ms: number;
  readonly outs: Record<string, string | null>;
}
const OUTS = { html: "out.html", latex: "out.tex", lamd: "out.lamd" } as const;

async function render(c: HostileCase): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-hostile-"));
  mkdirSync(dirname(join(dir, c.file)), { recursive: true });
  writeFileSync(join(dir, c.file), c.source);
  const args = ["render", join(dir, c.file), ...Object.entries(OUTS).flatMap(([k, v]) => [`--${k}`, join(dir, v)])];
  const t0 = Date.now();
  const r = await runCli(...args);
  const ms = Date.now() - t0;
  const read = () =>
    Object.fromEntries(
      Object.entries(OUTS).map(([k, v]) => [k, existsSync(join(dir, v)) ? readFileSync(join(dir, v), "utf8") : null]),
    );
  const outs = read();
  const again = await runCli(...args);
  expect(again.code, "same exit code on a second run").toBe(r.code);
  expect(read(), "byte-identical outputs on a second run").toEqual(outs);
  return { c, dir, code: r.code, ms, outs };
}

/** LaTeX with verbatim blocks (kernel code, inert) removed. */
const outsideVerbatim = (tex: string) => tex.replace(/\\begin\{verbatim\}[\s\S]*?\n\\end\{verbatim\}/g, "");

const results = new Map<string, Rendered>();
const get = async (c: HostileCase) => {
  let r = results.get(c.name);
  if (!r) results.set(c.name, (r = await render(c)));
  return r;
};

describe.each(CASES.map((c) => [c.name, c] as const))("hostile source: %s", (_name, c) => {
  test("ends in time with exit 0, 1 or 2; only the named outputs; no control characters", async () => {
    const r = await get(c);
    expect(r.ms).toBeLessThan(10_000);
    expect([0, 1, 2]).toContain(r.code);
    const expected = [
      c.file.split("/")[0],
      ...Object.values(OUTS).filter(
        (o) => r.outs[Object.keys(OUTS).find((k) => OUTS[k as keyof typeof OUTS] === o)!] !== null,
      ),
    ];
    expect(readdirSync(r.dir).sort()).toEqual(expected.sort());
    // KaTeX's own markup has one zero-width space per vertical list (a Safari workaround), not from the source
    const own = (text: string) => text.replaceAll(`<span class="vlist-s">\u200b</span>`, "");
    for (const [k, text] of Object.entries(r.outs))
      if (text !== null) expect(CONTROLS.exec(own(text))?.[0].codePointAt(0)?.toString(16), k).toBeUndefined();
    if (r.code === 0) expect(r.outs.html && r.outs.latex && r.outs.lamd, "all three outputs written").toBeTruthy();
  });

  test("LaTeX and lamd name only allowed control sequences", async () => {
    const r = await get(c);
    if (r.outs.latex !== null) {
      const tex = outsideVerbatim(r.outs.latex);
      expect(tex).not.toMatch(DANGEROUS);
      expect(tex).not.toContain("^^");
      const declared = new Set([...tex.matchAll(/^\\DeclareRobustCommand\{\\([A-Za-z]+)\}/gm)].map((m) => m[1]));
      for (const d of declared) expect(collides(d), `\\${d} is LaTeX's`).toBe(false);
      const bad = [...tex.matchAll(/\\([A-Za-z]+)/g)]
        .map((m) => m[1])
        .filter((w) => !STANDARD_MATH.has(w) && !TEMPLATE.has(w) && !declared.has(w));
      expect([...new Set(bad)]).toEqual([]);
      expect(tex.match(/\\documentclass|\\usepackage/g)?.length).toBe(3);
      // every verbatim block is ours: one \begin{verbatim} per kernel, and the kernels cannot end it early
      expect((r.outs.latex.match(/\\end\{verbatim\}/g) ?? []).length).toBe(
        (r.outs.latex.match(/\\begin\{verbatim\}/g) ?? []).length,
      );
    }
    if (r.outs.lamd !== null) {
      expect(r.outs.lamd).not.toMatch(DANGEROUS);
      const bad = [...r.outs.lamd.matchAll(/\\([A-Za-z]+)/g)]
        .map((m) => m[1])
        .filter((w) => !STANDARD_MATH.has(w) && !LAMD.has(w) && collides(w));
      expect([...new Set(bad)]).toEqual([]);
    }
  });

  test("parse --json and check --json: valid JSON, controls and bidi escaped, same strings back", async () => {
    const r = await get(c);
    for (const cmd of ["parse", "check"]) {
      const out = await runCli(cmd, join(r.dir, c.file), "--json");
      expect([0, 1, 2], cmd).toContain(out.code);
      if (!out.out) continue;
      expect(CONTROLS.test(out.out), `${cmd}: raw control characters`).toBe(false);
      const back = JSON.parse(out.out) as unknown;
      expect(JSON.stringify(back).length).toBeGreaterThan(2);
    }
  });

  test("HTML: everything escaped", async () => {
    const r = await get(c);
    if (r.outs.html === null) return;
    const body = r.outs.html.replace(/<style>[\s\S]*?<\/style>/g, "");
    // the only links are the table of contents' own, to places on the page (#id); KaTeX's \\href never makes one
    const toc = /^<a href="#[a-z][a-z0-9-]*">$|^<\/a>$/;
    const tags = (body.match(/<[^>]*>/g) ?? []).filter((t) => !toc.test(t));
    expect(body.match(/<a\b[^>]*>/g)?.length ?? 0, "links only in the table of contents").toBe(
      (body.match(/<nav class="toc"[\s\S]*?<\/nav>/)?.[0].match(/<a\b/g) ?? []).length,
    );
    expect(
      tags.filter((t) =>
        /^<\/?(script|img|iframe|object|embed|link|base|form|a)\b|\son[a-z]+\s*=|javascript:/i.test(t),
      ),
    ).toEqual([]);
    expect(body).toContain(`default-src 'none'`);
  });
});

const pdflatex = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].find(existsSync);
if (!pdflatex) console.warn("skipping the hostile LaTeX compile test: pdflatex not installed");
describe.skipIf(!pdflatex)("hostile LaTeX reports compile with pdflatex -no-shell-escape", () => {
  test.each(CASES.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, c) => {
      const r = await get(c);
      if (r.outs.latex === null) return;
      const dir = mkdtempSync(join(tmpdir(), "texgrad-pdf-"));
      writeFileSync(join(dir, "r.tex"), r.outs.latex);
      try {
        execFileSync(pdflatex!, ["-interaction=nonstopmode", "-no-shell-escape", "r.tex"], {
          cwd: dir,
          stdio: "pipe",
          timeout: 60_000,
          env: { ...process.env, openout_any: "p", openin_any: "p" },
        });
      } catch (e) {
        /* errors are checked through the log below */ void e;
      }
      expect(readdirSync(dir).sort()).toEqual(["r.aux", "r.log", "r.pdf", "r.tex"]);
      const log = readFileSync(join(dir, "r.log"), "latin1");
      expect(log.split("\n").filter((l) => l.startsWith("!"))).toEqual([]);
    },
    70_000,
  );
});

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
if (!existsSync(CHROMIUM)) console.warn(`skipping the hostile HTML browser test: ${CHROMIUM} not found`);
describe.skipIf(!existsSync(CHROMIUM))("hostile HTML reports in chromium run no script", () => {
  test("no dialog, no console message, no page error, no global set; also without the CSP", async () => {
    const { chromium } = await import("playwright-core");
    const pages = mkdtempSync(join(tmpdir(), "texgrad-html-"));
    mkdirSync(pages, { recursive: true });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const problems: string[] = [];
    try {
      const tab = await browser.newPage();
      let current = "";
      tab.on("dialog", (d) => {
        problems.push(`${current}: dialog ${d.message()}`);
        void d.dismiss();
      });
      tab.on("console", (m) => problems.push(`${current}: console ${m.type()} ${m.text()}`));
      tab.on("pageerror", (e) => problems.push(`${current}: page error ${String(e)}`));
      tab.on("request", (q) => {
        if (!/^(file|data):/.test(q.url())) problems.push(`${current}: request ${q.url()}`);
      });
      let k = 0;
      for (const c of CASES) {
        const r = await get(c);
        if (r.outs.html === null) continue;
        for (const [variant, html] of [
          ["csp", r.outs.html],
          ["no-csp", r.outs.html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "")],
        ] as const) {
          current = `${c.name} (${variant})`;
          const page = join(pages, `${k++}.html`);
          writeFileSync(page, html);
          await tab.goto(pathToFileURL(page).href);
          const state = await tab.evaluate(() => ({
            pwned: (window as unknown as { __pwned?: unknown }).__pwned,
            title: document.title,
            scripts: document.scripts.length,
            handlers: [...document.querySelectorAll("*")]
              .flatMap((e) => [...e.attributes].map((a) => a.name))
              .filter((n) => n.startsWith("on")).length,
          }));
          expect(state.pwned, current).toBeUndefined();
          expect(state.title.startsWith("texgrad: "), current).toBe(true);
          expect(state.scripts, current).toBe(0);
          expect(state.handlers, current).toBe(0);
        }
      }
      expect(problems).toEqual([]);
      expect(k).toBeGreaterThan(40);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
