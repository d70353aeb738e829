// Bounded work on large documents (issue 9): the cost of a statement must not grow with the document. Timed on
// the CPU time of this process and asserted as a ratio between a document and one ten times its size (linear is
// about 10, the quadratic fold of 100,000 definitions with one right side was about 100), plus a generous absolute
// guard; the absolute figures for 100,000 statements are in `npm run bench` (bench/statements.ts).
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadDocument } from "../../src/parse/document.js";
import { checkDocument, countVerdicts } from "../../src/check/index.js";
import { statementFile, sameRightSides, chain, redefinitions } from "../../bench/statements.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-bounded-"));
let k = 0;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

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
  const small = run(make(n)),
    large = run(make(10 * n));
  const ratio = large.ms / Math.max(small.ms, 1);
  console.log(
    `${name}: ${n} → ${small.ms.toFixed(0)} ms, ${10 * n} → ${large.ms.toFixed(0)} ms (×${ratio.toFixed(1)})`,
  );
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
    for (const x of skipped)
      expect(x.reason).toMatch(/^not checked: the lecture redefines L between \d+ or more claims/);
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

describe("through the built command line (node bin/texgrad.js, a process of its own)", () => {
  // The size: 100,000 statements with a claim in every 5 (19,999 claims, 3.7 MB). The target is under 10 s;
  // measured on the shared 2-core machine with /usr/bin/time (user + sys) it takes 25–31 s CPU (26–50 s wall), so
  // the target is NOT met and the budget here is what it honestly meets with room for a loaded machine: 45 s CPU.
  // CPU time of the child is its own process.cpuUsage() at exit, printed by a preloaded script.
  test("check --json of 100,000 statements: 19,999 claims, every one correct, exit 0, within 45 s CPU", () => {
    const f = join(dir, `cli${++k}.tex`),
      hook = join(dir, "cpu.cjs");
    writeFileSync(f, statementFile(100_000, 5));
    writeFileSync(
      hook,
      "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });\n",
    );
    const bin = fileURLToPath(new URL("../../bin/texgrad.js", import.meta.url));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["--require", hook, bin, "check", f, "--json"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    const wall = Date.now() - t0;
    const m = /cpu-ms ([\d.]+)/.exec(r.stderr);
    expect(m).not.toBeNull();
    const ms = Number(m?.[1]);
    console.log(`check through the built CLI, 100,000 statements: ${ms.toFixed(0)} ms CPU, ${wall} ms wall`);
    expect(r.status).toBe(0);
    const claims = (JSON.parse(r.stdout) as { claims: { verdict: string }[] }).claims;
    expect(claims).toHaveLength(19_999);
    expect(claims.filter((c) => c.verdict === "correct")).toHaveLength(19_999);
    expect(ms).toBeLessThan(45_000);
  }, 180_000);
});
