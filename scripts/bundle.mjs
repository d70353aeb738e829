// Bundles the compiled command line (dist/src/cli/main.js) into dist/cli/ with rolldown after tsc: one module to load
// instead of ~180, so a small `texgrad check` starts in a fraction of the time. Commands that need KaTeX load it in a
// chunk of their own. bin/texgrad.js runs the bundle while it is newer than dist/src/cli/main.js, and the unbundled
// build otherwise (a later bare `tsc` never leaves a stale bundle in use).
import { rmSync } from "node:fs";
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
  logLevel: "warn",
  output: { dir, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
});
