// Token normalisation between macro expansion and the grammar: drops decoration (`\left`, `\,`, `\quad`),
// folds fonts and accents into symbol tokens (`\mathbf{X}` → matrix X, `\hat{x}` → x_hat), recognises function
// names (`\exp`, `\operatorname{softmax}`, `\text{ReLU}`) and upright d, and collects matrix environments.
import { untokenize, type Loc, type Tok, type TokType } from "../macro/lexer.js";
import type { SymKind } from "../ast/index.js";
import { getOp, opBySpelling } from "../ops/index.js";
import { ACCENTS, BOLD, FONTS, GREEK, accentName, cleanName, kindOfName } from "./symbols.js";
import { LocatedError } from "../errors.js";
import { oneSidedFences, pairFences } from "./fences.js";
import { UNSUPPORTED_COMMANDS, unknownFunction, unsupportedCommand } from "./unsupported.js";

export type GType =
  | TokType
  | "sym"
  | "fname"
  | "dd"
  | "tword"
  | "ones"
  | "eye"
  | "zero"
  | "reals"
  | "dots"
  | "mat"
  | "rel"
  | "fsym"
  | "lbar"
  | "rbar"
  | "lnorm"
  | "rnorm"
  | "sep";
export interface GTok {
  readonly type: GType;
  readonly value: string;
  readonly loc: Loc;
  readonly sym?: { readonly name: string; readonly hint: SymKind; readonly latex: string };
  readonly cells?: readonly (readonly (readonly GTok[])[])[];
  readonly text: string; // source text, for re-printing and error messages
  readonly words?: string; // upright text with its spaces as written (`\text{ was the max}` → "was the max")
}

const DROP = new Set([
  "left",
  "right",
  "big",
  "Big",
  "bigg",
  "Bigg",
  "bigl",
  "bigr",
  "Bigl",
  "Bigr",
  "biggl",
  "biggr",
  "Biggl",
  "Biggr",
  "middle",
  "displaystyle",
  "textstyle",
  "scriptstyle",
  "scriptscriptstyle",
  "tiny",
  "scriptsize",
  "footnotesize",
  "small",
  "normalsize",
  "large",
  "Large",
  "LARGE",
  "huge",
  "Huge",
  "limits",
  "nolimits",
  "nonumber",
  "notag",
  "hfill",
  "mathstrut",
  "strut",
  "vphantom",
  "phantom",
  "hspace",
  "vspace",
  "label",
  "tag",
  "boxed",
  "cancel",
  "color",
  "textcolor",
  "underbrace",
  "overbrace",
]);
const DROP_WITH_ARG = new Set(["label", "tag", "vphantom", "phantom", "hspace", "vspace", "color"]);
const SPACING = new Set(["\\,", "\\;", "\\!", "\\:", "\\ ", "\\>"]);
const TEXT = new Set([
  "text",
  "textrm",
  "textit",
  "textbf",
  "mathrm",
  "operatorname",
  "mathit",
  "textnormal",
  "mbox",
  "texttt",
  "mathsf",
  "hbox",
  "textup",
  "textsf",
  "textsl",
  "textmd",
  "textsc",
  "emph",
]);
const RELS: Record<string, string> = {
  "\\in": "\\in",
  "\\leq": "\\leq",
  "\\le": "\\leq",
  "\\geq": "\\geq",
  "\\ge": "\\geq",
  "\\neq": "\\neq",
  "\\ne": "\\neq",
  "\\approx": "\\approx",
  "\\propto": "\\propto",
  "\\sim": "\\sim",
  "\\equiv": "\\equiv",
  "\\to": "\\to",
  "\\rightarrow": "\\to",
  "\\mapsto": "\\mapsto",
  "\\triangleq": ":=",
  "\\coloneqq": ":=",
  "\\defeq": ":=",
  "\\simeq": "\\approx",
  "\\leftarrow": ":=",
  "\\Rightarrow": "\\to",
  "\\implies": "\\to",
  "\\ll": "<",
  "\\gg": ">",
  "\\subset": "\\in",
  "\\subseteq": "\\in",
  "\\Leftarrow": ":=",
  "\\longrightarrow": "\\to",
  "\\iff": "\\equiv",
  "\\cong": "\\approx",
  "\\forall": "\\forall",
  "\\exists": "\\forall",
};
const ALIGN_ENVS = /^(aligned|split|alignedat|gathered)\*?$/;
const MATRIX_ENVS = /^(b|p|v|V|B|small)?matrix$|^array$|^cases$|^aligned$|^split$/;

