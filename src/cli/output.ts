// Terminal output: located errors with the source line and a caret, colour only on a TTY.
import { readFileSync } from "node:fs";
import { formatError } from "../errors.js";
import type { Loc } from "../macro/lexer.js";

const texts = new Map<string, string | undefined>();
function sourceOf(file: string): string | undefined {
  if (!texts.has(file)) {
    try { texts.set(file, readFileSync(file, "utf8")); } catch { texts.set(file, undefined); }
  }
  return texts.get(file);
}

const tty = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
export const colour = (code: number, s: string) => (tty() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const red = (s: string) => colour(31, s);
export const green = (s: string) => colour(32, s);
export const yellow = (s: string) => colour(33, s);
export const dim = (s: string) => colour(2, s);
export const bold = (s: string) => colour(1, s);

/** `file:line:col: error: message`, the source line, and a caret. */
export function located(loc: Loc, message: string): string {
  return formatError(loc, message, sourceOf(loc.file));
}
