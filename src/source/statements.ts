// Statement files: one statement a line; `%` starts a comment (`\%` does not); blank lines skipped;
// `\newcommand`/`\renewcommand`/`\providecommand`/`\def`/`\define` lines are macro definitions (which may
// span lines until their braces balance). A line that is wholly `$…$`, `$$…$$`, `\[…\]` or `\(…\)` is unwrapped.
import type { MacroDef, Segment, SourceError } from "./types.js";
import { Positions, braceMatcher } from "./pos.js";
import { DEF_COMMANDS, parseDefinition } from "./defs.js";

/** `text` with every `%` comment replaced by spaces (same length, so offsets stay valid). */
export function blankComments(text: string): string {
  let out = "",
    from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "%") {
      let e = text.indexOf("\n", i);
      if (e < 0) e = text.length;
      out += text.slice(from, i) + " ".repeat(e - i);
      from = i = e;
    }
  }
  return out + text.slice(from);
}

const WRAPS: [string, string, boolean][] = [
  ["$$", "$$", true],
  ["$", "$", false],
  ["\\[", "\\]", true],
  ["\\(", "\\)", false],
];
const isSpace = (c: string | undefined) => c === " " || c === "\t";

export function scanStatements(
  file: string,
  text: string,
): { segments: Segment[]; errors: SourceError[]; macroDefs: MacroDef[] } {
  const segments: Segment[] = [],
    errors: SourceError[] = [],
    macroDefs: MacroDef[] = [];
  const clean = blankComments(text);
  const pos = new Positions(text);
  const group = braceMatcher(clean);
  const n = clean.length;
  let p = 0;
  while (p < n) {
    let le = clean.indexOf("\n", p);
    if (le < 0) le = n;
    let s = p;
    while (s < le && /\s/.test(clean[s])) s++;
    if (s >= le) {
      p = le + 1;
      continue;
    }
    const cmd = /^\\([a-zA-Z]+)/.exec(clean.slice(s, Math.min(le, s + 40)))?.[1];
    if (cmd !== undefined && DEF_COMMANDS.has(cmd)) {
      const d = parseDefinition(clean, s, cmd, s + 1 + cmd.length, group);
      if (d && !d.ok) {
        errors.push({ file, ...pos.at(s), message: d.message });
        p = le + 1;
        continue;
      }
      if (d) {
        if (d.raw !== undefined) macroDefs.push({ file, ...pos.at(s), text: d.raw });
        p = d.end;
        continue;
      }
    }
    let e = le;
    while (e > s && /\s/.test(clean[e - 1])) e--;
    let display = true;
    for (const [open, close, disp] of WRAPS) {
      if (
        e - s > open.length + close.length - 1 &&
        clean.startsWith(open, s) &&
        clean.endsWith(close, e) &&
        !clean.slice(s + open.length, e - close.length).includes(open)
      ) {
        s += open.length;
        e -= close.length;
        display = disp;
        while (s < e && isSpace(clean[s])) s++;
        while (e > s && isSpace(clean[e - 1])) e--;
        break;
      }
    }
    if (e > s) {
      const at = pos.at(s),
        t = clean.slice(s, e);
      segments.push({ file, ...at, text: t, display, rows: [{ ...at, text: t }] });
    }
    p = le + 1;
  }
  return { segments, errors, macroDefs };
}
