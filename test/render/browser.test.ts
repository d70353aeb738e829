// The HTML report in a real browser (headless Debian chromium via playwright-core): every formula renders,
// none is a KaTeX error, the embedded fonts load under the page's CSP; the screenshot is kept in
// test-artifacts/ (gitignored).
import { describe, expect, test } from "vitest";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderHtml } from "../../src/render/html.js";
import { EXAMPLE, ARTIFACTS, reportOf } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
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
      tab.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push(`request ${r.url()}`); });
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
    } finally {
      await browser.close();
    }
  }, 120_000);
});
