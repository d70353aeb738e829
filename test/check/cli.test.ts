// `texgrad check` as a command: the --json contract (exactly seven keys), exit codes 0 / 1 / 2.
import { afterEach, describe, expect, test, vi } from "vitest";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { FIXTURES, HAVE_SHARED, SEED, NOTATION } from "./helpers.js";

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [],
    err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
    out.push(a.join(" "));
  });
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    err.push(a.join(" "));
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  return main(argv).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}
afterEach(() => {
  vi.restoreAllMocks();
});

describe("texgrad check", () => {
  test("--json prints exactly {claims: [{file, line, col, claim, verdict, reason, derived}]}", async () => {
    const r = await run(["check", join(FIXTURES, "diagnoses.tex"), "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    // errors: segments that did not parse (issue 9); notClaims: formulas with a derivative that claim no value (issue 10)
    expect(Object.keys(j)).toEqual(["claims", "errors", "notClaims"]);
    for (const c of j.claims)
      expect(Object.keys(c)).toEqual(["file", "line", "col", "claim", "verdict", "reason", "derived"]);
    for (const c of j.notClaims) expect(Object.keys(c)).toEqual(["file", "line", "col", "claim", "reason"]);
  });
  test("exit 0 when nothing is incorrect", async () => {
    expect((await run(["check", join(FIXTURES, "correct.tex")])).code).toBe(0);
  });
  test("exit 2 for a file that cannot be read, with a one-line error and no stack trace", async () => {
    const r = await run(["check", join(FIXTURES, "no-such-file.md")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no-such-file\.md/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  test.skipIf(!HAVE_SHARED)("the seed: exit 1, three incorrect claims", async () => {
    const r = await run(["check", SEED, "--macros", NOTATION, "--json"]);
    expect(r.code).toBe(1);
    expect(
      JSON.parse(r.out)
        .claims.filter((c: { verdict: string }) => c.verdict === "incorrect")
        .map((c: { line: number }) => c.line),
    ).toEqual([37, 57, 59]);
  });
});
