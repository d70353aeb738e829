// `texgrad parse` (DESIGN.md, "Command line"): the --json contract, exit codes (0 ok, 2 some segment failed),
// and errors as one line `file:line:col: error: …` with the source line and a caret, never a stack trace.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { haveSeed, NOTATION, SEED, scratch, warnIfMissing } from "../helpers/parse.js";
import { ensureBuilt, ROOT } from "../helpers/build.js";

const tmp = scratch("cli");
afterAll(() => tmp.remove());
const GOOD = tmp.file("good.tex", "X \\in \\mathbb{R}^{n \\times d}\nQ = X W_q\n\\epsilon > 0\n");
const BAD = tmp.file("bad.md", "Fine: $a = b$.\nBroken: $K = \\frac{a}{$ and $c = d$.\n");
const MACROS_BAD = tmp.file("bad-macros.tex", "\\newcommand{\\ok}{x}\n\\newcommand{\\bad}{oops\n");
const MACROS_REC = tmp.file("rec-macros.tex", "\\newcommand{\\rec}{\\rec x}\n");
const USES_REC = tmp.file("rec.tex", "y = \\rec\n");
const MISSING = join(tmp.dir, "missing.tex");

const run = runCli;

/** The exact shape of `parse --json` output (extra fields are allowed). */
function expectContract(doc: unknown): void {
  expect(doc).toEqual({ files: expect.any(Array) });
  for (const f of (doc as { files: unknown[] }).files) {
    expect(f).toMatchObject({
      file: expect.any(String),
      segments: expect.any(Number),
      statements: expect.any(Array),
      errors: expect.any(Array),
    });
    const { statements, errors } = f as { statements: Record<string, unknown>[]; errors: Record<string, unknown>[] };
    for (const s of statements) {
      expect(s).toMatchObject({
        line: expect.any(Number),
        col: expect.any(Number),
        kind: expect.any(String),
        latex: expect.any(String),
      });
      expect(["declaration", "definition", "claim", "assumption", "expression"]).toContain(s.kind);
      expect(s).toHaveProperty("shape");
      expect(s.shape === null || typeof s.shape === "string").toBe(true);
    }
    for (const e of errors)
      expect(e).toMatchObject({ line: expect.any(Number), col: expect.any(Number), message: expect.any(String) });
  }
}

describe("parse --json", () => {
  test("the contract, on a statement file", async () => {
    const r = await run("parse", GOOD, "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expectContract(doc);
    expect(doc.files[0]).toMatchObject({ file: GOOD, segments: 3, errors: [] });
    expect(
      doc.files[0].statements.map((s: Record<string, unknown>) => [s.line, s.col, s.kind, s.latex, s.shape]),
    ).toEqual([
      [1, 1, "declaration", "X \\in \\mathbb{R}^{n \\times d}", "n×d"],
      [2, 1, "definition", "Q = X W_{q}", "n×cols(W_q)"],
      [3, 1, "assumption", "\\epsilon > 0", null],
    ]);
  });
  test("a failing segment: exit 2, located error, the other segments still parsed", async () => {
    const r = await run("parse", BAD, GOOD, "--json");
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out);
    expectContract(doc);
    expect(doc.files).toHaveLength(2);
    expect(doc.files[0]).toMatchObject({
      file: BAD,
      segments: 3,
      errors: [{ line: 2, col: 23, message: "formula ends too early" }],
    });
    expect(doc.files[0].statements.map((s: { latex: string }) => s.latex)).toEqual(["a = b", "c = d"]);
    expect(r.err).toBe("");
  });
  test.skipIf(!haveSeed)("the seed lecture with the notation file: exit 0, every definition shaped", async () => {
    const r = await run("parse", SEED, "--macros", NOTATION, "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expectContract(doc);
    expect(doc.files[0].segments).toBe(29);
    expect(doc.files[0].errors).toEqual([]);
    const defs = doc.files[0].statements.filter((s: { kind: string }) => s.kind === "definition");
    expect(defs.length).toBe(8);
    for (const d of defs) expect(d.shape).toMatch(/^\S+×\S+$/);
  });
});

describe("human output and errors", () => {
  test("statements with location, kind, LaTeX and shape", async () => {
    const r = await run("parse", GOOD);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[1]).toBe(`${GOOD}:2:1: definition  Q = X W_{q}   [n×cols(W_q)]`);
  });
  test("a bad segment: file:line:col: error:, the source line, a caret under the column", async () => {
    const r = await run("parse", BAD);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toEqual([
      `${BAD}:2:23: error: formula ends too early`,
      "Broken: $K = \\frac{a}{$ and $c = d$.",
      `${" ".repeat(22)}^`,
    ]);
  });
  test("a missing file", async () => {
    const r = await run("parse", MISSING);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`texgrad: error: cannot read ${MISSING}: no such file`);
  });
  test("malformed macros are located in the macro file", async () => {
    const r = await run("parse", GOOD, "--macros", MACROS_BAD);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toEqual([
      `${MACROS_BAD}:2:18: error: unterminated { in \\newcommand`,
      "\\newcommand{\\bad}{oops",
      `${" ".repeat(17)}^`,
    ]);
  });
  test("a recursive macro is located where it is used", async () => {
    const r = await run("parse", USES_REC, "--macros", MACROS_REC);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")[0]).toBe(`${USES_REC}:1:5: error: macro expansion too deep: \\rec`);
  });
  test("a missing macro file", async () => {
    const r = await run("parse", GOOD, "--macros", MISSING);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`texgrad: error: macro file: cannot read ${MISSING}: no such file`);
  });
  test("no file, an unknown option", async () => {
    expect(await run("parse")).toMatchObject({ code: 2, err: "texgrad: error: no input file" });
    expect(await run("parse", GOOD, "--frobnicate")).toMatchObject({
      code: 2,
      err: "texgrad: error: unknown option --frobnicate (see texgrad parse --help)",
    });
  });
  test("--root resolves includes", async () => {
    const lec = tmp.file("lecture.md", "\\include{part.md}\n$z = 1$\n");
    tmp.file("part.md", "$y = 2$\n");
    const r = await run("parse", lec, "--root", tmp.dir, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).files[0].statements.map((s: { latex: string }) => s.latex)).toEqual(["y = 2", "z = 1"]);
  });
});

describe("the built binary never prints a stack trace for bad input", () => {
  beforeAll(() => ensureBuilt(), 180_000);
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, "bin/texgrad.js"), ...args], { encoding: "utf8", timeout: 60_000 });
  test.each([
    ["a bad segment", [BAD]],
    ["a missing file", [MISSING]],
    ["malformed macros", [GOOD, "--macros", MACROS_BAD]],
    ["recursive macros", [USES_REC, "--macros", MACROS_REC]],
    ["a folder", [tmp.dir]],
    ["no file", []],
  ])("%s: exit 2, `file:line:col: error:` or `texgrad: error:`", (_what, args) => {
    const r = bin("parse", ...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^(\S+:\d+:\d+|texgrad): error: /m);
    expect(r.stderr + r.stdout).not.toMatch(/^\s+at /m);
  });
  test.skipIf(!haveSeed)("the seed lecture: exit 0", () => {
    const r = bin("parse", SEED, "--macros", NOTATION);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
warnIfMissing("the seed CLI tests", haveSeed);
