// Located errors: every error on bad input names file:line:col and is printed with the source line and a caret.
import type { Loc } from "./macro/lexer.js";

export class LocatedError extends Error {
  constructor(
    readonly loc: Loc,
    message: string,
  ) {
    super(message);
    this.name = "LocatedError";
  }
}

/**
 * Control, bidi, zero-width and separator characters (what could move the cursor, recolour the terminal or reorder
 * what is shown): in messages and quoted source lines they are shown as `<U+202E>`, never sent as they are.
 */
const UNPRINTABLE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/g;
const shownAs = (c: string) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`;
/** `s` with its unprintable characters written out (a tab becomes a space). */
export function printable(s: string): string {
  return s.replace(/\t/g, " ").replace(UNPRINTABLE, shownAs);
}

/** The colour codes texgrad itself writes on a terminal (src/cli/output.ts). */
const OWN_COLOUR = /^\x1b\[(?:0|1|2|31|32|33)m$/;
/**
 * A block of human output with its unprintable characters written out, keeping line breaks and tabs, and (on a
 * terminal, `colour`) texgrad's own colour codes.
 */
export function printableOutput(s: string, colour: boolean): string {
  return s.replace(
    /\x1b\[\d+m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/g,
    (m) => (m.length > 1 ? (colour && OWN_COLOUR.test(m) ? m : shownAs(m[0]) + m.slice(1)) : shownAs(m)),
  );
}

/** At most this many characters of the source line are shown on each side of the caret. */
const WINDOW = 80;

/** `file:line:col: error: message`, then the source line and a caret under the column. */
export function formatError(loc: Loc, message: string, sourceText?: string): string {
  const head = `${printable(`${loc.file}:${loc.line}:${loc.col}: error: ${message}`)}`;
  if (sourceText === undefined) return head;
  const line = sourceText.replace(/\r\n?/g, "\n").split("\n")[loc.line - 1];
  if (line === undefined) return head;
  // columns count code points; a very long line is cut to a window around the column
  const chars = Array.from(line),
    at = Math.min(Math.max(0, loc.col - 1), chars.length);
  const from = Math.max(0, at - WINDOW),
    to = Math.min(chars.length, at + WINDOW);
  const before = (from > 0 ? "…" : "") + printable(chars.slice(from, at).join(""));
  const shown = before + printable(chars.slice(at, to).join("")) + (to < chars.length ? "…" : "");
  return `${head}\n${shown}\n${" ".repeat(Array.from(before).length)}^`;
}
