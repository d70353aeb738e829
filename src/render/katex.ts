// Server-side KaTeX: formulas become HTML at render time, so the page runs no script at all. KaTeX runs
// untrusted (trust: false), never throws (throwOnError: false) and expands macros a bounded number of times.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import katex from "katex";
import type { MacroTable } from "../macro/index.js";
import { macrosFor } from "./macros.js";
import { dropControls } from "./sanitize.js";

const require = createRequire(import.meta.url);
export const MAX_EXPAND = 1000;

const knownCache = new Map<string, boolean>();
/** Does KaTeX define `\name` itself? */
export function katexKnows(name: string): boolean {
  let k = knownCache.get(name);
  if (k === undefined) {
    try {
      katex.renderToString(`\\${name}`, { throwOnError: true, trust: false, maxExpand: MAX_EXPAND });
      k = true;
    } catch (e) {
      k = !/Undefined control sequence/.test(String((e as Error).message));
    }
    knownCache.set(name, k);
  }
  return k;
}

/** KaTeX macros for the lecture's vocabulary used by `formulas`. */
export function katexMacros(formulas: Iterable<string>, table: MacroTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of macrosFor(formulas, table, katexKnows)) out[`\\${m.name}`] = dropControls(m.body);
  return out;
}

export function renderMath(latex: string, macros: Record<string, string>, display = false): string {
  return katex.renderToString(dropControls(latex), {
    displayMode: display,
    throwOnError: false,
    trust: false,
    strict: "ignore",
    maxExpand: MAX_EXPAND,
    output: "html",
    macros: { ...macros }, // KaTeX adds \gdef'd macros to the object it is given: a copy per formula
  });
}

/** katex.min.css with its fonts embedded as data URLs (woff2 only), so the page is self-contained. */
export function inlineKatexCss(): string {
  const cssPath = require.resolve("katex/dist/katex.min.css");
  const dir = dirname(cssPath);
  const css = readFileSync(cssPath, "utf8");
  return css.replace(/src:([^;}]*)/g, (_all, list: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(list);
    if (!woff2) return `src:${list}`;
    const data = readFileSync(join(dir, woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}
