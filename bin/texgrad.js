#!/usr/bin/env node
// texgrad command line (compiled by `npm run build`). Runs the bundle dist/cli/main.cjs (fast start-up: few files,
// V8 code caches beside them) while it is at least as new as the compiled sources, otherwise the unbundled build
// dist/src/cli/main.js.
import { statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// a larger young generation: a long document makes millions of short-lived nodes, and with the default 16 MB the
// collector copies the live ones over and over (100,000 statements: 12% less CPU); small runs never grow it
setFlagsFromString("--max-semi-space-size=64");

const here = dirname(fileURLToPath(import.meta.url));
const mtime = (p) => {
  try {
    return statSync(join(here, p)).mtimeMs;
  } catch {
    return -1;
  }
};
const run = (m) =>
  m.main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });

if (mtime("../dist/cli/main.cjs") >= Math.max(0, mtime("../dist/src/cli/main.js"))) {
  const require = createRequire(import.meta.url);
  // (V8 code caches are not used: a script compiled through vm cannot import() lazily loaded chunks on Node 20)
  run(require("../dist/cli/main.cjs"));
} else {
  import("../dist/src/cli/main.js").then(run);
}
