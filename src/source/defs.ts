// Macro definitions in source text: `\newcommand`/`\renewcommand`/`\providecommand` (with `*`, `[n]`,
// `[default]`), `\def\name#1#2{…}`, and lamd/gpp `\define{name}` (marks a name defined) and
// `\define{name}{text}` / `\define{\name{a}{b}}{… \a …}` (a text macro). Bodies may span lines.

export const DEF_COMMANDS = new Set(["newcommand", "renewcommand", "providecommand", "def", "define"]);

export type DefParse =
  | { readonly ok: true; readonly end: number; readonly raw?: string; readonly defines?: string }
  | { readonly ok: false; readonly end: number; readonly message: string };

const OPT_ARG = /\[[^\]\n]{0,200}\]/y; // bounded: malformed input stays linear
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const skipWs = (t: string, j: number) => {
  while (j < t.length && /\s/.test(t[j])) j++;
  return j;
};

/** The control sequence at `j` (`\name` or `\x`), as the offset after it, or -1. */
function controlSeq(t: string, j: number): number {
  if (t[j] !== "\\" || j + 1 >= t.length) return -1;
  if (!isLetter(t.charCodeAt(j + 1))) return j + 2;
  let k = j + 1;
  while (k < t.length && isLetter(t.charCodeAt(k))) k++;
  return k;
}

/**
 * Parse the definition whose command `\cmd` starts at `at` and whose name ends at `after`.
 * `group(i)` gives the offset after the brace group opening at `i` (or -1). Returns undefined when the
 * text is not a definition after all (`\define` without `{`).
 */
export function parseDefinition(
  t: string,
  at: number,
  cmd: string,
  after: number,
  group: (i: number) => number,
): DefParse | undefined {
  const fail = (message: string): DefParse => ({ ok: false, end: after, message });
  if (cmd === "define") {
    if (t[after] !== "{") return undefined;
    const e1 = group(after);
    if (e1 < 0) return fail("unclosed \\define{");
    const name = t.slice(after + 1, e1 - 1).trim();
    if (t[e1] !== "{") return { ok: true, end: e1, defines: name }; // one-argument form: a gpp flag
    const e2 = group(e1);
    if (e2 < 0) return fail(`unclosed body of \\define{${name}}`);
    const head = name.match(/^\\?[^{\s]*/)?.[0] ?? name;
    return { ok: true, end: e2, raw: t.slice(at, e2), defines: head };
  }
  let j = after;
  if (cmd !== "def" && t[j] === "*") j++;
  j = skipWs(t, j);
  // the name: `{\name}` or `\name`
  let nameEnd: number;
  if (t[j] === "{" && cmd !== "def") nameEnd = group(j);
  else nameEnd = controlSeq(t, j);
  if (nameEnd < 0) return fail(`\\${cmd} without a macro name`);
  j = nameEnd;
  if (cmd === "def") {
    // parameter text (`#1#2`, delimiters) up to the body's `{`
    const limit = Math.min(t.length, j + 100);
    while (j < limit && t[j] !== "{" && t[j] !== "\n") j++;
    if (t[j] === "\n") j = skipWs(t, j);
  } else {
    for (let opt = 0; opt < 2; opt++) {
      // `[n]` then `[default]`
      const k = skipWs(t, j);
      if (t[k] !== "[") break;
      OPT_ARG.lastIndex = k;
      if (!OPT_ARG.test(t)) return fail(`unclosed [ in \\${cmd}`);
      j = OPT_ARG.lastIndex;
    }
    j = skipWs(t, j);
  }
  if (t[j] !== "{") return fail(`\\${cmd} without a {body}`);
  const end = group(j);
  if (end < 0) return fail(`unclosed body of \\${cmd}`);
  return { ok: true, end, raw: t.slice(at, end) };
}
