// Lecture sources (lamd Markdown with gpp macros, and LaTeX documents) → math segments.
// One forward pass: math delimiters open segments; code blocks, Markdown fences, inline code, HTML comments,
// URLs and `\href`/`\url` targets are skipped; gpp conditionals, `\define` and `\include` are followed.
import { extname, join, resolve } from "node:path";
import type { MacroDef, Segment, SourceError } from "./types.js";
import { Positions, braceMatcher, normalizeText } from "./pos.js";
import { MATH_ENVS, envArg, rowsOf, scanMath, type Closer, type ScanResult } from "./math.js";
import { DEF_COMMANDS, parseDefinition } from "./defs.js";
import { refuseInclude, remember } from "./confine.js";

/** State shared by a file and everything it includes (so include guards work across files). */
export interface Ctx {
  readonly root: string;
  readonly defined: Set<string>;
  readonly maxDepth: number;
  readonly read: (path: string) => string | undefined;
  /** Why a file `read` gave nothing for cannot be read ("it is a folder", "no such file"), when known. */
  readonly why?: (path: string) => string;
  /** The real path of a file (symbolic links resolved), or undefined. */
  readonly real: (path: string) => string | undefined;
  /** What is left of the include budget; once spent, one error and no more includes. */
  readonly budget: {
    files: number;
    bytes: number;
    readonly maxFiles: number;
    readonly maxBytes: number;
    exhausted: boolean;
  };
  /** Included texts already read (a file included many times is read once). */
  readonly cache: Map<string, string | undefined>;
  readonly segments: Segment[];
  readonly errors: SourceError[];
  readonly macroDefs: MacroDef[];
  readonly included: string[];
  /** Files being read, outermost first: re-including one is an error unless its include guard is closed. */
  readonly reading: string[];
}