const isWs = (t: Tok) => t.type === "ws" || t.type === "comment";

/**
 * Words that separate two statements of one formula (`a = b \; \textrm{and} \; c = d`, `y = W x \text{ where }
 * W \in …`): compared lower-case, without surrounding spaces and punctuation (`\text{, where}`).
 */
const SEPARATOR_WORDS = new Set(
  [
    "and",
    "where",
    "whereby",
    "for",
    "for all",
    "for every",
    "for each",
    "for any",
    "for some",
    "if",
    "iff",
    "if and only if",
    "when",
    "whenever",
    "with",
    "such that",
    "s.t.",
    "so that",
    "since",
    "because",
    "as",
    "hence",
    "thus",
    "so",
    "then",
    "i.e.",
    "e.g.",
    "given",
    "given that",
    "while",
    "and where",
    "and for",
    "therefore",
    "we have",
    "which gives",
    "giving",
    "provided",
    "provided that",
    "assuming",
    "with respect to",
    "w.r.t.",
    "by",
    "using",
    "let",
    "note",
    "via",
    // not "or", "unless", "otherwise", "but": what follows them does not hold beside the formula (x = 1 or x = 2)
  ].map((w) => w.replace(/ /g, "")),
);
/** `\text{, where }` → `where` (white space inside math text is already gone: `\text{for all}` is `forall`). */
export const separatorWord = (w: string): string | null => {
  const k = w
    .toLowerCase()
    .replace(/\\q?quad|\\[ ,;:!>]|~|\s+/g, "")
    .replace(/^[,;:]+|[,;:]+$/g, "");
  return SEPARATOR_WORDS.has(k) ? k : null;
};

/** Inside \operatorname{} and \text{}, `sum` is the sum of all entries (the printed form of that operation). */
const namedOp = (word: string) => (word === "sum" ? getOp("sum") : opBySpelling(word));

/**
 * Normalise expanded tokens of one statement for the grammar. With `separators` (a whole row), `\quad`, `\qquad` and
 * separator words outside any group become `sep` tokens, where the row splits into statements; elsewhere `\quad`
 * is spacing.
 */
