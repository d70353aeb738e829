// Identifiers, string literals and comments for generated code. Source symbols become identifiers that are
// valid and harmless in every target at once (so a kernel's names agree across JS, Python and C): invalid
// characters become `_`, a leading digit or underscore gets a `v` in front, reserved words and runtime names
// get a trailing `_`, and clashes get `_2`, `_3`, … in order of first use (deterministic).

const JS = `break case catch class const continue debugger default delete do else enum export extends false finally for
function if import in instanceof new null return super switch this throw true try typeof var void while with yield let
static implements interface package private protected public await arguments eval undefined NaN Infinity constructor
prototype Object Math Float64Array Array Number Error globalThis`;
const PY = `False None True and as assert async await break class continue def del elif else except finally for from
global if import in is lambda nonlocal not or pass raise return try while with yield match case type print len range
float int str dict list tuple object self ctx np numpy torch math staticmethod Kernel`;
const C = `auto break case char const continue default do double else enum extern float for goto if inline int long
register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while main
exp log sin cos tan tanh sinh cosh asin acos atan sqrt fabs pow fmax fmin abs malloc calloc free memcpy memset abort exit size_t NULL
printf scanf fprintf stdin stdout stderr errno assert`;
/** Names the generated modules use themselves. */
const RUNTIME = `R INPUTS OUTPUT OUTPUT_SHAPE forward gradients seed inputs sizes saved grads out`;

export const RESERVED: ReadonlySet<string> = new Set([JS, PY, C, RUNTIME].join(" ").split(/\s+/).filter(Boolean));

/** A valid identifier for `raw` in every target (before clash resolution). */
export function identifier(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "") s = "v";
  if (/^[0-9_]/.test(s)) s = `v${s}`;
  if (/^tg_/i.test(s)) s = `v_${s}`;
  if (RESERVED.has(s)) s = `${s}_`;
  return s;
}

/** Hands out distinct identifiers in order of request. */
export class Namer {
  private readonly used = new Set<string>(RESERVED);
  private counter = 0;
  /** A fresh identifier based on `raw`. */
  name(raw: string): string {
    const base = identifier(raw);
    let s = base;
    for (let i = 2; this.used.has(s); i++) s = `${base}_${i}`;
    this.used.add(s);
    return s;
  }
  private readonly temps = new Set<string>();
  /** The next anonymous temporary: t1, t2, … (skipping taken names). */
  temp(): string {
    let s: string;
    do s = `t${++this.counter}`;
    while (this.used.has(s));
    this.used.add(s);
    this.temps.add(s);
    return s;
  }
  /** New names t1, t2, … for the temporaries `order` (in that order), avoiding every other name. */
  renumber(order: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    let k = 0;
    for (const old of order) {
      let s: string;
      do s = `t${++k}`;
      while (this.used.has(s) && !this.temps.has(s));
      out.set(old, s);
    }
    return out;
  }
}

/** A dictionary key we keep as written: printable ASCII without quotes, backslashes or edge spaces. */
export const safeKey = (s: string): boolean =>
  /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(s) && !/["'`\\]/.test(s);

const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");

/** A JavaScript string literal (ASCII only; other code units escaped). */
export function jsString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c === 0x22 ? '\\"' : c === 0x5c ? "\\\\" : c >= 0x20 && c < 0x7f ? s[i] : `\\u${hex(c, 4)}`;
  }
  return out + '"';
}

/** A Python string literal (ASCII only). */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out +=
      c === 0x22
        ? '\\"'
        : c === 0x5c
          ? "\\\\"
          : c >= 0x20 && c < 0x7f
            ? ch
            : c <= 0xffff
              ? `\\u${hex(c, 4)}`
              : `\\U${hex(c, 8)}`;
  }
  return out + '"';
}

/** A C string literal: UTF-8 bytes, non-printable ones as 3-digit octal escapes, `?` escaped (no trigraphs). */
export function cString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) {
    out +=
      b === 0x22
        ? '\\"'
        : b === 0x5c
          ? "\\\\"
          : b === 0x3f
            ? "\\?"
            : b >= 0x20 && b < 0x7f
              ? String.fromCharCode(b)
              : `\\${b.toString(8).padStart(3, "0")}`;
  }
  return out + '"';
}

/**
 * Text for a one-line comment in any target: control characters and line/paragraph separators become
 * spaces, bidi controls and zero-width characters are dropped, a trailing backslash is dropped (it would continue a `//` line), and `*` `/` and `??` sequences
 * cannot close a C comment or form a trigraph.
 */
export function commentText(s: string): string {
  return (
    s
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, " ")
      // bidi embeddings, overrides and isolates, zero-width characters: dropped (gcc -Werror rejects bidi ones)
      .replace(/[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufff9-\ufffb]/g, "")
      .replace(/\*(?=\/)/g, "* ")
      .replace(/\/(?=\*)/g, "/ ")
      .replace(/\?(?=\?)/g, "? ")
      .replace(/\\+\s*$/, "")
      .trimEnd()
  );
}
