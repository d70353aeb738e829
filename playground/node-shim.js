// The few Node built-ins the engine touches, for the browser (scripts/build-playground.mjs maps node:fs, node:path,
// node:url, node:module, node:os and node:child_process here). The file system is read-only and holds what the
// engine reads at start-up: package.json and the rules (rules/*.rules, and dist/rules.json compiled from them, so
// the page never parses a rule). Anything else is "no such file", as for a missing file on disk.
/* global __TEXGRAD_FILES__ */
const ROOT = "/texgrad";
const files = new Map(Object.entries(__TEXGRAD_FILES__));

function enoent(p) { const e = new Error(`ENOENT: no such file or directory, open '${p}'`); e.code = "ENOENT"; return e; }
const norm = (p) => posixResolve(String(p));
const isDir = (p) => { const d = norm(p).replace(/\/$/, "") + "/"; for (const f of files.keys()) if (f.startsWith(d)) return true; return false; };

export function existsSync(p) { return files.has(norm(p)) || isDir(p); }
export function readFileSync(p, enc) {
  if (typeof p === "number") throw enoent("<stdin>");
  const t = files.get(norm(p));
  if (t === undefined) throw enoent(p);
  return enc ? t : new TextEncoder().encode(t);
}
export function readdirSync(p) {
  const d = norm(p).replace(/\/$/, "") + "/";
  return [...new Set([...files.keys()].filter((f) => f.startsWith(d)).map((f) => f.slice(d.length).split("/")[0]))];
}
export function statSync(p) {
  const f = files.get(norm(p));
  if (f === undefined && !isDir(p)) throw enoent(p);
  return { size: f ? f.length : 0, mtimeMs: 0, isFile: () => f !== undefined, isDirectory: () => f === undefined, isSymbolicLink: () => false };
}
export const lstatSync = statSync;
export function realpathSync(p) { if (!existsSync(p)) throw enoent(p); return norm(p); }
realpathSync.native = realpathSync;
function refuse() { throw new Error("not available in the browser"); }
export const writeFileSync = refuse, mkdirSync = refuse, mkdtempSync = refuse, rmSync = refuse, renameSync = refuse, openSync = refuse,
  closeSync = refuse, writeSync = refuse, fsyncSync = refuse, unlinkSync = refuse;

// node:path (POSIX)
export const sep = "/";
export function isAbsolute(p) { return p.startsWith("/"); }
function normalizeParts(parts) {
  const out = [];
  for (const s of parts) { if (!s || s === ".") continue; if (s === "..") out.pop(); else out.push(s); }
  return out;
}
function posixResolve(...ps) {
  let path = "";
  for (let i = ps.length - 1; i >= 0 && !path.startsWith("/"); i--) path = ps[i] + (path ? "/" + path : "");
  if (!path.startsWith("/")) path = ROOT + "/" + path;
  return "/" + normalizeParts(path.split("/")).join("/");
}
export { posixResolve as resolve };
export function join(...ps) {
  const j = ps.filter(Boolean).join("/");
  const n = normalizeParts(j.split("/")).join("/");
  return (j.startsWith("/") ? "/" : "") + (n || (j.startsWith("/") ? "" : "."));
}
export function normalize(p) { return join(p); }
export function dirname(p) { const i = p.replace(/\/+$/, "").lastIndexOf("/"); return i < 0 ? "." : i === 0 ? "/" : p.slice(0, i); }
export function basename(p, ext) { const b = p.replace(/\/+$/, "").split("/").pop() ?? ""; return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; }
export function extname(p) { const b = basename(p); const i = b.lastIndexOf("."); return i <= 0 ? "" : b.slice(i); }
export function relative(from, to) {
  const a = posixResolve(from).split("/").filter(Boolean), b = posixResolve(to).split("/").filter(Boolean);
  let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}
export const posix = { sep, isAbsolute, resolve: posixResolve, join, normalize, dirname, basename, extname, relative };

// node:url, node:module, node:os, node:child_process
export function fileURLToPath(u) { return decodeURIComponent(String(u).replace(/^file:\/\//, "")); }
export function pathToFileURL(p) { return new URL("file://" + posixResolve(p)); }
export function createRequire() { const r = () => refuse(); r.resolve = refuse; return r; }
export function tmpdir() { return "/tmp"; }
export function spawnSync() { return { status: null, error: new Error("not available in the browser"), stdout: "", stderr: "" }; }
export const execFileSync = refuse;
export default { existsSync, readFileSync, readdirSync, statSync, lstatSync, realpathSync, sep, isAbsolute, resolve: posixResolve, join, normalize, dirname, basename, extname, relative, posix, fileURLToPath, pathToFileURL, createRequire, tmpdir, spawnSync };
