// Reading macro definitions out of LaTeX / lamd (gpp) text.
import { readFileSync } from "node:fs";
import { lexMath, type Loc, type Tok } from "./lexer.js";
import { LineIndex } from "./lines.js";
import { sameDefinition, type Macro, type MacroError, type MacroTable } from "./table.js";

type Kind = "new" | "renew" | "provide" | "def" | "operator" | "define";

const KINDS = new Map<string, Kind>([
  ["\\newcommand", "new"],
  ["\\renewcommand", "renew"],
  ["\\providecommand", "provide"],
  ["\\DeclareRobustCommand", "renew"],
  ["\\def", "def"],
  ["\\gdef", "def"],
  ["\\DeclareMathOperator", "operator"],
  ["\\define", "define"],
]);

class ScanError {
  constructor(
    readonly at: Tok,
    readonly message: string,
  ) {}
}

const isSpace = (t: Tok | undefined): boolean => t !== undefined && (t.type === "ws" || t.type === "comment");
const isCs = (t: Tok | undefined): boolean => t !== undefined && (t.type === "cmd" || t.type === "csym");

/** Scanner over the tokens of one text; `pos` is the next token. Throws ScanError on malformed input. */
class Scanner {
  pos = 0;
  constructor(
    readonly toks: Tok[],
    readonly lines: LineIndex,
  ) {}

  peek(): Tok | undefined {
    return this.toks[this.pos];
  }

  skip(): void {
    while (isSpace(this.toks[this.pos])) this.pos++;
  }

  withLoc(t: Tok): Tok {
    return { type: t.type, value: t.value, offset: t.offset, loc: this.lines.loc(t.offset) };
  }

  /** In gpp text `%` is an ordinary character: split a comment token back into `%` and the re-lexed rest. */
  explode(at: number): void {
    const t = this.toks[at];
    const rest = lexMath(t.value.slice(1)).map((x) => ({ ...x, offset: x.offset + t.offset + 1 }));
    this.toks.splice(at, 1, { type: "other", value: "%", offset: t.offset }, ...rest);
  }

  /** The tokens inside the balanced group starting at `pos` (a `{`); comments dropped unless `literalPercent`. */
  group(owner: Tok, literalPercent: boolean): Tok[] {
    const open = this.toks[this.pos++];
    const out: Tok[] = [];
    let depth = 1;
    for (;;) {
      const t = this.toks[this.pos];
      if (t === undefined) throw new ScanError(open, `unterminated { in ${owner.value}`);
      if (t.type === "comment") {
        if (literalPercent) {
          this.explode(this.pos);
          continue;
        }
        this.pos++;
        continue;
      }
      this.pos++;
      if (t.type === "lbrace") depth++;
      else if (t.type === "rbrace" && --depth === 0) return out;
      out.push(this.withLoc(t));
    }
  }

  /** `[...]` up to the first `]` outside braces (pos is at `[`); one enclosing brace pair is stripped. */
  bracket(owner: Tok): Tok[] {
    const open = this.toks[this.pos++];
    const out: Tok[] = [];
    let depth = 0;
    for (;;) {
      const t = this.toks[this.pos++];
      if (t === undefined) throw new ScanError(open, `unterminated [ in ${owner.value}`);
      if (t.type === "comment") continue;
      if (t.type === "rbrack" && depth === 0) break;
      if (t.type === "lbrace") depth++;
      else if (t.type === "rbrace") depth--;
      out.push(this.withLoc(t));
    }
    return stripBraces(out);
  }

  /** `{\name}` or `\name` after a definition command. */
  csName(owner: Tok): Tok {
    this.skip();
    const t = this.peek();
    if (t !== undefined && isCs(t)) {
      this.pos++;
      return t;
    }
    if (t?.type === "lbrace") {
      this.pos++;
      this.skip();
      const n = this.peek();
      if (n === undefined || !isCs(n)) throw new ScanError(n ?? t, `expected a control sequence after ${owner.value}{`);
      this.pos++;
      this.skip();
      const close = this.peek();
      if (close?.type !== "rbrace") throw new ScanError(close ?? n, `expected } after ${owner.value}{${n.value}`);
      this.pos++;
      return n;
    }
    throw new ScanError(t ?? owner, `expected a control sequence after ${owner.value}`);
  }

  star(): boolean {
    this.skip();
    if (this.peek()?.type !== "star") return false;
    this.pos++;
    return true;
  }

  /** A mandatory `{...}` (or single-token) body. */
  body(owner: Tok, name: Tok, allowSingle: boolean): Tok[] {
    this.skip();
    const t = this.peek();
    if (t?.type === "lbrace") return this.group(owner, false);
    if (t === undefined || t.type === "rbrace" || !allowSingle)
      throw new ScanError(t ?? owner, `missing body in definition of ${name.value}`);
    this.pos++;
    return [this.withLoc(t)];
  }
}

