#!/usr/bin/env node
// texgrad command line (compiled by `npm run build`).
import("../dist/src/cli/main.js").then((m) => m.main(process.argv.slice(2))).then((code) => { process.exitCode = code; });
