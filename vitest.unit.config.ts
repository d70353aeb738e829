// The fast tier (`npm run test:unit`): every test file that needs no Python, C compiler, Chromium, TeX or packed
// tarball — found by reading each file and the test helpers it imports, so a new test lands in the right tier
// without a list to keep. `npm test` runs everything.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { defineConfig } from "vitest/config";

const TOOLS =
  /python|gcc|clang|chromium|playwright|execFile|spawn|child_process|pdflatex|npm pack|"verify"|"--target", "all"/;
const root = import.meta.dirname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)],
  );
}
/** The file and the test-local modules it imports (one level: helpers import the tools directly). */
function needsTools(file: string): boolean {
  const text = readFileSync(file, "utf8");
  if (TOOLS.test(text)) return true;
  for (const m of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
    const dep = resolve(dirname(file), m[1]).replace(/\.js$/, ".ts");
    if (dep.startsWith(join(root, "test")) && existsSync(dep) && TOOLS.test(readFileSync(dep, "utf8"))) return true;
  }
  return false;
}

const unit = files(join(root, "test"))
  .filter((f) => f.endsWith(".test.ts") && !needsTools(f))
  .map((f) => relative(root, f));

export default defineConfig({
  test: { include: unit, testTimeout: 60_000, hookTimeout: 60_000, reporters: ["default"] },
});
