// The compiled CLI (dist/) for tests that run `node bin/texgrad.js`: rebuilt when any source is newer.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function newest(dir: string, ext: RegExp): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const p of readdirSync(dir, { recursive: true }) as string[])
    if (ext.test(p)) t = Math.max(t, statSync(join(dir, p)).mtimeMs);
  return t;
}

/** Build (grammar, tsc, rules, bundle) unless dist/ is newer than every source; type errors elsewhere do not stop emitting. */
export function ensureBuilt(): void {
  const built = existsSync(join(ROOT, "dist/src/cli/main.js")) ? newest(join(ROOT, "dist/src"), /\.js$/) : 0;
  const sources = Math.max(newest(join(ROOT, "src"), /\.ts$/), newest(join(ROOT, "grammar"), /\.ne$/));
  if (built >= sources) return;
  execFileSync(process.execPath, [join(ROOT, "scripts/build-grammar.mjs")], { cwd: ROOT, stdio: "ignore" });
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: ROOT,
      stdio: "ignore",
    });
  } catch {
    /* tsc exits 1 on a type error but still writes dist/ */
  }
  // the compiled rules and the bundle bin/texgrad.js prefers (it falls back to dist/src while the bundle is older)
  try {
    execFileSync(process.execPath, [join(ROOT, "scripts/build-rules.mjs")], { cwd: ROOT, stdio: "ignore" });
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle.mjs")], { cwd: ROOT, stdio: "ignore" });
  } catch {
    /* a rule that does not validate: the rules test says which; the unbundled build still runs */
  }
}
