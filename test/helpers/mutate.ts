// Mutations of real lecture math for robustness tests: characters and LaTeX tokens deleted, inserted,
// duplicated and swapped, with the tokens that break formulas most often (braces, \frac, scripts, fences, $,
// macro names, self-referential definitions).
import fc from "fast-check";

/** Pieces worth inserting: structure, fences, delimiters, scripts, definitions, recursion. */
export const PIECES = [
  "{",
  "}",
  "{}",
  "\\frac",
  "\\frac{",
  "^",
  "_",
  "^{",
  "_{",
  "\\left(",
  "\\right)",
  "\\left.",
  "\\right.",
  "\\left\\{",
  "$",
  "$$",
  "\\\\",
  "&",
  "(",
  ")",
  "[",
  "]",
  "\\|",
  "|",
  "=",
  "<",
  "\\in",
  "\\partial",
  "\\text{d}",
  "\\sum_",
  "\\sum_{i=1}^{n}",
  "\\text{",
  "\\operatorname{",
  "#1",
  "#",
  "\\begin{bmatrix}",
  "\\end{bmatrix}",
  "\\begin{aligned}",
  "\\end{aligned}",
  "\\sqrt",
  "\\sqrt[",
  "\\mathbf",
  "\\mathbf{",
  "\\hat",
  "-",
  "+",
  ",",
  ".",
  "\\cdot",
  "\\odot",
  "\\top",
  "^\\top",
  "^{-1}",
  "\\exp",
  "\\log\\det",
  "\\softmax",
  "\\operatorname{LayerNorm}_",
  "\\mathbb{R}^{",
  "\\times",
  "%",
  "~",
  "'",
  "\\",
  "\\,",
  "\\!",
  "\\quad",
  "\\ldots",
  "\\newcommand{\\a}{\\a}",
  "\\def\\b{\\b\\b}",
  "\\newcommand",
  "\\def",
  "\\rec",
  "\\grow",
  "\\wide{x}",
  "\\wide",
  "\\inputMatrix",
  "\\queryMatrix",
  "\\diff",
  "\\Kuui",
  "\\mappingVector",
  "\\lossFunction",
  "\\dataStd",
  "\\undefinedThing",
] as const;

/** Definitions added on top of the notation file: a self-reference, exponential growth, wide expansion. */
export const HOSTILE_MACROS =
  "\\newcommand{\\rec}{\\rec x}\n\\newcommand{\\grow}{\\grow\\grow}\n" +
  "\\newcommand{\\wide}[1]{#1 #1 #1 #1 #1 #1 #1 #1}\n\\newcommand{\\deep}{\\wide{\\wide{\\wide{\\wide{x+}}}}}\n";

/** LaTeX tokens of a string: control words, control symbols, single characters. */
export const latexTokens = (s: string): string[] => s.match(/\\[A-Za-z]+|\\[^A-Za-z]|[\s\S]/g) ?? [];

export type Mutation =
  | { op: "delete"; at: number; len: number }
  | { op: "insert"; at: number; piece: string; times: number }
  | { op: "duplicate"; at: number; len: number }
  | { op: "swap"; at: number; with: number }
  | { op: "deleteToken"; at: number }
  | { op: "swapTokens"; at: number; with: number };

/** Positions are fractions of the current length, so a mutation applies to any string. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    piece: fc.constantFrom(...PIECES),
    times: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 })),
  }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant("deleteToken" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swapTokens" as const), at: fc.nat(), with: fc.nat() }),
);

export function mutate(src: string, m: Mutation): string {
  const n = src.length;
  const pos = (k: number, len = n) => (len === 0 ? 0 : k % (len + 1));
  switch (m.op) {
    case "delete": {
      const i = pos(m.at);
      return src.slice(0, i) + src.slice(i + m.len);
    }
    case "insert": {
      const i = pos(m.at);
      return src.slice(0, i) + m.piece.repeat(m.times) + src.slice(i);
    }
    case "duplicate": {
      const i = pos(m.at);
      return src.slice(0, i + m.len) + src.slice(i, i + m.len) + src.slice(i + m.len);
    }
    case "swap": {
      if (n < 2) return src;
      const i = m.at % n,
        j = m.with % n,
        c = [...src];
      [c[i], c[j]] = [c[j], c[i]];
      return c.join("");
    }
    case "deleteToken":
    case "swapTokens": {
      const t = latexTokens(src);
      if (t.length === 0) return src;
      const i = m.at % t.length;
      if (m.op === "deleteToken") t.splice(i, 1);
      else {
        const j = m.with % t.length;
        [t[i], t[j]] = [t[j], t[i]];
      }
      return t.join("");
    }
  }
}

/** A corpus row with one to four mutations applied. */
export const mutatedArb = (rows: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...rows), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([row, ms]) => ms.reduce(mutate, row));
