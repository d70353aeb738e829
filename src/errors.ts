// Located errors: every error on bad input names file:line:col and is printed with the source line and a caret.
import type { Loc } from "./macro/lexer.js";

export class LocatedError extends Error {
  constructor(readonly loc: Loc, message: string) {
    super(message);
    this.name = "LocatedError";
  }
}

/** `file:line:col: error: message`, then the source line and a caret under the column. */
export function formatError(loc: Loc, message: string, sourceText?: string): string {
  const head = `${loc.file}:${loc.line}:${loc.col}: error: ${message}`;
  if (sourceText === undefined) return head;
  const line = sourceText.replace(/\r\n?/g, "\n").split("\n")[loc.line - 1];
  if (line === undefined) return head;
  const shown = line.replace(/\t/g, " ");
  return `${head}\n${shown}\n${" ".repeat(Math.max(0, loc.col - 1))}^`;
}
