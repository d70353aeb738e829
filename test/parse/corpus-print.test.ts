// Every statement of the lecture corpus prints (in the lecture's own macros) as LaTeX that parses back to the same
// statement and renders in KaTeX with no error.
import { documentFunctions } from "../../src/parse/functions-abstract.js";
import { describe, expect, test } from "vitest";
import katex from "katex";
import { loadDocument } from "../../src/parse/document.js";
import { parseMath } from "../../src/parse/index.js";
import { classify, type Statement } from "../../src/parse/statement.js";
import { katexMacros } from "../../src/render/katex.js";
import { LocatedError } from "../../src/errors.js";
import type { Expr } from "../../src/ast/index.js";
import { haveCorpus, haveSeed, lectureFiles, LECTURES, NOTATION, SEED, warnIfMissing } from "../helpers/parse.js";

warnIfMissing("the corpus printing test", haveCorpus);

/** The trees a statement consists of, in order (hash-consed: equal trees are the same object). */
function treesOf(s: Statement): readonly (Expr | string)[] {
  switch (s.kind) {
    case "declaration":
      return [...s.syms, ...s.space.dims];
    case "definition":
      return [s.lhs, ...s.params, s.rhs, ...s.also];
    case "claim":
      return [s.deriv, s.rhs, String(s.chain)];
    case "assumption":
      return [s.lhs, s.rel, s.rhs];
    case "expression":
      return [
        s.relation.first.k === "space" ? "space" : s.relation.first,
        ...s.relation.rest.flatMap((r) => [r.rel, r.rhs.k === "space" ? "space" : r.rhs]),
      ];
  }
}

describe.skipIf(!haveCorpus)("corpus and seed statements print faithfully", () => {
  test("every statement re-parses from its printed LaTeX to the same statement and renders in KaTeX", () => {
    let n = 0;
    const wrong: string[] = [];
    for (const file of [...lectureFiles(), ...(haveSeed ? [SEED] : [])]) {
      const doc = loadDocument(file, { macroFiles: [NOTATION], root: LECTURES });
      for (const r of doc.statements) {
        n++;
        const where = `${r.loc.file}:${r.loc.line}: ${r.latex}`;
        let back: Statement;
        try {
          const rels = parseMath(r.latex, r.loc, doc.macros).relations;
          if (rels.length !== 1) {
            wrong.push(`${where}\n  reads back as ${rels.length} relations`);
            continue;
          }
          // read back the way the document reads its statements: with its functions resolved (functions-abstract.ts)
          back = classify(rels[0], r.loc);
          const fns = documentFunctions(doc.env);
          if (fns) back = fns.resolve(back, r.loc);
        } catch (err) {
          if (!(err instanceof LocatedError)) throw err;
          wrong.push(`${where}\n  does not parse back: ${err.message}`);
          continue;
        }
        const a = treesOf(r.statement),
          b = treesOf(back);
        if (back.kind !== r.statement.kind || a.length !== b.length || a.some((x, i) => x !== b[i]))
          wrong.push(`${where}\n  reads back as another statement`);
        try {
          katex.renderToString(r.latex, {
            throwOnError: true,
            strict: "ignore",
            macros: katexMacros([r.latex], doc.macros),
          });
        } catch (err) {
          wrong.push(`${where}\n  KaTeX: ${(err as Error).message}`);
        }
      }
    }
    console.log(`corpus printing: ${n} statements, ${wrong.length} printed wrongly`);
    expect(n).toBeGreaterThan(500);
    expect(wrong.slice(0, 20).join("\n")).toBe("");
  });
});
