// Math delimiters: finding the closer of `$…$`, `$$…$$`, `\[…\]`, `\(…\)`, `\begin{env}…\end{env}`,
// and splitting aligned blocks into one row per `\\`.

/** Math environments found bare in text (value: display or not). */
export const MATH_ENVS: ReadonlyMap<string, boolean> = new Map([
  ...["equation", "align", "alignat", "flalign", "gather", "eqnarray", "multline"].flatMap(
    (e) =>
      [
        [e, true],
        [`${e}*`, true],
      ] as [string, boolean][],
  ),
  ["aligned", true],
  ["alignedat", true],
  ["gathered", true],
  ["split", true],
  ["displaymath", true],
  ["math", false],
]);

/** Environments whose `\\` rows are separate statements. */
const ROW_ENVS = new Set([
  "align",
  "align*",
  "aligned",
  "alignat",
  "alignat*",
  "alignedat",
  "flalign",
  "flalign*",
  "gather",
  "gather*",
  "gathered",
  "eqnarray",
  "eqnarray*",
]);
/** Environments whose `\\` only breaks one long equation (the breaks are blanked out). */
const BREAK_ENVS = new Set(["multline", "multline*", "split"]);

/** Commands that never occur inside math: a closer search stops at them (lamd structure, code, conditionals). */
export const STOP_COMMANDS = new Set([
  "code",
  "setupcode",
  "helpercode",
  "plotcode",
  "displaycode",
  "installcode",
  "setupplotcode",
  "setupdisplaycode",
  "setuphelpercode",
  "showcode",
  "matlabcode",
  "loadcode",
  "loadplotcode",
  "ifdef",
  "ifndef",
  "else",
  "endif",
  "define",
  "include",
  "slides",
  "notes",
  "newslide",
  "section",
  "subsection",
  "subsubsection",
  "documentclass",
]);

export type Closer =
  | { readonly kind: "$" }
  | { readonly kind: "$$" }
  | { readonly kind: "cs"; readonly close: "]" | ")" }
  | { readonly kind: "env"; readonly env: string };

export type ScanResult =
  | { readonly found: true; readonly end: number; readonly after: number }
  | { readonly found: false; readonly stop: number };

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const ENV_ARG = /\{([a-zA-Z]+\*?)\}/y,
  LABEL_ARG = /\*?\{[^{}\n]*\}/y,
  SPACING_ARG = /\*?(?:\[[^\]\n]{0,50}\])?/y;
/** `{name}` of `\begin`/`\end` at `j`: [name, offset after `}`], or undefined. */
export function envArg(t: string, j: number): [string, number] | undefined {
  ENV_ARG.lastIndex = j;
  const m = ENV_ARG.exec(t);
  return m ? [m[1], j + m[0].length] : undefined;
}
const stickyEnd = (re: RegExp, t: string, j: number) => {
  re.lastIndex = j;
  const m = re.exec(t);
  return m ? j + m[0].length : j;
};
const isBlankRest = (t: string, i: number) => {
  // line starting at i holds only spaces/tabs
  while (i < t.length && (t[i] === " " || t[i] === "\t")) i++;
  return i >= t.length || t[i] === "\n";
};
const isFenceLine = (t: string, i: number) => {
  while (i < t.length && (t[i] === " " || t[i] === "\t")) i++;
  return t.startsWith("```", i) || t.startsWith("~~~", i);
};

/**
 * Find the closer of math opened just before `from`. Math never spans a blank line (a paragraph break, as in
 * TeX and pandoc), a Markdown fence, or a lamd structure/code command: reaching one means "unclosed".
 * `\x` escapes are skipped (`\$` is a literal dollar); in LaTeX mode `%` comments are skipped.
 */
export function scanMath(t: string, from: number, closer: Closer, latex: boolean): ScanResult {
  let depth = 0;
  for (let i = from; i < t.length; ) {
    const c = t.charCodeAt(i);
    if (c === 92 /* \ */) {
      const n = t.charCodeAt(i + 1);
      if (!isLetter(n)) {
        if (closer.kind === "cs" && t[i + 1] === closer.close) return { found: true, end: i, after: i + 2 };
        i += 2;
        continue;
      }
      let j = i + 1;
      while (j < t.length && isLetter(t.charCodeAt(j))) j++;
      const name = t.slice(i + 1, j);
      if (STOP_COMMANDS.has(name)) return { found: false, stop: i };
      const arg = name === "begin" || name === "end" ? envArg(t, j) : undefined;
      if (arg) {
        const [env, k] = arg;
        if (env === "document") return { found: false, stop: i };
        if (closer.kind === "env" && env === closer.env) {
          if (name === "begin") depth++;
          else if (depth === 0) return { found: true, end: i, after: k };
          else depth--;
        }
        j = k;
      }
      i = j;
    } else if (c === 36 /* $ */) {
      if (closer.kind === "$") return { found: true, end: i, after: i + 1 };
      if (closer.kind === "$$" && t.charCodeAt(i + 1) === 36) return { found: true, end: i, after: i + 2 };
      i++;
    } else if (c === 10 /* \n */) {
      if (isBlankRest(t, i + 1) || (!latex && isFenceLine(t, i + 1))) return { found: false, stop: i };
      i++;
    } else if (c === 37 /* % */ && latex) {
      const e = t.indexOf("\n", i);
      i = e < 0 ? t.length : e;
    } else i++;
  }
  return { found: false, stop: t.length };
}