export function normalise(
  input: readonly Tok[],
  invocations: ReadonlyMap<number, { name: string; nparams?: number }>,
  fallback: Loc,
  separators = false,
): GTok[] {
  const toks = input.filter((t) => !isWs(t));
  // nesting depth of each token in braces, parentheses and brackets: separators count only at depth 0
  const depthAt: number[] = [];
  const opens = new Set(["\\{", "\\lbrace", "\\langle"]),
    closes = new Set(["\\}", "\\rbrace", "\\rangle"]);
  for (let j = 0, d = 0; j < toks.length; j++) {
    const ty = toks[j].type,
      v = toks[j].value;
    if (ty === "rbrace" || ty === "rparen" || ty === "rbrack" || closes.has(v)) d--;
    depthAt.push(d);
    if (ty === "lbrace" || ty === "lparen" || ty === "lbrack" || opens.has(v)) d++;
  }
  // …and not as a script (`W_\mathrm{st}`)
  const atTop = (j: number) =>
    separators && depthAt[j] === 0 && toks[j - 1]?.type !== "under" && toks[j - 1]?.type !== "caret";
  // tokens per macro invocation after filtering: a symbol built from all of them prints as the macro
  const perFrom = new Map<number, number>();
  for (const t of toks) if (t.from !== undefined) perFrom.set(t.from, (perFrom.get(t.from) ?? 0) + 1);
  const locOf = (t: Tok | undefined) => t?.loc ?? fallback;
  const out: GTok[] = [];
  const oneSided = oneSidedFences(toks);
  let i = 0;

  const group = (at: number): [Tok[], number] | null => {
    // a braced group starting at `at` (or a single token): its inner tokens and the index after it
    if (at >= toks.length) return null;
    if (toks[at].type !== "lbrace") return [[toks[at]], at + 1];
    let depth = 0;
    for (let j = at; j < toks.length; j++) {
      if (toks[j].type === "lbrace") depth++;
      else if (toks[j].type === "rbrace" && --depth === 0) return [toks.slice(at + 1, j), j + 1];
    }
    throw new LocatedError(locOf(toks[at]), "unbalanced braces");
  };
  const latexOf = (from: number, to: number, fallbackLatex: string) => {
    const f = toks[from].from;
    if (f === undefined) return fallbackLatex;
    for (let j = from; j < to; j++) if (toks[j].from !== f) return fallbackLatex;
    if (perFrom.get(f) !== to - from) return fallbackLatex;
    // a macro with arguments (\matr{Q} for \mathbf{Q}) prints expanded: its bare name would drop the arguments
    const inv = invocations.get(f);
    if (!inv || (inv.nparams ?? 0) > 0) return fallbackLatex;
    return `\\${inv.name}`;
  };
  const srcText = (from: number, to: number) => untokenize(toks.slice(from, to));
  // `\left|`, `\bigl\|` open a fence and `\right|` closes one: source index → side, then output index → side
  const sides = new Map<number, "open" | "close">(),
    fenceSides = new Map<number, "open" | "close">();
  const push = (type: GType, value: string, at: number, to: number, extra: Partial<GTok> = {}) => {
    const side = sides.get(at);
    if (side) fenceSides.set(out.length, side);
    out.push({ type, value, loc: locOf(toks[at]), text: srcText(at, to), ...extra });
  };

  /** A symbol from a simple inner token list (letters/greek/digits, possibly already-normalised). */
  const simpleName = (inner: Tok[]): string | null => {
    if (inner.length === 0) return null;
    if (inner.every((t) => t.type === "letter" || t.type === "num")) return inner.map((t) => t.value).join("");
    if (inner.length === 1 && inner[0].type === "cmd" && GREEK.has(inner[0].value.slice(1)))
      return inner[0].value.slice(1);
    return null;
  };

  while (i < toks.length) {
    const t = toks[i];
    const v = t.value;
    if (oneSided.has(i)) {
      i++;
      continue;
    }
    if (t.type === "cmd") {
      const name = v.slice(1);
      if (name === "quad" || name === "qquad") {
        if (atTop(i)) push("sep", v, i, i + 1);
        i++;
        continue;
      }
      if (DROP.has(name)) {
        i++;
        // \left. and \right. are invisible delimiters
        if ((name === "left" || name === "right") && toks[i]?.type === "dot") i++;
        if (/^(left|[bB]igg?l)$/.test(name)) sides.set(i, "open");
        if (/^(right|[bB]igg?r)$/.test(name)) sides.set(i, "close");
        if (DROP_WITH_ARG.has(name)) {
          const g = group(i);
          if (g) i = g[1];
        }
        continue;
      }
      if (name === "begin" || name === "end") {
        const g = group(i + 1);
        const env = g ? g[0].map((x) => x.value).join("") : "";
        if (name === "begin" && MATRIX_ENVS.test(env.replace(/\*$/, ""))) {
          i = collectMatrix(i, g![1], env);
          continue;
        }
        i = g ? g[1] : i + 1;
        continue;
      }
      if (FONTS.has(name) || ACCENTS.has(name)) {
        const g = group(i + 1);
        if (!g) throw new LocatedError(locOf(t), `${v} needs an argument`);
        const [inner, next] = g;
        const nm = simpleName(inner);
        const bold = BOLD.has(name);
        if (nm !== null && FONTS.has(name)) {
          // \mathrm{d} is the upright d of derivatives; \mathrm{tr}, \mathrm{softmax} are function names
          if (TEXT.has(name) && nm === "d") {
            push("dd", "d", i, next);
            i = next;
            continue;
          }
          const sepWord = TEXT.has(name) && atTop(i) ? separatorWord(nm) : null;
          if (sepWord) {
            push("sep", sepWord, i, next);
            i = next;
            continue;
          }
          const fop = TEXT.has(name) && nm.length > 1 ? opBySpelling(nm) : undefined;
          if (fop) {
            push("fname", fop.name, i, next);
            i = next;
            continue;
          }
          if (bold && nm === "1") {
            push("ones", "1", i, next);
            i = next;
            continue;
          }
          if (bold && nm === "0") {
            push("zero", "0", i, next);
            i = next;
            continue;
          }
          if (bold && nm === "I") {
            push("eye", "I", i, next);
            i = next;
            continue;
          }
          if (name === "mathbb" || /^[0-9]+$/.test(nm)) {
            push("num", nm, i, next);
            i = next;
            continue;
          }
          const latex = latexOf(i, next, `\\${name}{${inner.map((x) => x.value).join("")}}`);
          push("sym", nm, i, next, { sym: { name: cleanName(nm), hint: kindOfName(nm, bold), latex } });
          i = next;
          continue;
        }
        // \mathrm{~and~}: a separator word with spacing around it
        const spaced = TEXT.has(name) && atTop(i) ? separatorWord(inner.map((x) => x.value).join("")) : null;
        if (spaced) {
          push("sep", spaced, i, next);
          i = next;
          continue;
        }
        if (ACCENTS.has(name)) {
          // accent over an already-normalised symbol: normalise the inner tokens first
          const innerG = normalise(inner, invocations, locOf(t));
          if (innerG.length === 1 && innerG[0].sym) {
            const s = innerG[0].sym;
            const latex = latexOf(i, next, `\\${name}{${s.latex}}`);
            push("sym", `${s.name}_${accentName(name)}`, i, next, {
              sym: { name: `${s.name}_${accentName(name)}`, hint: s.hint, latex },
            });
            i = next;
            continue;
          }
        }
        // a font over something complex is transparent: keep the group
        i++;
        continue;
      }
      if (name === "mathbb") {
        const g = group(i + 1);
        const nm = g ? g[0].map((x) => x.value).join("") : "";
        if (nm === "R") {
          push("reals", "R", i, g![1]);
          i = g![1];
          continue;
        }
        push("sym", nm, i, g ? g[1] : i + 1, {
          sym: { name: cleanName(nm) || "bb", hint: "matrix", latex: `\\mathbb{${nm}}` },
        });
        i = g ? g[1] : i + 1;
        continue;
      }
      if (name === "Re" || name === "R" || name === "reals") {
        push("reals", "R", i, i + 1);
        i++;
        continue;
      }
      if (TEXT.has(name)) {
        const g = group(i + 1);
        if (!g) throw new LocatedError(locOf(t), `${v} needs an argument`);
        const word = g[0]
          .map((x) => x.value)
          .join("")
          .trim();
        const next = g[1];
        if (word === "d") {
          push("dd", "d", i, next);
          i = next;
          continue;
        }
        const op = namedOp(word.replace(/\s+/g, ""));
        if (op && /^[A-Za-z_]+$/.test(word)) {
          push("fname", op.name, i, next);
          i = next;
          continue;
        }
        if (name === "mathrm" || name === "mathit" || name === "mathsf") {
          const nm = simpleName(g[0]);
          if (nm !== null) {
            push("sym", nm, i, next, {
              sym: { name: cleanName(nm), hint: kindOfName(nm, false), latex: `\\${name}{${nm}}` },
            });
            i = next;
            continue;
          }
        }
        const sep = atTop(i) ? separatorWord(word) : null;
        const words = g[0]
          .map((x, k) => (k > 0 && x.offset > g[0][k - 1].offset + g[0][k - 1].value.length ? " " : "") + x.value)
          .join("")
          .trim();
        push(sep ? "sep" : "tword", sep ?? word, i, next, { words });
        i = next;
        continue;
      }
      // \arg\max / \arg\min: one token (only the unit vector \mathbf{e}_{\arg\max \mathbf{x}} is supported, parse/build.ts)
      if (name === "arg" && (toks[i + 1]?.value === "\\max" || toks[i + 1]?.value === "\\min")) {
        push("cmd", `\\arg${toks[i + 1].value.slice(1)}`, i, i + 2);
        i += 2;
        continue;
      }
      if (UNSUPPORTED_COMMANDS.has(name)) unsupportedCommand(locOf(t), v);
      if (name === "log" && toks[i + 1]?.value === "\\det") {
        push("fname", "logdet", i, i + 2);
        i += 2;
        continue;
      }
      if (name === "ldots" || name === "dots" || name === "cdots" || name === "vdots" || name === "ddots") {
        push("dots", "...", i, i + 1);
        i++;
        continue;
      }
      if (name === "eye") {
        push("eye", "I", i, i + 1);
        i++;
        continue;
      }
      if (name === "vert" || name === "lvert" || name === "rvert") {
        push("bar", "|", i, i + 1);
        i++;
        continue;
      }
      if (RELS[v]) {
        push("rel", RELS[v], i, i + 1);
        i++;
        continue;
      }
      if (name === "partial") {
        push("cmd", v, i, i + 1);
        i++;
        continue;
      }
      // function commands are case-sensitive: \Sigma is a matrix, \sigma( the logistic function
      const op = GREEK.has(name) && name !== "sigma" ? undefined : opBySpelling(name);
      const parenNext =
        toks[i + 1]?.type === "lparen" || (toks[i + 1]?.value === "\\left" && toks[i + 2]?.type === "lparen");
      if (op && name !== "sqrt" && (name !== "sigma" || parenNext)) {
        push("fname", op.name, i, i + 1);
        i++;
        continue;
      }
      // \pi written as such is the number π; \pi_k, \pi(x) and a macro that expands to \pi name a quantity
      if (name === "pi" && t.from === undefined && toks[i + 1]?.type !== "under" && !parenNext) {
        push("num", String(Math.PI), i, i + 1);
        i++;
        continue;
      }
      if (GREEK.has(name) || !KNOWN_COMMANDS.has(name)) {
        const latex = latexOf(i, i + 1, v);
        push("sym", name, i, i + 1, { sym: { name: cleanName(name), hint: kindOfName(name, false), latex } });
        i++;
        continue;
      }
      push("cmd", v, i, i + 1);
      i++;
      continue;
    }
    if (t.type === "csym") {
      if (SPACING.has(v)) {
        i++;
        continue;
      }
      if (v === "\\\\") {
        push("csym", v, i, i + 1);
        i++;
        continue;
      }
      push("csym", v, i, i + 1);
      i++;
      continue;
    }
    if (t.type === "letter") {
      const latex = latexOf(i, i + 1, v);
      push("sym", v, i, i + 1, { sym: { name: v, hint: kindOfName(v, false), latex } });
      i++;
      continue;
    }
    if (t.type === "tilde" || t.type === "amp") {
      i++;
      continue;
    }
    if (t.type === "colon" && toks[i + 1]?.type === "eq") {
      push("rel", ":=", i, i + 2);
      i += 2;
      continue;
    }
    if (t.type === "eq" || t.type === "lt" || t.type === "gt") {
      push("rel", t.type === "eq" ? "=" : v, i, i + 1);
      i++;
      continue;
    }
    push(t.type, v, i, i + 1);
    i++;
  }
  // a symbol directly followed by a parenthesis may be a function call (`E(\mathbf{w})`)
  for (let j = 0; j + 1 < out.length; j++)
    if (
      out[j].type === "sym" &&
      (out[j + 1].type === "lparen" || out[j + 1].type === "lbrack") &&
      out[j - 1]?.type !== "under" &&
      out[j - 1]?.type !== "caret"
    )
      out[j] = { ...out[j], type: "fsym" };
  // a named function that is no operation, applied to arguments: `\operatorname{foo}(x)`, `\text{foo}(x)`, `\operatorname{foo} x`
  for (let j = 0; j + 1 < out.length; j++) {
    const w = out[j],
      next = out[j + 1];
    if (
      w.type !== "tword" ||
      !/^[A-Za-z]+$/.test(w.value) ||
      out[j - 1]?.type === "under" ||
      out[j - 1]?.type === "caret"
    )
      continue;
    const operator = /^\\operatorname\b/.test(w.text);
    // `\text{if } (x > 0)` is prose: a \text word counts only when written tight and not a connective
    const named = operator || (/^\\[a-z]+\{[A-Za-z]+\}$/.test(w.text) && !PROSE.has(w.value.toLowerCase()));
    if (named && (next.type === "lparen" || (operator && APPLIED_TO.has(next.type)))) unknownFunction(w.loc, w.text);
  }
  // …and so is a name in upright text (`\operatorname{MLP}(x)`): a function, not a word multiplied by (x)
  for (let j = 0; j + 1 < out.length; j++) {
    const w = out[j];
    if (
      w.type === "tword" &&
      (out[j + 1].type === "lparen" || out[j + 1].type === "lbrack") &&
      /^[A-Za-z][A-Za-z0-9]*$/.test(w.value) &&
      !separatorWord(w.value) &&
      out[j - 1]?.type !== "under" &&
      out[j - 1]?.type !== "caret"
    )
      out[j] = { ...w, type: "fsym", sym: { name: w.value, hint: "unknown", latex: `\\operatorname{${w.value}}` } };
  }
  // a trailing full stop or comma ends the sentence, not the formula
  while (out.length && (out[out.length - 1].type === "dot" || out[out.length - 1].type === "comma")) out.pop();
  pairFences(out, fenceSides);
  return out;

  function collectMatrix(start: number, bodyStart: number, env: string): number {
    let depth = 1,
      braces = 0;
    let j = bodyStart;
    const rows: Tok[][][] = [[[]]];
    for (; j < toks.length; j++) {
      const x = toks[j];
      if (x.value === "\\begin") depth++;
      if (x.value === "\\end" && --depth === 0) break;
      if (x.type === "lbrace") braces++;
      if (x.type === "rbrace") braces--;
      // rows and cells are separated only at the top of the environment, not inside a group
      const top = depth === 1 && braces === 0;
      if (top && x.value === "\\\\") {
        rows.push([[]]);
        continue;
      }
      const row = rows[rows.length - 1];
      // alignment environments keep a row whole (`a &= b` is a relation); matrices split it into cells
      if (top && x.type === "amp") {
        if (!ALIGN_ENVS.test(env)) row.push([]);
        continue;
      }
      row[row.length - 1].push(x);
    }
    if (j >= toks.length) throw new LocatedError(locOf(toks[start]), `\\begin{${env}} without \\end{${env}}`);
    const endG = group(j + 1);
    const next = endG ? endG[1] : j + 1;
    const cells = rows
      .filter((r) => r.some((c) => c.length))
      .map((r) => r.map((c) => normalise(c, invocations, locOf(toks[start]))));
    push("mat", env, start, next, { cells });
    return next;
  }
}

