// The LaTeX math lexer shared by macro expansion and the grammar (moo).
// Offsets are relative to the lexed text; `loc` is filled in by the caller that knows the file position.
import moo from "moo";

export type TokType =
  | "ws"
  | "comment"
  | "param"
  | "cmd"
  | "csym"
  | "num"
  | "letter"
  | "lbrace"
  | "rbrace"
  | "lparen"
  | "rparen"
  | "lbrack"
  | "rbrack"
  | "caret"
  | "under"
  | "plus"
  | "minus"
  | "eq"
  | "comma"
  | "dot"
  | "bar"
  | "amp"
  | "prime"
  | "semi"
  | "colon"
  | "lt"
  | "gt"
  | "bang"
  | "slash"
  | "star"
  | "tilde"
  | "other";

export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export interface Tok {
  readonly type: TokType;
  readonly value: string;
  readonly offset: number; // offset in the lexed text
  readonly loc?: Loc; // position in the source file, when known
  readonly from?: number; // id of the outermost macro invocation this token came from
}

// every regex carries /u: moo requires all or none to, and `other` must match whole code points
const rules: moo.Rules = {
  ws: { match: /[ \t\r\n]+/u, lineBreaks: true },
  comment: /%[^\n]*/u,
  param: /#[1-9]/u,
  cmd: /\\[a-zA-Z]+/u,
  csym: /\\[^a-zA-Z]/u,
  num: /[0-9]+(?:\.[0-9]+)?/u,
  letter: /[a-zA-Z]/u,
  lbrace: "{",
  rbrace: "}",
  lparen: "(",
  rparen: ")",
  lbrack: "[",
  rbrack: "]",
  caret: "^",
  under: "_",
  plus: "+",
  minus: "-",
  eq: "=",
  comma: ",",
  dot: ".",
  bar: "|",
  amp: "&",
  prime: "'",
  semi: ";",
  colon: ":",
  lt: "<",
  gt: ">",
  bang: "!",
  slash: "/",
  star: "*",
  tilde: "~",
  other: { match: /[^]/u, lineBreaks: true },
};

const lexer = moo.compile(rules);

/** Tokens of `text`, including whitespace and comments (callers filter what they do not need). */
export function lexMath(text: string): Tok[] {
  lexer.reset(text);
  const out: Tok[] = [];
  for (const t of lexer) out.push({ type: t.type as TokType, value: t.value, offset: t.offset });
  return out;
}

/** Position of `offset` inside a text that starts at `start` in its file. */
export function locAt(text: string, offset: number, start: Loc): Loc {
  let line = start.line,
    col = start.col;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      col = 1;
    } else col++;
  }
  return { file: start.file, line, col };
}

/** Re-print tokens as LaTeX text. */
export function untokenize(toks: readonly Tok[]): string {
  let s = "";
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    s += t.value;
    // a control word followed by a letter needs a space to stay a control word
    if (t.type === "cmd" && i + 1 < toks.length && toks[i + 1].type === "letter") s += " ";
  }
  return s;
}