export interface RawRow {
  readonly offset: number;
  readonly text: string;
}

/** Replace [a, b) of `s` by spaces, keeping newlines (so positions inside the text stay right). */
function blank(chars: string[], a: number, b: number): void {
  for (let k = a; k < b; k++) if (chars[k] !== "\n") chars[k] = " ";
}

/**
 * The statements of a math segment. `\label{}`, `\tag{}`, `\nonumber`, `\notag` and the top-level
 * `\begin{..}`/`\end{..}` of math environments are blanked. In an aligned block (`outerEnv` or an
 * environment at the top of `content`) each top-level `\\` (with `*` or `[len]`) separates rows; `\\` inside
 * braces or nested environments (matrices, cases) does not. Offsets are relative to `content`.
 */
const RELATION = /^(?:[=<>]|\\(?:leq|geq|neq|le|ge|approx|propto|equiv|in)(?![A-Za-z]))/;
/** Whether a row's text has a relation (=, <, \\leq, …) outside braces (`\\sum_{i=1}` has none). */
function hasRelation(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && text[i + 1] !== "\\" && !/[A-Za-z]/.test(text[i + 1] ?? "")) i++;
    else if (c === "{") depth++;
    else if (c === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0 && RELATION.test(text.slice(i, i + 8))) return true;
  }
  return false;
}

/**
 * Rows that continue the formula of the row before: `E = a \\ &- b \\ &+ c` is one statement E = a − b + c
 * (a row with no relation that starts with + or −, after its `&`, or any row after one that ends with + or −).
 * The separator between them is blanked.
 */
function joinContinued(pieces: [number, number][], seps: [number, number][], chars: string[]): [number, number][] {
  const out: [number, number][] = [];
  pieces.forEach(([a, b], k) => {
    const text = chars.slice(a, b).join("");
    const head = text.replace(/^[\s&]+/, "");
    const before = out.length
      ? chars
          .slice(...out[out.length - 1])
          .join("")
          .trimEnd()
      : "";
    if (k > 0 && out.length && ((/^[+-]/.test(head) && !hasRelation(text)) || /[+-]$/.test(before))) {
      blank(chars, seps[k - 1][0], seps[k - 1][1]);
      out[out.length - 1] = [out[out.length - 1][0], b];
    } else out.push([a, b]);
  });
  return out;
}

export function rowsOf(content: string, outerEnv?: string): RawRow[] {
  const chars = content.split("");
  const seps: [number, number][] = [];
  let split = outerEnv !== undefined && ROW_ENVS.has(outerEnv);
  let breaks = outerEnv !== undefined && BREAK_ENVS.has(outerEnv);
  let depth = 0,
    envDepth = 0;
  for (let i = 0; i < content.length; ) {
    const c = content[i];
    if (c === "\\" && isLetter(content.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < content.length && isLetter(content.charCodeAt(j))) j++;
      const name = content.slice(i + 1, j);
      const arg = name === "begin" || name === "end" ? envArg(content, j) : undefined;
      if (arg) {
        const [env, k] = arg;
        if (depth === 0 && envDepth === 0 && MATH_ENVS.has(env)) {
          blank(chars, i, k);
          if (ROW_ENVS.has(env)) split = true;
          if (BREAK_ENVS.has(env)) breaks = true;
        } else if (name === "begin") envDepth++;
        else envDepth = Math.max(0, envDepth - 1);
        i = k;
      } else if (name === "label" || name === "tag") {
        const k = stickyEnd(LABEL_ARG, content, j);
        blank(chars, i, k);
        i = k;
      } else {
        if (name === "nonumber" || name === "notag") blank(chars, i, j);
        i = j;
      }
    } else if (c === "\\") {
      if (content[i + 1] === "\\" && depth === 0 && envDepth === 0) {
        const k = stickyEnd(SPACING_ARG, content, i + 2);
        seps.push([i, k]);
        i = k;
      } else i += 2;
    } else if (c === "%") {
      const e = content.indexOf("\n", i);
      i = e < 0 ? content.length : e;
    } else {
      if (c === "{") depth++;
      else if (c === "}") depth = Math.max(0, depth - 1);
      i++;
    }
  }
  let pieces: [number, number][] = [[0, content.length]];
  if (split) {
    pieces = [];
    let a = 0;
    for (const [s, e] of seps) {
      pieces.push([a, s]);
      a = e;
    }
    pieces.push([a, content.length]);
    pieces = joinContinued(pieces, seps, chars);
  } else if (breaks) for (const [s, e] of seps) blank(chars, s, e);
  const text = chars.join("");
  const rows: RawRow[] = [];
  for (const [a, b] of pieces) {
    let s = a,
      e = b;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) rows.push({ offset: s, text: text.slice(s, e) });
  }
  return rows;
}