/** Words of prose around formulas, never function names. */
const PROSE = new Set([
  "if",
  "for",
  "where",
  "when",
  "whenever",
  "and",
  "or",
  "with",
  "otherwise",
  "else",
  "then",
  "s",
  "st",
  "subject",
  "to",
  "all",
  "each",
  "every",
  "any",
  "some",
  "on",
  "in",
  "at",
  "of",
  "is",
  "are",
  "be",
  "as",
  "by",
  "from",
  "given",
  "unless",
  "while",
  "iff",
]);
/** Tokens that start the argument of a parenthesis-free function application. */
const APPLIED_TO = new Set<GType>([
  "sym",
  "fsym",
  "num",
  "ones",
  "eye",
  "fname",
  "lnorm",
  "lbar",
  "lbrace",
  "lbrack",
  "mat",
]);

/** Control words with a grammatical role (everything else that is undefined becomes a symbol). */
const KNOWN_COMMANDS = new Set([
  "frac",
  "tfrac",
  "dfrac",
  "sqrt",
  "partial",
  "cdot",
  "times",
  "odot",
  "circ",
  "oslash",
  "otimes",
  "top",
  "intercal",
  "sum",
  "prod",
  "int",
  "langle",
  "rangle",
  "lVert",
  "rVert",
  "Vert",
  "vert",
  "lvert",
  "rvert",
  "infty",
  "prime",
  "dagger",
  "cdots",
  "forall",
  "exists",
  "mid",
  "pm",
  "mp",
  "div",
  "setminus",
  "cup",
  "cap",
  "lim",
  "max",
  "min",
  "arg",
  "argmax",
  "argmin",
  "sup",
  "inf",
  "over",
  "choose",
  "binom",
  "lbrace",
  "rbrace",
  "lfloor",
  "rfloor",
  "lceil",
  "rceil",
  "det",
  "land",
  "lor",
  "neg",
  "lnot",
  "wedge",
  "vee",
  "not",
  "bullet",
  "star",
  "ast",
  "bmod",
  "pmod",
  "mod",
  "colon",
  "lbrack",
  "rbrack",
]);
