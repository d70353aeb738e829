// A nearley lexer over already-normalised tokens: `%type` matches a token's type, a literal its value.
// Postprocessors may parse scripts recursively while the outer parse is running, so the stream keeps a stack.
import type { GTok } from "./tokens.js";

export interface NearleyLexer {
  reset(chunk: string, state?: unknown): void;
  next(): GTok | undefined;
  save(): unknown;
  formatError(token: GTok, message?: string): string;
  has(type: string): boolean;
}

interface State {
  toks: readonly GTok[];
  i: number;
}
let current: State = { toks: [], i: 0 };
let pending: readonly GTok[] = [];

/** Run `f` (which feeds a parser) over `toks`, restoring any outer parse's position afterwards. */
export function withTokens<T>(toks: readonly GTok[], f: () => T): T {
  const saved = current,
    savedPending = pending;
  pending = toks;
  try {
    return f();
  } finally {
    current = saved;
    pending = savedPending;
  }
}

export function tokenStream(): NearleyLexer {
  return {
    reset() {
      current = { toks: pending, i: 0 };
    },
    next() {
      return current.i < current.toks.length ? current.toks[current.i++] : undefined;
    },
    save() {
      return {};
    },
    formatError(t: GTok) {
      return `unexpected ${t.text}`;
    },
    has() {
      return true;
    },
  };
}
