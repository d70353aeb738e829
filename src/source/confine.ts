// Where a lecture may read from: `\include{path}` is resolved against the lecture root and must stay inside it
// (no absolute path, no `..` out of it, no symbolic link pointing out of it), and the includes of one document
// share a budget (files and bytes) besides the depth limit, so an include fan-out ends in one located error.
import { realpathSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** At most this many `\include`s are followed in one document, reading at most this many bytes in all. */
export const MAX_INCLUDES = 2000;
export const MAX_INCLUDE_BYTES = 50 * 1024 * 1024;
/** The largest input file texgrad reads (larger files are refused before they are read). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** `path` is `root` or inside it (both absolute). */
export function inside(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === "" || (!r.startsWith(".." + sep) && r !== ".." && !isAbsolute(r));
}

/** The real path of an existing file, or undefined. */
export function realPath(path: string): string | undefined {
  try { return realpathSync.native(path); } catch { return undefined; }
}

/** Why `\include{p}` may not be read from `root` (undefined: it may); nothing of the target is read. */
export function refuseInclude(p: string, root: string, real: (path: string) => string | undefined): string | undefined {
  const shownRoot = root;
  if (p === "") return "empty \\include{}";
  if (isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith("~")) return `\\include{${p}}: absolute paths are not allowed (includes are relative to the lecture root ${shownRoot}, see --root)`;
  const absRoot = resolve(root), full = resolve(absRoot, p);
  if (!inside(absRoot, full)) return `\\include{${p}} leaves the lecture root ${shownRoot} (see --root)`;
  const realRoot = real(absRoot) ?? absRoot, realFull = real(full);
  if (realFull !== undefined && !inside(realRoot, realFull)) return `\\include{${p}} is a symbolic link to a file outside the lecture root ${shownRoot}`;
  return undefined;
}

/** Read a file as UTF-8 unless it is missing, not a regular file, or larger than `max` bytes. */
export function readBounded(path: string, max = MAX_INPUT_BYTES): { text: string } | { error: string } {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: `cannot read ${path}: it is a folder` };
    size = st.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === "ENOENT" ? `cannot read ${path}: no such file` : `cannot read ${path}${code ? ` (${code})` : ""}` };
  }
  if (size > max) return { error: `${path} is too large (${(size / 1048576).toFixed(1)} MB; texgrad reads at most ${max / 1048576} MB)` };
  try { return { text: readFileSync(path, "utf8") }; } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `cannot read ${path}${code ? ` (${code})` : ""}` };
  }
}

/** Standard input, read once (`-` as a file name); named `<stdin>` in messages. */
export const STDIN_NAME = "<stdin>";
let stdinText: string | undefined;
export function readStdin(): { text: string } | { error: string } {
  if (stdinText === undefined) {
    try {
      const buf = readFileSync(0);
      if (buf.length > MAX_INPUT_BYTES) return { error: `${STDIN_NAME} is too large (${(buf.length / 1048576).toFixed(1)} MB; texgrad reads at most ${MAX_INPUT_BYTES / 1048576} MB)` };
      stdinText = buf.toString("utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN" || code === "EOF") stdinText = "";
      else return { error: `cannot read ${STDIN_NAME}${code ? ` (${code})` : ""}` };
    }
  }
  return { text: stdinText };
}
/** For tests running the command line in-process: what `-` reads. */
export function setStdin(text: string | undefined): void { stdinText = text; }

/** Texts read so far, by the name used in messages (for the source line under a located error). */
const seen = new Map<string, string>();
export function remember(file: string, text: string): void { seen.set(file, text); }
export function rememberedText(file: string): string | undefined { return seen.get(file); }
