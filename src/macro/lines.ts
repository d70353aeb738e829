// File positions for offsets in a text, in O(log n) per lookup (same convention as lexer.locAt).
import type { Loc } from "./lexer.js";

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    text: string,
    private readonly start: Loc,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  loc(offset: number): Loc {
    const s = this.starts;
    let lo = 0,
      hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const col = lo === 0 ? this.start.col + offset : offset - s[lo] + 1;
    return { file: this.start.file, line: this.start.line + lo, col };
  }
}
