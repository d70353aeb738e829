// Bundles the compiled command line (dist/src/cli/main.js) into dist/cli/ with rolldown after tsc: a few CommonJS
// chunks to load instead of ~180 ES modules, and V8 code caches beside them (dist/cli/*.cjs.v8cache, made by running
// the bundle once on the example lecture), so a small `texgrad check` starts in a fraction of the time. Commands that
// need KaTeX load it in a chunk of their own. bin/texgrad.js runs the bundle while it is newer than
// dist/src/cli/main.js and the unbundled build otherwise (a later bare `tsc` never leaves a stale bundle in use); a
// cache that V8 rejects (another Node version) is ignored, and the chunk compiled as usual.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { build } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "dist/cli");
rmSync(dir, { recursive: true, force: true });
await build({
  input: { main: join(root, "dist/src/cli/main.js") },
  platform: "node",
  external: ["katex"],
  logLevel: "silent",
  output: { dir, format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "[name]-[hash].cjs" },
});
// the code caches: V8 keeps the functions a run compiled, so the warm-up runs what a user runs first
const tmp = mkdtempSync(join(tmpdir(), "texgrad-warm-"));
try {
  for (const args of [
    ["render", "examples/attention.md", "--html", join(tmp, "r.html")],
    ["derive", "examples/attention.tex"],
    ["check", "examples/attention.md"],
  ]) {
    const r = spawnSync(process.execPath, [join(root, "bin/texgrad.js"), ...args], {
      cwd: root,
      env: { ...process.env, TEXGRAD_WRITE_CODE_CACHE: "1" },
      stdio: "ignore",
    });
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`bundle warm-up texgrad ${args.join(" ")} exited ${r.status}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
