// Exit codes and error messages of every command (issue 9), table-driven: every command × every kind of input
// error. A message with a place in a file is `file:line:col: error: …` followed by the source line and a caret
// under the column; one without is a single line `texgrad: error: …`; nothing prints a stack trace.
import { describe, expect, test } from "vitest";
import { mkdtempSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "texgrad-errors-"));
const file = (name: string, lines: string[]) => {
  const f = join(dir, name);
  writeFileSync(f, lines.map((l) => `$${l}$`).join("\n") + "\n");
  return f;
};
const decls = ["X \\in \\mathbb{R}^{n \\times d}", "\\mathbf{w} \\in \\mathbb{R}^{d}"];
const good = file("good.tex", [
  ...decls,
  "L = \\mathbf{w}^\\top X^\\top X \\mathbf{w}",
  "\\frac{\\partial L}{\\partial \\mathbf{w}} = 2 X^\\top X \\mathbf{w}",
]);
// line 3 does not parse (col 23, the closing $: the formula ends before its parenthesis closes); the rest does
const unparsable = file("unparsable.tex", [
  ...decls,
  "Q = \\exp(X \\mathbf{w}",
  "L = \\mathbf{w}^\\top \\mathbf{w}",
  "\\frac{\\partial L}{\\partial \\mathbf{w}} = 2 \\mathbf{w}",
]);
// line 3: 1ᵀ X w with w ∈ ℝ^n, X ∈ ℝ^{n×d}
const misshapen = file("misshapen.tex", [
  "X \\in \\mathbb{R}^{n \\times d}",
  "\\mathbf{w} \\in \\mathbb{R}^{n}",
  "L = \\mathbf{1}^\\top X \\mathbf{w}",
]);
const missing = join(dir, "missing.tex");

/** Every command with the options it needs to run on `good` (render writes into the test folder). */
const commands: [string, string[]][] = [
  ["parse", []],
  ["derive", []],
  ["check", []],
  ["render", ["--html", join(dir, "out.html")]],
  ["emit", []],
  ["verify", []],
  ["jacobian", ["--of", "L", "--wrt", "w"]],
  ["hessian", ["--of", "L", "--wrt", "w"]],
];

/** Every error line of stderr is well formed: located with source line and caret, or one line `texgrad: error:`. */
function wellFormed(err: string): { located: RegExpExecArray[]; plain: string[] } {
  const lines = err.split("\n"),
    located: RegExpExecArray[] = [],
    plain: string[] = [];
  expect(err).not.toMatch(/\n\s+at .*:\d+:\d+/);
  for (let i = 0; i < lines.length; i++) {
    if (!/error:/.test(lines[i])) continue;
    const m = /^(.+):(\d+):(\d+): error: (.+)$/.exec(lines[i]);
    if (m && !lines[i].startsWith("texgrad: ")) {
      located.push(m);
      // the source line, then the caret under column `col` (tabs kept as they are)
      expect(lines[i + 1], `source line after ${lines[i]}`).toBeDefined();
      const caret = lines[i + 2] ?? "";
      expect(caret, `caret after ${lines[i]}`).toMatch(/^\s*\^/);
      expect(caret.indexOf("^") + 1).toBe(Number(m[3]));
      i += 2;
    } else {
      expect(lines[i]).toMatch(/^texgrad: error: \S/);
      plain.push(lines[i]);
    }
  }
  return { located, plain };
}

describe("every command × every input error: exit 2 and a well-formed message", () => {
  test.each(commands)("%s: a missing file is one line naming it", async (cmd, opts) => {
    const r = await runCli(cmd, missing, ...opts);
    expect(r.code).toBe(2);
    const { located, plain } = wellFormed(r.err);
    expect(located).toHaveLength(0);
    expect(plain).toEqual([`texgrad: error: cannot read ${missing}: no such file`]);
  });

  test.each(commands)("%s: no input file", async (cmd, opts) => {
    const r = await runCli(cmd, ...opts);
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toHaveLength(1);
  });

  test.each(commands)("%s: a formula that does not parse is located at its line and column", async (cmd, opts) => {
    const r = await runCli(cmd, unparsable, ...opts);
    expect(r.code).toBe(2);
    const { located } = wellFormed(r.err);
    expect(located.map((m) => `${m[1]}:${m[2]}:${m[3]}`)).toEqual([`${unparsable}:3:23`]);
    expect(r.err).toContain("\n$Q = \\exp(X \\mathbf{w}$\n");
  });

  test.each(commands)("%s: a shape error is located at its definition", async (cmd, opts) => {
    const r = await runCli(cmd, misshapen, ...opts);
    expect(r.code).toBe(2);
    const { located } = wellFormed(r.err);
    expect(located.map((m) => `${m[2]}:${m[4]}`)).toEqual([
      "3:shape error: product: shapes 1×d and n×1 do not conform",
    ]);
  });

  test.each(commands)("%s: an unknown option is one line", async (cmd, opts) => {
    const r = await runCli(cmd, good, ...opts, "--frobnicate");
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([expect.stringMatching(/^texgrad: error: unknown option --frobnicate/)]);
  });

  test.each(commands)("%s: the good file is no error (the table's baseline)", async (cmd, opts) => {
    const r = await runCli(cmd, good, ...opts);
    expect(r.err.match(/error:/g) ?? []).toHaveLength(0);
    expect(r.code).toBe(0);
  });
});

