// `npm start`: the main job on the embedded examples — check the example lecture's claims (one is wrong on
// purpose, so `check` exits 1 and shows its diagnosis), then derive the attention block step by step.
import { spawnSync } from "node:child_process";

const run = (...args) => spawnSync(process.execPath, ["bin/texgrad.js", ...args], { stdio: "inherit" }).status;
const checked = run("check", "examples/attention.md");
if (checked !== 0 && checked !== 1) process.exit(checked ?? 2);
console.log("");
process.exit(run("derive", "examples/attention.tex", "--steps") ?? 2);
