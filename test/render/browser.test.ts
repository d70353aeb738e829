// The HTML report in a real browser (headless Debian chromium via playwright-core): every formula renders,
// none is a KaTeX error, the embedded fonts load under the page's CSP; the screenshot is kept in
// test-artifacts/ (gitignored).
import { describe, expect, test } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderHtml } from "../../src/render/html.js";
import { EXAMPLE, ARTIFACTS, reportOf } from "./helpers.js";
import type { Page } from "playwright-core";

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
if (!existsSync(CHROMIUM)) console.warn(`skipping the browser test: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!existsSync(CHROMIUM))("the HTML report in chromium", () => {
  test("every formula renders, no KaTeX error, fonts embedded; screenshot kept", async () => {
    const { doc, report } = await reportOf(EXAMPLE);
    const page = join(ARTIFACTS, "attention.browser.html");
    writeFileSync(page, renderHtml(report, doc.macros));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      tab.on("pageerror", (e) => problems.push(String(e)));
      tab.on("request", (r) => {
        if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push(`request ${r.url()}`);
      });
      await tab.goto(pathToFileURL(page).href);
      await tab.evaluate(() => document.fonts.ready);
      const r = await tab.evaluate(() => ({
        formulas: document.querySelectorAll(".formula").length,
        rendered: [...document.querySelectorAll(".formula")].filter((f) => f.querySelector(".katex-html")).length,
        errors: document.querySelectorAll(".katex-error").length,
        fonts: [...document.fonts].filter((f) => f.family.includes("KaTeX") && f.status === "loaded").length,
        verdicts: [...document.querySelectorAll(".verdict")].map((v) => v.textContent),
      }));
      await tab.screenshot({ path: join(ARTIFACTS, "attention.png"), fullPage: true });
      expect(problems).toEqual([]);
      expect(r.formulas).toBeGreaterThan(20);
      expect(r.rendered).toBe(r.formulas);
      expect(r.errors).toBe(0);
      expect(r.fonts).toBeGreaterThan(0);
      expect(r.verdicts).toContain("incorrect");
      // the table of contents: every link names a place on the page
      const toc = await tab.evaluate(() =>
        [...document.querySelectorAll("nav.toc a")]
          .map((a) => (a.getAttribute("href") ?? "").slice(1))
          .filter((id) => !document.getElementById(id)),
      );
      expect(await tab.locator("nav.toc a").count()).toBeGreaterThanOrEqual(6);
      expect(toc).toEqual([]);
      // no page wider than the window, on a wide screen and a phone: long formulas scroll inside their box
      for (const width of [1200, 800, 420]) expect(await overflow(tab, width), `${width}px`).toBeLessThanOrEqual(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** How much wider than the window the page is at `width` (≤ 0: not at all). */
async function overflow(tab: Page, width: number): Promise<number> {
  await tab.setViewportSize({ width, height: 900 });
  return tab.evaluate(() => document.documentElement.scrollWidth - innerWidth);
}

describe.skipIf(!existsSync(CHROMIUM))("a report of very long formulas in chromium", () => {
  test("they scroll inside their box; the page is never wider than the window", async () => {
    // a sum of 25 terms (a row holds at most 300 tokens): its definition, steps and gradient are each far wider than a phone
    const dir = mkdtempSync(join(tmpdir(), "texgrad-wide-"));
    const terms = Array.from({ length: 25 }, (_, i) => `\\operatorname{tr}(A_{${i + 1}} X)`).join(" + ");
    const file = join(dir, "wide.tex");
    writeFileSync(
      file,
      [
        ...Array.from({ length: 25 }, (_, i) => `A_{${i + 1}} \\in \\mathbb{R}^{n \\times n}`),
        "X \\in \\mathbb{R}^{n \\times n}",
        `f = ${terms}`,
      ].join("\n"),
    );
    const { doc, report } = await reportOf(file);
    expect(report.derivation).not.toBeNull();
    const page = join(dir, "wide.html");
    writeFileSync(page, renderHtml(report, doc.macros));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await tab.goto(pathToFileURL(page).href);
      const widest = await tab.evaluate(() =>
        Math.max(...[...document.querySelectorAll(".formula .katex-html")].map((f) => f.scrollWidth)),
      );
      expect(widest).toBeGreaterThan(1200); // the test has teeth: a formula wider than the window
      for (const width of [1200, 420]) expect(await overflow(tab, width), `${width}px`).toBeLessThanOrEqual(0);
      expect(await tab.evaluate(() => document.querySelectorAll(".katex-error").length)).toBe(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