function stripBraces(toks: Tok[]): Tok[] {
  if (toks.length < 2 || toks[0].type !== "lbrace" || toks[toks.length - 1].type !== "rbrace") return toks;
  let depth = 0;
  for (let i = 0; i < toks.length - 1; i++) {
    if (toks[i].type === "lbrace") depth++;
    else if (toks[i].type === "rbrace" && --depth === 0) return toks; // the first group closes early
  }
  return toks.slice(1, -1);
}

function trim(toks: Tok[]): Tok[] {
  let a = 0,
    b = toks.length;
  while (a < b && isSpace(toks[a])) a++;
  while (b > a && isSpace(toks[b - 1])) b--;
  return toks.slice(a, b);
}

function checkParams(body: readonly Tok[], n: number, name: Tok): void {
  for (const t of body)
    if (t.type === "param" && Number(t.value[1]) > n)
      throw new ScanError(t, `illegal parameter number ${t.value} in definition of ${name.value}`);
}

/** Parse the definition after its command `cmd`; returns the macro (undefined: not a definition) with `s.pos` after it. */
function parseDefinition(s: Scanner, kind: Kind, cmd: Tok): Macro | undefined {
  const loc = s.lines.loc(cmd.offset);
  if (kind === "define") return parseDefine(s, cmd, loc);
  if (kind === "operator") {
    s.star(); // \DeclareMathOperator* only moves limits: the same operator here
    const name = s.csName(cmd);
    s.skip();
    if (s.peek()?.type !== "lbrace")
      throw new ScanError(s.peek() ?? cmd, `missing operator name in ${cmd.value}{${name.value}}`);
    const text = s.group(cmd, false);
    const synth = (type: Tok["type"], value: string): Tok => ({ type, value, offset: cmd.offset, loc });
    return {
      name: name.value.slice(1),
      nparams: 0,
      body: [synth("cmd", "\\operatorname"), synth("lbrace", "{"), ...text, synth("rbrace", "}")],
      loc,
    };
  }
  if (kind === "def") {
    s.skip();
    const name = s.peek();
    if (name === undefined || !isCs(name))
      throw new ScanError(name ?? cmd, `expected a control sequence after ${cmd.value}`);
    s.pos++;
    let n = 0;
    for (;;) {
      s.skip();
      const t = s.peek();
      if (t === undefined) throw new ScanError(cmd, `missing body in definition of ${name.value}`);
      if (t.type === "lbrace") break;
      if (t.type === "param" && Number(t.value[1]) === n + 1) {
        n++;
        s.pos++;
        continue;
      }
      throw new ScanError(
        t,
        t.type === "param"
          ? `parameters must be numbered consecutively: expected #${n + 1} in ${cmd.value}${name.value}`
          : `delimited parameters are not supported in ${cmd.value}${name.value}`,
      );
    }
    const body = s.group(cmd, false);
    checkParams(body, n, name);
    return { name: name.value.slice(1), nparams: n, body, loc };
  }
  // \newcommand, \renewcommand, \providecommand (and starred forms)
  s.star();
  const name = s.csName(cmd);
  let n = 0;
  let optDefault: Tok[] | undefined;
  s.skip();
  if (s.peek()?.type === "lbrack") {
    const inner = trim(s.bracket(cmd));
    if (inner.length !== 1 || !/^[0-9]$/.test(inner[0].value))
      throw new ScanError(inner[0] ?? cmd, `bad number of arguments in definition of ${name.value} (expected [0-9])`);
    n = Number(inner[0].value);
    s.skip();
    if (s.peek()?.type === "lbrack") {
      if (n === 0) throw new ScanError(s.peek()!, `${name.value} has an optional argument but no parameters`);
      optDefault = s.bracket(cmd);
    }
  }
  const body = s.body(cmd, name, true);
  checkParams(body, n, name);
  return { name: name.value.slice(1), nparams: n, ...(optDefault ? { optDefault } : {}), body, loc };
}

/** Tokens that continue a gpp identifier ([A-Za-z0-9_]) after a control word. */
const isIdentPart = (t: Tok | undefined): boolean =>
  t !== undefined && (t.type === "letter" || t.type === "under" || (t.type === "num" && !t.value.includes(".")));

/**
 * gpp: `\define{\name{a}{b}}{body}`, `\define{\name}{body}`, `\define{name}{body}`; `\define{X}` alone is a flag.
 * Names and parameter names are gpp identifiers ([A-Za-z0-9_], a parameter may be unnamed: `{}`); a body reference
 * to a parameter whose name goes on after its letters (`\width1`) is merged into one control-word token.
 */
