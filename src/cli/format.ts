// How formulas print: Unicode math on a terminal (∂L/∂Q = (1/√d_k) ∂L/∂S K), LaTeX otherwise — so pipes, files and
// the outside checks that parse the output keep today's text. `--latex` and `--unicode` choose either way; `--json`
// never changes (its formulas are LaTeX).
import { toUnicode } from "../render/unicode.js";

let unicode = false;

/** Decide once per run, from the flags and whether standard output is a terminal. */
export function setMathMode(o: { latex?: unknown; unicode?: unknown }, tty = Boolean(process.stdout.isTTY)): void {
  unicode = o.latex === true ? false : o.unicode === true ? true : tty;
}
export const unicodeMode = (): boolean => unicode;

/** A formula (LaTeX as texgrad prints it) for the terminal. */
export const math = (latex: string): string => (unicode ? toUnicode(latex) : latex);

/** Prose with formulas in it (a diagnosis, a reason): the formulas in Unicode, hyphenated words kept. */
export const prose = (text: string): string =>
  unicode && /\\/.test(text) ? toUnicode(text.replace(/(?<=[A-Za-z])-(?=[A-Za-z])/g, "\u2010")) : text;
