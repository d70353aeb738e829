// Start-up of the command line, as a user meets it: wall time of whole processes (`texgrad check` on a small
// statement file, `texgrad --version`), beside a bare `node -e 0` on the same machine at the same time, and the
// unbundled build (dist/src/cli/main.js) for comparison with the bundle that bin/texgrad.js runs. Runs are
// interleaved so that load from other jobs falls on every variant alike; CPU time (user + sys, from /usr/bin/time
// where it exists) is steadier than wall time on a shared machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TIME = "/usr/bin/time";

const SMALL = String.raw`x \in \mathbb{R}^{n}
A \in \mathbb{R}^{n \times n}
f = \mathbf{x}^\top A \mathbf{x}
\frac{\partial f}{\partial \mathbf{x}} = (A + A^\top) \mathbf{x}
`;

interface Sample {
  wall: number;
  cpu?: number;
}

function once(argv: string[], dir: string): Sample {
  const out = join(dir, "time.txt");
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ["-f", "%U %S", "-o", out, process.execPath, ...argv], { cwd: ROOT, encoding: "utf8" })
    : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  if (!timed) return { wall };
  const [u, s] = readFileSync(out, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: 1000 * (u + s) };
}

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(0).padStart(5)} ms   p10 ${q(0.1).toFixed(0)}   p90 ${q(0.9).toFixed(0)}`;
};

/** Median wall time (ms) of `texgrad check` on the small file through bin/texgrad.js. */
export function benchStartup(runs = 15): number {
  const dir = mkdtempSync(join(tmpdir(), "texgrad-startup-"));
  try {
    const file = join(dir, "small.tex");
    writeFileSync(file, SMALL);
    const unbundled = `import(${JSON.stringify(join(ROOT, "dist/src/cli/main.js"))}).then((m) => m.main(process.argv.slice(1))).then((c) => { process.exitCode = c; })`;
    const variants: [string, string[]][] = [
      ["node -e 0 (bare node, for scale)", ["-e", "0"]],
      ["texgrad --version", ["bin/texgrad.js", "--version"]],
      ["texgrad check small.tex", ["bin/texgrad.js", "check", file]],
      ["texgrad check small.tex (unbundled build)", ["--input-type=module", "-e", unbundled, "check", file]],
    ];
    for (const [, argv] of variants) once(argv, dir); // warm the file cache
    const samples = variants.map(() => [] as Sample[]);
    for (let i = 0; i < runs; i++) variants.forEach(([, argv], k) => samples[k].push(once(argv, dir)));
    variants.forEach(([name], k) => {
      const cpu = samples[k].every((s) => s.cpu !== undefined)
        ? `   cpu ${quantiles(samples[k].map((s) => s.cpu!))}`
        : "";
      console.log(
        `${`start-up: ${name}`.padEnd(56)} wall ${quantiles(samples[k].map((s) => s.wall))}${cpu}   (${runs} runs)`,
      );
    });
    const med = [...samples[2].map((s) => s.wall)].sort((a, b) => a - b)[Math.floor(runs / 2)];
    console.log(`  target: texgrad check on a small file under 150 ms — ${med < 150 ? "met" : "NOT met"} on this run`);
    // npm start's whole job (check, derive, report, kernels, verify js/numpy/c), built
    const start: Sample[] = [];
    const startArgv = ["scripts/start.mjs", "--latex", "--out", join(dir, "out")];
    once(startArgv, dir);
    for (let i = 0; i < Math.max(3, Math.floor(runs / 3)); i++) start.push(once(startArgv, dir));
    const sc = start.every((x) => x.cpu !== undefined) ? `   cpu ${quantiles(start.map((x) => x.cpu!))}` : "";
    console.log(
      `${"npm start (node scripts/start.mjs), built".padEnd(56)} wall ${quantiles(start.map((x) => x.wall))}${sc}   (${start.length} runs)`,
    );
    const sm = [...start.map((x) => x.wall)].sort((a, b) => a - b)[Math.floor(start.length / 2)];
    console.log(`  target: npm start under 2 s when built — ${sm < 2000 ? "met" : "NOT met"} on this run`);
    return med;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) benchStartup(Number(process.argv[2]) || 15);