/** lamd code blocks (`\code{…}` etc.): their brace groups are opaque (Python may hold `$`, `{`, `}`). */
const CODE_COMMANDS = new Set([
  "code",
  "setupcode",
  "helpercode",
  "plotcode",
  "displaycode",
  "installcode",
  "setupplotcode",
  "setupdisplaycode",
  "setuphelpercode",
  "loaddisplaycode",
  "loadhelpercode",
  "showcode",
  "matlabcode",
  "loadcode",
  "loadplotcode",
  "slidesmanim",
]);
const VERBATIM_ENVS = new Set(["verbatim", "verbatim*", "Verbatim", "lstlisting", "minted", "comment", "alltt"]);
/** gpp conditionals, searched for alone while inside a false branch. */
const COND = /\\(?:(ifn?def)\{([^{}\n]*)\}|(else|endif)(?![a-zA-Z]))/g;
const URL = /(?:https?|ftp):\/\//y;
const FENCE = /([`~])\1{2,}/y;
const PARA_END = /\n[ \t]*(?:\n|$)/g;

interface Frame {
  readonly at: number;
  readonly label: string;
  readonly cond: boolean;
  readonly parent: boolean;
  active: boolean;
  seenElse: boolean;
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Scan `text` (already normalised) as a lecture; `latex` selects LaTeX-document rules (`%` comments, no Markdown). */
export function scanLecture(file: string, text: string, latex: boolean, ctx: Ctx, depth: number): void {
  const pos = new Positions(text);
  const group = braceMatcher(text);
  const n = text.length;
  const error = (at: number, message: string) => {
    ctx.errors.push({ file, ...pos.at(at), message });
  };
  const conds: Frame[] = [];
  const active = () => conds.length === 0 || conds[conds.length - 1].active;
  // A failed closer search from `a` stopped at `stop`; any later search of that kind starting before `stop`
  // fails the same way. This (and the two memos below) keeps malformed input linear.
  const failed = new Map<string, number>();
  const ticksFailed = new Map<number, number>();
  let noCommentEnd = false;
  let paraEnd = -1;

  function conditional(at: number, kind: string, name: string): void {
    const top = conds[conds.length - 1];
    if (kind === "ifdef" || kind === "ifndef") {
      const parent = active(),
        cond = ctx.defined.has(name) === (kind === "ifdef");
      conds.push({ at, label: `\\${kind}{${name}}`, cond, parent, active: parent && cond, seenElse: false });
    } else if (kind === "else") {
      if (!top) error(at, "\\else without \\ifdef or \\ifndef");
      else if (top.seenElse) error(at, `second \\else for ${top.label}`);
      else {
        top.seenElse = true;
        top.active = top.parent && !top.cond;
      }
    } else if (!conds.pop()) error(at, "\\endif without \\ifdef or \\ifndef");
  }

  /** Math opened at `open` whose content starts at `from`; returns where scanning resumes. */
  function math(open: number, from: number, closer: Closer, display: boolean, label: string, env?: string): number {
    const key = closer.kind === "env" ? `env:${closer.env}` : closer.kind === "cs" ? `\\${closer.close}` : closer.kind;
    const memo = failed.get(key);
    const r: ScanResult =
      memo !== undefined && from < memo ? { found: false, stop: memo } : scanMath(text, from, closer, latex);
    if (!r.found) {
      failed.set(key, r.stop);
      error(open, `unclosed ${label}`);
      return from;
    }
    const content = text.slice(from, r.end);
    if (content.trim() !== "") {
      const rows = rowsOf(content, env).map((row) => ({ ...pos.at(from + row.offset), text: row.text }));
      ctx.segments.push({ file, ...pos.at(from), text: content, display, rows });
    }
    return r.after;
  }

  function include(at: number, j: number, cmd = "include"): number {
    const e = group(j);
    if (e < 0) {
      error(at, "unclosed \\include{");
      return j;
    }
    let p = text.slice(j + 1, e - 1).trim();
    if (latex && p !== "" && extname(p) === "") p += ".tex";
    if (ctx.budget.exhausted) return e;
    const refused = refuseInclude(p, ctx.root, ctx.real, cmd);
    if (refused) {
      error(at, refused);
      return e;
    }
    const full = join(ctx.root, p);
    if (depth >= ctx.maxDepth) error(at, `\\include nested more than ${ctx.maxDepth} deep: ${p}`);
    else {
      if (!ctx.cache.has(full)) ctx.cache.set(full, ctx.read(full));
      const body = ctx.cache.get(full);
      if (body === undefined) {
        error(at, `cannot read included file ${p}${ctx.why ? `: ${ctx.why(full)}` : ""}`);
        return e;
      }
      ctx.budget.files--;
      ctx.budget.bytes -= body.length;
      if (ctx.budget.files < 0 || ctx.budget.bytes < 0) {
        ctx.budget.exhausted = true;
        const b = ctx.budget,
          what =
            b.files < 0 ? `${b.maxFiles} included files` : `${Math.round(b.maxBytes / 1048576)} MB of included text`;
        error(at, `too many \\include: more than ${what} in one document (an include fan-out?); stopped at ${p}`);
        return e;
      }
      // re-entering a file being read is fine only when its include guard is now closed
      const guard = /^\s*\\ifndef\{([^{}\n]*)\}/.exec(body);
      if (ctx.reading.includes(resolve(full)) && !(guard && ctx.defined.has(guard[1].trim()))) {
        error(at, `recursive \\include of ${p}`);
        return e;
      }
      if (!ctx.included.includes(full)) {
        ctx.included.push(full);
        remember(full, body);
      }
      ctx.reading.push(resolve(full));
      scanLecture(full, normalizeText(body), latex, ctx, depth + 1);
      ctx.reading.pop();
    }
    return e;
  }

  /** `\name` at `i` (name ends at `j`); returns where scanning resumes. */
  function command(i: number, j: number): number {
    const name = text.slice(i + 1, j);
    switch (name) {
      case "ifdef":
      case "ifndef": {
        const e = group(j);
        if (e < 0) return j;
        conditional(i, name, text.slice(j + 1, e - 1).trim());
        return e;
      }
      case "else":
      case "endif":
        conditional(i, name, "");
        return j;
      case "include":
      case "input":
        return text[j] === "{" && (name === "include" || latex) ? include(i, j, name) : j;
      case "href":
      case "url": {
        const e = group(j);
        return e < 0 ? j : e;
      }
      case "begin": {
        const arg = envArg(text, j);
        if (!arg) return j;
        const [env, k] = arg,
          display = MATH_ENVS.get(env);
        if (display !== undefined) return math(i, k, { kind: "env", env }, display, `\\begin{${env}}`, env);
        if (!VERBATIM_ENVS.has(env)) return k;
        const e = text.indexOf(`\\end{${env}}`, k);
        if (e < 0) {
          error(i, `unclosed \\begin{${env}}`);
          return n;
        }
        return e + env.length + 6;
      }
      case "end":
        return latex && envArg(text, j)?.[0] === "document" ? n : j;
      case "verb": {
        if (!latex) return j;
        const d = text[j] === "*" ? j + 1 : j,
          e = text.slice(d + 1, d + 500).indexOf(text[d]);
        return e < 0 || text.slice(d, d + 1 + e).includes("\n") ? j : d + e + 2;
      }
    }
    if (DEF_COMMANDS.has(name)) {
      const d = parseDefinition(text, i, name, j, group);
      if (!d) return j;
      if (!d.ok) {
        error(i, d.message);
        return d.end;
      }
      if (name === "define" && d.defines !== undefined) ctx.defined.add(d.defines);
      if (d.raw !== undefined) ctx.macroDefs.push({ file, ...pos.at(i), text: d.raw });
      return d.end;
    }
    if (CODE_COMMANDS.has(name)) {
      let k = j;
      while (text[k] === "{") {
        const e = group(k);
        if (e < 0) {
          error(i, `unclosed \\${name}{`);
          return k + 1;
        }
        k = e;
      }
      return k;
    }
    return j;
  }

  const atLineStart = (i: number) => {
    let k = i - 1;
    while (k >= 0 && (text[k] === " " || text[k] === "\t")) k--;
    return k < 0 || text[k] === "\n";
  };

  /** A Markdown fence opening at `i`: the offset after its closing fence (or EOF), or -1 if not a fence. */
  function fence(i: number): number {
    FENCE.lastIndex = i;
    const m = FENCE.exec(text);
    if (!m) return -1;
    let eol = text.indexOf("\n", i);
    if (eol < 0) eol = n;
    if (m[1] === "`" && text.slice(i + m[0].length, eol).includes("`")) return -1; // ```inline``` code span
    for (let ls = eol + 1; ls < n && ls > 0; ls = text.indexOf("\n", ls) + 1) {
      let k = ls;
      while (text[k] === " " || text[k] === "\t") k++;
      let r = k;
      while (text[r] === m[1]) r++;
      if (r - k >= m[0].length) return r;
    }
    error(i, "unclosed code fence");
    return n;
  }

  /** Inline code `` `…` `` at `i` (closed by a run of as many backticks in the same paragraph). */
  function inlineCode(i: number): number {
    let k = i;
    while (text[k] === "`") k++;
    const len = k - i;
    if ((ticksFailed.get(len) ?? -1) > i) return k;
    if (paraEnd <= i) {
      PARA_END.lastIndex = i;
      paraEnd = PARA_END.exec(text)?.index ?? n;
    }
    for (let b = text.indexOf("`", k); b >= 0 && b < paraEnd; b = text.indexOf("`", b)) {
      let e = b;
      while (text[e] === "`") e++;
      if (e - b === len) return e;
      b = e;
    }
    ticksFailed.set(len, paraEnd);
    return k;
  }

  function url(i: number): number {
    let k = i,
      parens = 0;
    for (; k < n; k++) {
      const c = text[k];
      if (/[\s<>"'`{}[\]]/.test(c)) break;
      if (c === "(") parens++;
      else if (c === ")" && parens-- === 0) break;
    }
    return k;
  }

  let i = 0;
  while (i < n) {
    if (!active()) {
      COND.lastIndex = i;
      const m = COND.exec(text);
      if (!m) break;
      conditional(m.index, m[1] ?? m[3], (m[2] ?? "").trim());
      i = COND.lastIndex;
      continue;
    }
    const c = text[i];
    if (c === "\\") {
      let j = i + 1;
      while (j < n && isLetter(text.charCodeAt(j))) j++;
      if (j > i + 1) i = command(i, j);
      else if (text[j] === "[") i = math(i, i + 2, { kind: "cs", close: "]" }, true, "\\[");
      else if (text[j] === "(") i = math(i, i + 2, { kind: "cs", close: ")" }, false, "\\(");
      else i += 2; // `\$`, `\\`, `\%`, `\{` …
    } else if (c === "$") {
      i = text[i + 1] === "$" ? math(i, i + 2, { kind: "$$" }, true, "$$") : math(i, i + 1, { kind: "$" }, false, "$");
    } else if (c === "%" && latex) {
      const e = text.indexOf("\n", i);
      i = e < 0 ? n : e;
    } else if (!latex && (c === "`" || c === "~")) {
      const f = atLineStart(i) ? fence(i) : -1;
      i = f >= 0 ? f : c === "`" ? inlineCode(i) : i + 1;
    } else if (!latex && c === "<" && !noCommentEnd && text.startsWith("<!--", i)) {
      const e = text.indexOf("-->", i + 4);
      if (e < 0) noCommentEnd = true;
      i = e < 0 ? i + 4 : e + 3;
    } else if (
      (c === "h" || c === "f") &&
      (i === 0 || !isLetter(text.charCodeAt(i - 1))) &&
      ((URL.lastIndex = i), URL.test(text))
    ) {
      i = url(i);
    } else i++;
  }
  for (const f of conds) error(f.at, `missing \\endif for ${f.label}`);
}
