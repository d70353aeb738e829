// Compiles rules/*.rules into dist/rules.json after tsc: each phase file parsed and validated (no unbound variable on
// the right, both sides the same shape, names unique) with the compiled engine, its trees stored for the command
// line to load without the parser (src/rewrite/compiled.ts). A rule that does not validate fails the build.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await import(join(root, "dist/src/ops/index.js"));
const { PHASES, loadRules, phaseSource } = await import(join(root, "dist/src/rewrite/rules.js"));
const { compilePhase } = await import(join(root, "dist/src/rewrite/compiled.js"));
const dir = join(root, "rules");
try {
  loadRules(dir);
} catch (err) {
  const loc = err.loc ? `${err.loc.file}:${err.loc.line}:${err.loc.col}: ` : "";
  console.error(`build-rules: ${loc}error: ${err.message}`);
  process.exit(1);
}
const out = {};
for (const phase of PHASES) {
  const { text, rules } = phaseSource(phase, dir);
  out[phase] = compilePhase(text, rules);
}
writeFileSync(join(root, "dist/rules.json"), JSON.stringify(out) + "\n");