function parseDefine(s: Scanner, cmd: Tok, loc: Loc): Macro | undefined {
  if (s.peek()?.type !== "lbrace") return undefined; // not a gpp call: plain text
  const head = trim(s.group(cmd, true));
  if (s.peek()?.type !== "lbrace") return undefined; // a flag (\define{X}), not a macro
  const body = s.group(cmd, true);
  if (head.length === 0) throw new ScanError(cmd, "empty name in \\define");
  const bare = !isCs(head[0]); // \define{name}{body}: no parameter list
  let i = bare ? 0 : 1;
  let name = bare ? "" : head[0].value.slice(1);
  while (isIdentPart(head[i])) name += head[i++].value;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || (bare && i < head.length))
    throw new ScanError(head[0], `bad macro name in \\define{${head.map((t) => t.value).join("")}}`);
  const params: string[] = [];
  for (;;) {
    while (isSpace(head[i])) i++;
    if (i >= head.length) break;
    if (head[i].type !== "lbrace") throw new ScanError(head[i], `bad parameter list in \\define{\\${name}…}`);
    let j = i + 1;
    while (j < head.length && head[j].type !== "rbrace") j++;
    const p = trim(head.slice(i + 1, j))
      .map((t) => t.value)
      .join("");
    if (j >= head.length || !/^[A-Za-z0-9_]*$/.test(p))
      throw new ScanError(head[i], `bad parameter name in \\define{\\${name}…} (letters, digits and _ only)`);
    if (p !== "" && params.includes(p))
      throw new ScanError(head[i], `duplicate parameter ${p} in \\define{\\${name}…}`);
    params.push(p);
    i = j + 1;
  }
  return { name, nparams: params.length, body: mergeReferences(body, params), namedParams: params, loc };
}

function mergeReferences(body: Tok[], params: readonly string[]): Tok[] {
  if (!params.some((p) => /[0-9_]/.test(p))) return body;
  const out: Tok[] = [];
  for (let i = 0; i < body.length; i++) {
    const t = body[i];
    let id = t.value.slice(1),
      j = i + 1;
    if (t.type === "cmd") while (isIdentPart(body[j])) id += body[j++].value;
    if (j > i + 1 && params.includes(id)) {
      out.push({ ...t, value: `\\${id}` });
      i = j - 1;
    } else out.push(t);
  }
  return out;
}

function install(kind: Kind, m: Macro, table: MacroTable, errors: MacroError[]): void {
  if (kind === "provide") {
    if (!table.has(m.name)) table.set(m);
    return;
  }
  if (kind === "new" || kind === "operator") {
    const old = table.getOwn(m.name);
    if (old && !sameDefinition(old, m)) {
      errors.push({
        loc: m.loc,
        message: `\\${m.name} is already defined (${old.loc.file}:${old.loc.line}:${old.loc.col}); use \\renewcommand`,
      });
      return;
    }
  }
  table.set(m);
}

/**
 * Scan LaTeX text for definitions and add them to `table`: \newcommand{\name}[n][default]{body}, \newcommand\name{body},
 * \newcommand*, \renewcommand / \DeclareRobustCommand (override), \providecommand (only if undefined here or in a
 * parent), \def/\gdef\name#1#2{body}, \DeclareMathOperator{\name}{text} (→ \operatorname{text}), and gpp
 * \define{\name{a}{b}}{… \a …}, \define{\name}{body}, \define{name}{body} (`\define{X}` alone is a flag: ignored).
 * \newcommand of a name already defined differently in this same table is an error (the first stays); a parent's
 * definition is shadowed. `%` starts a comment except inside \define. Text outside definitions is ignored; a
 * definition inside another's body is not read. A malformed definition gives a located error and scanning resumes
 * right after its command. `start` is where `text` begins in `file` (default 1:1).
 */
export function scanDefinitions(text: string, file: string, table: MacroTable, start?: Loc): MacroError[] {
  const lines = new LineIndex(text, { file, line: start?.line ?? 1, col: start?.col ?? 1 });
  const s = new Scanner(lexMath(text), lines);
  const errors: MacroError[] = [];
  while (s.pos < s.toks.length) {
    const t = s.toks[s.pos++];
    const kind = t.type === "cmd" ? KINDS.get(t.value) : undefined;
    if (kind === undefined) continue;
    const resume = s.pos;
    try {
      const m = parseDefinition(s, kind, t);
      if (m) install(kind, m, table, errors);
    } catch (e) {
      if (!(e instanceof ScanError)) throw e;
      errors.push({ loc: lines.loc(e.at.offset), message: e.message });
      s.pos = resume;
    }
  }
  return errors;
}

/** Read a macro file (LaTeX or gpp) into `table`; an unreadable file is one error, not an exception. */
export function loadMacroFile(path: string, table: MacroTable): MacroError[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return [{ loc: { file: path, line: 1, col: 1 }, message: `cannot read macro file: ${(e as Error).message}` }];
  }
  return scanDefinitions(text, path, table);
}
