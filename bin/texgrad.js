#!/usr/bin/env node
// texgrad command line (compiled by `npm run build`). Runs the bundle dist/cli/main.cjs (fast start-up: few files,
// V8 code caches beside them) while it is at least as new as the compiled sources, otherwise the unbundled build
// dist/src/cli/main.js.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const mtime = (p) => { try { return statSync(join(here, p)).mtimeMs; } catch { return -1; } };
const run = (m) => m.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });

if (mtime("../dist/cli/main.cjs") >= Math.max(0, mtime("../dist/src/cli/main.js"))) {
  const require = createRequire(import.meta.url);
  const Module = require("node:module");
  const bundle = join(here, "../dist/cli/");
  const compile = Module.prototype._compile;
  const made = [];
  // a chunk of the bundle is compiled with its code cache when V8 accepts it (the build writes them)
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(bundle)) return compile.call(this, content, filename);
    const cache = `${filename}.v8cache`;
    let cachedData;
    try { cachedData = readFileSync(cache); } catch { /* none yet */ }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    if (process.env.TEXGRAD_WRITE_CODE_CACHE) made.push([script, cache]);
    const req = (id) => this.require(id);
    req.resolve = (r, o) => Module._resolveFilename(r, this, false, o);
    req.cache = Module._cache;
    return script.runInThisContext()(this.exports, req, this, filename, dirname(filename));
  };
  if (process.env.TEXGRAD_WRITE_CODE_CACHE) process.on("exit", () => { for (const [s, f] of made) writeFileSync(f, s.createCachedData()); });
  run(require("../dist/cli/main.cjs"));
} else {
  import("../dist/src/cli/main.js").then(run);
}
