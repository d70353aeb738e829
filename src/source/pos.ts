// Offsets → 1-based line/column. Columns count Unicode characters (code points); a tab is one.

/** CRLF and lone CR become LF (line numbers and columns are unchanged); a leading BOM is dropped. */
export function normalizeText(text: string): string {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.includes("\r") ? t.replace(/\r\n?/g, "\n") : t;
}

export class Positions {
  private readonly starts: number[] = [0];
  /** When the text has astral characters: how many second surrogate halves precede each offset. */
  private readonly halves?: Int32Array;

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
    if (/[\uD800-\uDBFF]/.test(text)) {
      const h = new Int32Array(text.length + 1);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h[i + 1] = h[i] + (c >= 0xdc00 && c <= 0xdfff ? 1 : 0);
      }
      this.halves = h;
    }
  }

  at(offset: number): { line: number; col: number } {
    const s = this.starts;
    let lo = 0,
      hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const h = this.halves;
    const col = offset - s[lo] + 1 - (h ? h[Math.min(offset, h.length - 1)] - h[s[lo]] : 0);
    return { line: lo + 1, col };
  }
}

/** For each `{`, the offset just after its matching `}` (-1 when unmatched). `\x` escapes are skipped. */
export function matchBraces(text: string): Int32Array {
  const m = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 123 /* { */) stack.push(i);
    else if (c === 125 /* } */ && stack.length > 0) m[stack.pop()!] = i + 1;
  }
  return m;
}

/** A brace matcher over `text`: `group(i)` is the offset after the group opening at `i`, or -1. */
export function braceMatcher(text: string): (i: number) => number {
  let table: Int32Array | undefined;
  return (i: number) => {
    if (text.charCodeAt(i) !== 123) return -1;
    table ??= matchBraces(text);
    return table[i];
  };
}
