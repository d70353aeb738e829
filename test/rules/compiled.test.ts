// The build's compiled rules (dist/rules.json, scripts/build-rules.mjs) are the parsed rules themselves: rebuilt
// through the hash-consing constructors, every side is the very object the parser gives. A rules file edited after
// the build is parsed again, never served stale.
import { describe, expect, test } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/ops/index.js";
import { loadRules, PHASES, phaseSource } from "../../src/rewrite/rules.js";
import { compilePhase, compiledPhase, pack, unpack, compiledFile } from "../../src/rewrite/compiled.js";
import { ROOT } from "../helpers/build.js";

const rules = loadRules();

describe("compiled rules", () => {
  test("every rule survives pack → JSON → unpack as the same tree", () => {
    for (const r of rules) {
      for (const side of [r.lhs, r.rhs]) expect(unpack(JSON.parse(JSON.stringify(pack(side))))).toBe(side);
    }
  });

  test("a compiled phase is used only while the rules file is unchanged", () => {
    const dir = mkdtempSync(join(tmpdir(), "texgrad-rules-"));
    try {
      mkdirSync(join(dir, "rules"));
      mkdirSync(join(dir, "dist"));
      const out: Record<string, unknown> = {};
      for (const p of PHASES) {
        const { text, rules: rs } = phaseSource(p);
        writeFileSync(join(dir, "rules", `${p}.rules`), text);
        out[p] = compilePhase(text, rs);
      }
      writeFileSync(compiledFile(join(dir, "rules")), JSON.stringify(out));
      const { text, rules: parsed } = phaseSource("simplify");
      const got = compiledPhase(join(dir, "rules"), "simplify", text, "simplify.rules")!;
      expect(got.map((r) => [r.name, r.lhs, r.rhs, r.line])).toEqual(parsed.map((r) => [r.name, r.lhs, r.rhs, r.line]));
      got.forEach((r, i) => {
        expect(r.lhs).toBe(parsed[i].lhs);
        expect(r.rhs).toBe(parsed[i].rhs);
      });
      // one character changed: the compiled copy no longer applies
      expect(compiledPhase(join(dir, "rules"), "simplify", text + "% edited\n", "simplify.rules")).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the build's dist/rules.json matches rules/ (when built)", () => {
    const file = join(ROOT, "dist/rules.json");
    if (!existsSync(file)) {
      console.log("skipping: dist/rules.json not built (npm run build)");
      return;
    }
    const built = JSON.parse(readFileSync(file, "utf8")) as Record<string, { text: string }>;
    for (const p of PHASES) {
      const { text, rules: rs } = phaseSource(p);
      // a stale file is harmless (the text differs, so the phase is parsed), but `npm test` builds first
      if (built[p].text !== text) continue;
      expect(built[p]).toEqual(JSON.parse(JSON.stringify(compilePhase(text, rs))));
    }
  });
});
