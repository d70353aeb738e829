// One-liners: `-e STATEMENT` (repeatable) in every command, in place of a file: `texgrad derive -e 'f =
// \operatorname{tr}(A X B)' --wrt X`. The statements are one statement file named `<expression>`, line k the k-th
// `-e` (so an error points at its statement); shapes of undeclared symbols are inferred from use as in any file.
import { readBounded } from "../source/confine.js";

export const EXPRESSION_FILE = "<expression>";
let text: string | undefined;

/** The statements given with -e, if any. */
export const expressionText = (): string | undefined => text;

/** Reads `<expression>` from the -e statements and every other path from the disk (bounded, as usual). */
export function expressionReader(): ((path: string) => string | undefined) | undefined {
  if (text === undefined) return undefined;
  const t = text;
  return (path) => {
    if (path === EXPRESSION_FILE) return t;
    const r = readBounded(path);
    return "text" in r ? r.text : undefined;
  };
}

/**
 * Take `-e X`, `-e=X`, `--expr X`, `--expr=X` out of argv (before cac sees them: a statement may begin with `-`),
 * remember the statements, and put `<expression>` where the command's file would be. An error message when -e has
 * no statement or is given beside a FILE to a command that reads one file.
 */
export function takeExpressions(argv: readonly string[]): { argv: string[]; error?: string } {
  const out: string[] = [],
    exprs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^(?:-e|--expr)(?:=([\s\S]*))?$/.exec(a);
    if (!m) {
      out.push(a);
      continue;
    }
    const v = m[1] ?? argv[++i];
    if (v === undefined || v.trim() === "")
      return {
        argv: out,
        error: `${a.replace(/=.*/, "")} needs a statement, as in -e 'f = \\operatorname{tr}(A X B)'`,
      };
    exprs.push(...v.split(/\r?\n/));
  }
  text = exprs.length ? exprs.join("\n") + "\n" : undefined;
  if (text === undefined) return { argv: out };
  const cmd = out.findIndex((a) => !a.startsWith("-"));
  if (cmd < 0)
    return { argv: out, error: "-e needs a command, as in texgrad derive -e 'f = \\operatorname{tr}(A X B)' --wrt X" };
  out.splice(cmd + 1, 0, EXPRESSION_FILE);
  return { argv: out };
}
