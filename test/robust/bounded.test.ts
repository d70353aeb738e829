// Bounded work on large documents (issue 9): the cost of a statement must not grow with the document. Timed on
// the CPU time of this process and asserted as a ratio between a document and one ten times its size (linear is
// about 10, the quadratic fold of 100,000 definitions with one right side was about 100), plus a generous absolute
// guard; the absolute figures for 100,000 statements are in `npm run bench` (bench/statements.ts).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument, countVerdicts } from "../../src/check/index.js";
import { statementFile, sameRightSides, chain, redefinitions } from "../../bench/statements.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-bounded-"));
let k = 0;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** CPU milliseconds to load and check `text`, and its verdicts. */
function run(text: string) {
  const f = join(dir, `b${++k}.tex`);
  writeFileSync(f, text);
  const t = cpu();
  const doc = loadDocument(f);
  const results = checkDocument(doc);
  return { ms: cpu() - t, doc, results, counts: countVerdicts(results) };
}

/** The small and the large run, the ratio of their times, printed for the log. */
function scaling(name: string, make: (n: number) => string, n: number) {
  run(make(n)); // warm: the first run compiles rules and code
  const small = run(make(n)), large = run(make(10 * n));
  const ratio = large.ms / Math.max(small.ms, 1);
  console.log(`${name}: ${n} → ${small.ms.toFixed(0)} ms, ${10 * n} → ${large.ms.toFixed(0)} ms (×${ratio.toFixed(1)})`);
  return { small, large, ratio };
}

describe("the cost of a statement does not grow with the document", () => {
  test("statements of the benchmark (declarations, definitions, one claim in ten): 1,000 and 10,000", () => {
    const { large, ratio } = scaling("benchmark statements", (n) => statementFile(n), 1_000);
    expect(large.counts).toEqual({ correct: 999, incorrect: 0, unverifiable: 0 });
    expect(ratio).toBeLessThan(25);
    expect(large.ms).toBeLessThan(30_000);
  }, 120_000);

  test("2,000 and 20,000 definitions with the same right side (h_i = W^T y): fold is not quadratic", () => {
    const { large, ratio } = scaling("same right side", (n) => sameRightSides(n), 2_000);
    expect(large.counts).toEqual({ correct: 1, incorrect: 0, unverifiable: 0 });
    expect(ratio).toBeLessThan(25);
    expect(large.ms).toBeLessThan(20_000);
  }, 120_000);

  test("a chain of 20,000 definitions: refused for the claim at its end with a reason, not a stack overflow", () => {
    const r = run(chain(20_000));
    expect(r.counts).toEqual({ correct: 0, incorrect: 0, unverifiable: 1 });
    expect(r.results[0].reason).toContain("L depends on 20001 definitions: one derivation follows at most 2000");
    expect(r.results[0].reason).not.toMatch(/call stack/i);
    expect(r.ms).toBeLessThan(20_000);
  }, 120_000);

  test("a chain of 1,000 definitions is still derived and checked", () => {
    const r = run(chain(1_000));
    expect(r.counts).toEqual({ correct: 1, incorrect: 0, unverifiable: 0 });
  }, 120_000);

  test("5,000 redefinitions of L, each followed by a claim: the first claims are checked, the others are 'not checked', in bounded time", () => {
    const r = run(redefinitions(5_000));
    expect(r.counts.incorrect).toBe(0);
    expect(r.counts.correct).toBeGreaterThan(10);
    expect(r.counts.correct + r.counts.unverifiable).toBe(5_000);
    const skipped = r.results.filter((x) => x.verdict === "unverifiable");
    expect(skipped.length).toBeGreaterThan(0);
    for (const x of skipped) expect(x.reason).toMatch(/^not checked: the lecture redefines L between \d+ or more claims/);
    expect(r.ms).toBeLessThan(20_000);
  }, 120_000);
});

describe("through the command line (its main, in process)", () => {
  // 10,000 statements with a claim in every 5 (≈370 kB). The issue asks for 100,000 in under 10 s; that is not met
  // yet (≈32 s CPU, 2f22e1a), so the guard here is the tenth of that size, with a budget it honestly meets (4–7 s wall on a shared 2-core machine).
  test("check --json of 10,000 statements: 1,999 claims, every one correct, exit 0, within 20 s", async () => {
    const f = join(dir, `cli${++k}.tex`);
    writeFileSync(f, statementFile(10_000, 5));
    const t0 = Date.now();
    const r = await runCli("check", f, "--json");
    const ms = Date.now() - t0;
    console.log(`check through the CLI, 10,000 statements: ${ms} ms wall`);
    expect(r.code).toBe(0);
    const claims = (JSON.parse(r.out) as { claims: { verdict: string }[] }).claims;
    expect(claims).toHaveLength(1_999);
    expect(claims.filter((c) => c.verdict === "correct")).toHaveLength(1_999);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);
});
