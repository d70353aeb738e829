// The lecture's vocabulary for renderers: formulas print with the author's macros (`\queryMatrix`), so a
// renderer needs a definition of each. Macros defined in the lecture or a --macros file keep their body;
// macros defined nowhere (the normal case in lamd lectures) get a readable stand-in from their name.
import type { MacroTable } from "../macro/index.js";
import type { Macro } from "../macro/table.js";

export interface TexMacro {
  readonly name: string;
  readonly nparams: number;
  readonly body: string;
}

const COMMAND = /\\([A-Za-z]+)/g;

/** Body text with lamd named parameters (`\a`) turned into #1, #2, …; null for optional arguments. */
export function bodyOf(m: Macro): string | null {
  if (m.optDefault) return null;
  const names = m.namedParams ?? [];
  return m.body
    .map((t) => {
      const k = t.type === "cmd" ? names.indexOf(t.value.slice(1)) : -1;
      return k >= 0 ? `#${k + 1}` : t.value;
    })
    .join("");
}

/** A stand-in for an undefined macro: `\queryMatrix` → bold "query", `\lossFunction` → upright name. */
export function standIn(name: string): string {
  const m = /^(.*?)(Matrix|Vector|Scalar|Function|Dim)$/.exec(name);
  const base = (m && m[1]) || name;
  const word = `\\mathrm{${base.replace(/[^A-Za-z]/g, "")}}`;
  if (m?.[2] === "Matrix") return `\\mathbf{${base}}`;
  if (m?.[2] === "Vector") return `\\boldsymbol{${word}}`;
  return word;
}

/**
 * Definitions for every command in `texts` that `known` does not know, closed under the bodies they use.
 * `known(name)` says whether the target (KaTeX, LaTeX with amsmath) already defines the command.
 */
export function macrosFor(texts: Iterable<string>, table: MacroTable, known: (name: string) => boolean): TexMacro[] {
  const out = new Map<string, TexMacro>();
  const todo: string[] = [];
  const scan = (s: string) => {
    for (const m of s.matchAll(COMMAND)) todo.push(m[1]);
  };
  for (const t of texts) scan(t);
  while (todo.length) {
    const name = todo.pop()!;
    if (out.has(name) || known(name)) continue;
    const m = table.get(name);
    const body = m ? bodyOf(m) : null;
    const def = body !== null && m ? { name, nparams: m.nparams, body } : { name, nparams: 0, body: standIn(name) };
    out.set(name, def);
    if (body !== null) scan(body);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}