describe("--of and --wrt naming what the document does not have: one line, exit 2", () => {
  const withOf = commands.filter(([c]) => ["derive", "emit", "verify", "jacobian", "hessian"].includes(c));
  const set = (opts: string[], flag: string, v: string) => {
    const o = [...opts];
    const i = o.indexOf(flag);
    if (i >= 0) o[i + 1] = v;
    else o.push(flag, v);
    return o;
  };
  test.each(withOf)("%s --of Q", async (cmd, opts) => {
    const r = await runCli(cmd, good, ...set(opts, "--of", "Q"));
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([
      `texgrad: error: --of Q: ${good} has no definition of Q (definitions: L)`,
    ]);
  });
  test.each(withOf)("%s --wrt Z", async (cmd, opts) => {
    const r = await runCli(cmd, good, ...set(opts, "--wrt", "Z"));
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([`texgrad: error: --wrt Z: ${good} has no symbol Z`]);
  });
  test.each([["--jacobian"], ["--hessian"]])("render %s Z: refused before anything is written", async (flag) => {
    const out = join(dir, `refused${flag}.html`);
    const r = await runCli("render", good, "--html", out, flag, "Z");
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([`texgrad: error: ${flag} Z: ${good} has no symbol Z`]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("exit codes of check and render", () => {
  test("check exits 2 when a segment fails to parse; --json lists that error beside the claims that could be read", async () => {
    const r = await runCli("check", unparsable, "--json");
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j.errors).toEqual([expect.objectContaining({ file: unparsable, line: 3, col: 23 })]);
    expect(j.claims).toHaveLength(1);
    expect(j.claims[0].verdict).toBe("correct");
  });
  test("check --json of a missing file reports the error, not just {claims: []}", async () => {
    const r = await runCli("check", missing, "--json");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).errors).toEqual([
      expect.objectContaining({ file: missing, message: `cannot read ${missing}: no such file` }),
    ]);
  });
  test("check exits 1 on an incorrect claim, 0 when all are correct", async () => {
    const wrong = file("wrong.tex", [
      ...decls,
      "L = \\mathbf{w}^\\top X^\\top X \\mathbf{w}",
      "\\frac{\\partial L}{\\partial \\mathbf{w}} = X^\\top X \\mathbf{w}",
    ]);
    expect((await runCli("check", wrong)).code).toBe(1);
    expect((await runCli("check", good)).code).toBe(0);
  });
  test("render writes the report of what could be read, prints the located error and exits 2", async () => {
    const out = join(dir, "partial.html");
    rmSync(out, { force: true });
    const r = await runCli("render", unparsable, "--html", out);
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).located).toHaveLength(1);
    expect(existsSync(out)).toBe(true);
  });
  test("render with nothing to write is one line, exit 2", async () => {
    const r = await runCli("render", good);
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([
      "texgrad: error: nothing to render: give --html OUT, --latex OUT or --lamd OUT",
    ]);
  });
});

describe("evaluation errors", () => {
  const nan = file("nan.tex", ["a \\in \\mathbb{R}", "L = \\sqrt{a - 3}"]);
  test.each([["js"], ["all"]])(
    "verify --target %s: NaN on every draw is a located error at the definition",
    async (target) => {
      const r = await runCli("verify", nan, "--target", target);
      expect(r.code).toBe(2);
      const { located } = wellFormed(r.err);
      expect(located).toHaveLength(1);
      expect(located[0][2]).toBe("2");
      expect(located[0][4]).toContain("could not evaluate at these draws");
      expect(r.out).not.toContain("MISMATCH");
    },
  );
  test.each([["jacobian"], ["hessian"]])(
    "%s: NaN at the draws is 'not checked numerically', never 'DIFFERS'",
    async (cmd) => {
      const r = await runCli(cmd, nan, "--of", "L", "--wrt", "a");
      expect(r.out).not.toContain("DIFFERS");
      expect(r.out).toContain("not checked numerically: the values are NaN or ∞");
      expect(r.code).toBe(0);
    },
  );
});

describe("commands", () => {
  test("an unknown command: an error line, then the help; exit 2", async () => {
    const r = await runCli("frobnicate", good);
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([
      expect.stringMatching(/^texgrad: error: unknown command "frobnicate" \(commands: parse, derive, check/),
    ]);
  });
  test("the error line comes before the help (the built command, both streams into one)", () => {
    const bin = fileURLToPath(new URL("../../bin/texgrad.js", import.meta.url));
    const r = spawnSync("/bin/sh", ["-c", `"${process.execPath}" "${bin}" frobnicate 2>&1`], { encoding: "utf8" });
    expect(r.status).toBe(2);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^texgrad: error: unknown command "frobnicate"/);
    expect(r.stdout.indexOf("Usage:")).toBeGreaterThan(lines[0].length);
  });
  test("options without a command", async () => {
    const r = await runCli("--json");
    expect(r.code).toBe(2);
    expect(wellFormed(r.err).plain).toEqual([expect.stringMatching(/^texgrad: error: no command given/)]);
  });
  test("no arguments: the help, exit 0", async () => {
    const r = await runCli();
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
  });
});
