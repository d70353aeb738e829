#!/usr/bin/env node
// texgrad command line (compiled by `npm run build`): the bundle dist/cli/main.js (fast start-up) while it is at
// least as new as the compiled sources, otherwise the unbundled build dist/src/cli/main.js.
import { statSync } from "node:fs";

const mtime = (p) => { try { return statSync(new URL(p, import.meta.url)).mtimeMs; } catch { return -1; } };
const bundled = mtime("../dist/cli/main.js") >= Math.max(0, mtime("../dist/src/cli/main.js"));
const entry = bundled ? "../dist/cli/main.js" : "../dist/src/cli/main.js";
import(entry).then((m) => m.main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
