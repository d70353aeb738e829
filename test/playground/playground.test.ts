// The playground page in a real browser (headless Debian chromium via playwright-core, a fresh profile): built by
// scripts/build-playground.mjs into a temporary folder and opened from file:// — so it works offline and needs no
// file beside it. It starts with the attention example rendered; a new statement list typed into it re-renders
// (gradients, verdicts, kernel) with no KaTeX error and no console error; the URL's hash reproduces the state in
// a new tab; an error is shown at its line and column; no page is wider than the window.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
if (!existsSync(CHROMIUM))
  console.warn(`skipping the playground browser test: ${CHROMIUM} not found (apt-get install chromium)`);

const LEAST_SQUARES = String.raw`X \in \mathbb{R}^{n \times d}
\mathbf{w} \in \mathbb{R}^{d}
\mathbf{y} \in \mathbb{R}^{n}
L = \|X \mathbf{w} - \mathbf{y}\|^2`;
// typed key by key after the lines above: the factor 2 is missing, so the check must call it incorrect
const CLAIM = String.raw`
\frac{\partial L}{\partial \mathbf{w}} = X^\top (X \mathbf{w} - \mathbf{y})`;

describe.skipIf(!existsSync(CHROMIUM))("the playground in chromium, from file://", () => {
  let dir = "",
    ctx: BrowserContext,
    url = "";
  const problems: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "texgrad-playground-"));
    const b = spawnSync(process.execPath, [join(ROOT, "scripts/build-playground.mjs"), "--out", join(dir, "site")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (b.status !== 0) throw new Error(`build-playground failed:\n${b.stderr}`);
    url = pathToFileURL(join(dir, "site/index.html")).href;
    ctx = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(at: string): Promise<Page> {
    const tab = await ctx.newPage();
    tab.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
    tab.on("pageerror", (e) => problems.push(`page error: ${String(e)}`));
    tab.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) problems.push(`request ${r.url()}`);
    });
    await tab.goto(at);
    await ready(tab);
    return tab;
  }
  const ready = (tab: Page) =>
    tab.waitForFunction(() => document.body.dataset.state === "ready", undefined, { timeout: 60_000 });
  const look = (tab: Page) =>
    tab.evaluate(() => ({
      katexErrors: document.querySelectorAll(".katex-error").length,
      formulas: document.querySelectorAll("#results .katex").length,
      gradients: [...document.querySelectorAll("#gradients .katex-display annotation")].map((a) => a.textContent ?? ""),
      verdicts: [...document.querySelectorAll("#check .verdict")].map((v) => v.textContent),
      reasons: [...document.querySelectorAll("#check .reason")].map((v) => v.textContent),
      reasonMath: [...document.querySelectorAll("#check .reason")].map((v) => v.querySelectorAll(".katex").length),
      problems: [...document.querySelectorAll("#problems .problem")].map((p) => p.textContent ?? ""),
      kernel: document.querySelector("#kernel pre")?.textContent ?? "",
      jacobian: document.querySelector("#jacobian")?.textContent ?? "",
      steps: document.querySelectorAll("#steps .rule").length,
      source: (document.getElementById("source") as HTMLTextAreaElement).value,
      target: (document.getElementById("target") as HTMLSelectElement).value,
      wide: document.documentElement.scrollWidth - innerWidth,
    }));

  test("self-contained: one file, no reference to anything outside it", () => {
    const html = readFileSync(join(dir, "site/index.html"), "utf8");
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, "<script></script>"); // the page, its one script left out
    expect(markup).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(markup).toContain("default-src 'none'"); // the CSP: no request can leave the page
    expect(html).toContain("data:font/woff2;base64,");
    expect(html).not.toContain(ROOT); // no path of the machine it was built on
  });

  test("opens with the attention example derived, checked, its Jacobian and kernel shown", async () => {
    const tab = await open(url);
    const r = await look(tab);
    expect(r.source).toContain(String.raw`A = \operatorname{softmax}(S)`);
    expect(r.katexErrors).toBe(0);
    expect(r.problems).toEqual([]);
    expect(r.gradients.length).toBe(9); // ∂L/∂V, A, S, K, Q, X, W_q, W_k, W_v
    expect(
      r.gradients.some((g) => g.startsWith(String.raw`\frac{\partial L}{\partial K} = \frac{1}{\sqrt{d_{k}}}`)),
    ).toBe(true);
    expect(r.verdicts).toEqual(["correct", "correct", "incorrect"]); // ∂L/∂K forgets 1/√d_k (built into the example)
    expect(r.reasons[2]).toMatch(/missing factor/);
    expect(r.reasonMath[2]).toBe(1); // the missing 1/√d_k typeset, not shown as LaTeX source
    expect(r.steps).toBeGreaterThan(10);
    expect(r.jacobian).toMatch(/agrees with central differences/);
    expect(r.kernel).toContain("export function gradients(");
    expect(r.wide).toBeLessThanOrEqual(0);
    await tab.setViewportSize({ width: 480, height: 800 }); // a phone: still no page wider than the window
    expect((await look(tab)).wide).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await tab.close();
  }, 120_000);

  test("a new statement list typed in re-renders; the link reproduces it; errors are shown where they are", async () => {
    const tab = await open(url);
    await tab.fill("#source", LEAST_SQUARES);
    await tab.locator("#source").press("End");
    await tab.locator("#source").pressSequentially(CLAIM, { delay: 2 });
    await ready(tab);
    await tab.selectOption("#target", "numpy");
    await ready(tab);
    let r = await look(tab);
    expect(r.katexErrors).toBe(0);
    expect(r.problems).toEqual([]);
    expect(r.gradients).toContain(
      String.raw`\frac{\partial L}{\partial \mathbf{w}} = 2 X^\top \cdot \left(X \mathbf{w} - \mathbf{y}\right)`,
    );
    expect(r.gradients).toHaveLength(3); // X, w and y
    expect(r.verdicts).toEqual(["incorrect"]);
    expect(r.reasons[0]).toMatch(/missing factor 2/);
    expect(r.kernel).toContain("def gradients(");
    expect(r.jacobian).toMatch(/agrees with central differences/);

    // the state is in the URL: a new tab opened on it shows the same
    const link = tab.url();
    expect(link).toContain("target=numpy");
    const again = await open(link);
    const r2 = await look(again);
    expect(r2.source).toBe(LEAST_SQUARES + CLAIM);
    expect(r2.target).toBe("numpy");
    expect(r2.gradients).toEqual(r.gradients);
    expect(r2.kernel).toBe(r.kernel);
    await again.close();

    // an error, at its line and column with the source line and a caret; fixing it clears it
    await tab.fill("#source", `${LEAST_SQUARES}\nM = \\operatorname{tr}(X +)`);
    await ready(tab);
    r = await look(tab);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^playground:5:26: error: unexpected '\)'/);
    expect(r.problems[0]).toContain(`M = \\operatorname{tr}(X +)\n${" ".repeat(25)}^`);
    expect(r.katexErrors).toBe(0);
    await tab.fill("#source", LEAST_SQUARES);
    await ready(tab);
    r = await look(tab);
    expect(r.problems).toEqual([]);
    expect(r.gradients).toHaveLength(3);
    expect(problems).toEqual([]);
    await tab.close();
  }, 180_000);
});
