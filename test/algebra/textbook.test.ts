// Results in the form a textbook prints (issue 12): the derived gradient equals the expected form as a
// canonical tree, is numerically right by central differences, and is never longer than 1.25× the expected form.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import "../../src/ops/index.js";
import { equalModAC } from "../../src/algebra/index.js";
import type { Expr } from "../../src/ast/index.js";
import { checkGradients } from "../../src/derive/numcheck.js";
import { derive, makeSimplifier } from "../../src/derive/reverse.js";
import { loadDocument } from "../../src/parse/document.js";
import { parseMath } from "../../src/parse/index.js";
import { print } from "../../src/render/latex.js";

const dir = mkdtempSync(join(tmpdir(), "textbook-"));
interface Row {
  name: string;
  source: string;
  wrt: string;
  expected: string;
}
const ROWS: readonly Row[] = [
  {
    name: "∂/∂i tr(i² X)",
    source: "i \\in \\mathbb{R}\nX \\in \\mathbb{R}^{n \\times n}\nf = \\operatorname{tr}(i^2 X)",
    wrt: "i",
    expected: "2 i \\operatorname{tr}(X)",
  },
  {
    name: "∂/∂A tr(tr(tr(A)A)A)",
    source: "A \\in \\mathbb{R}^{n \\times n}\nf = \\operatorname{tr}(\\operatorname{tr}(\\operatorname{tr}(A)A)A)",
    wrt: "A",
    expected: "3 \\operatorname{tr}(A) \\operatorname{tr}(A) \\mathbf{I}",
  },
];

describe("textbook forms", () => {
  ROWS.forEach((row, k) => {
    test(row.name, () => {
      const file = join(dir, `row${k}.tex`);
      writeFileSync(file, `${row.source}\n`);
      const doc = loadDocument(file);
      const d = derive(doc);
      const b = d.backward.find((x) => x.target.name === row.wrt);
      if (!b) throw new Error(`no gradient for ${row.wrt}`);
      const rel = parseMath(row.expected, { file: "expected", line: 1, col: 1 }, doc.macros).relations[0];
      const want = makeSimplifier(d.ctx, d.forward)(rel.first as Expr, []);
      // the same tree in the algebra module's normal form (tr(A) tr(A) and tr(A)^2 are one term)
      expect(equalModAC(b.expr, want, d.ctx)).toBe(true);
      expect(print(b.expr).s.length).toBeLessThanOrEqual(Math.ceil(1.25 * print(want).s.length));
      for (let seed = 1; seed <= 3; seed++)
        for (const c of checkGradients(d, seed)) expect(c.relErr, c.input).toBeLessThan(1e-6);
    });
  });
});
