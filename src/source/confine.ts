// Where a lecture may read from: `\include{path}` is resolved against the lecture root and must stay inside it
// (no absolute path, no `..` out of it, no symbolic link pointing out of it), and the includes of one document
// share a budget (files and bytes) besides the depth limit, so an include fan-out ends in one located error.
import { realpathSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { normalizeText } from "./pos.js";

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
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** Why `\include{p}` may not be read from `root` (undefined: it may); nothing of the target is read. */
export function refuseInclude(
  p: string,
  root: string,
  real: (path: string) => string | undefined,
  cmd = "include",
): string | undefined {
  const shownRoot = root,
    c = `\\${cmd}`;
  if (p === "") return `empty ${c}{}`;
  if (isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith("~"))
    return `${c}{${p}}: absolute paths are not allowed (includes are relative to the lecture root ${shownRoot}, see --root)`;
  const absRoot = resolve(root),
    full = resolve(absRoot, p);
  if (!inside(absRoot, full)) return `${c}{${p}} leaves the lecture root ${shownRoot} (see --root)`;
  const realRoot = real(absRoot) ?? absRoot,
    realFull = real(full);
  if (realFull !== undefined && !inside(realRoot, realFull))
    return `${c}{${p}} is a symbolic link to a file outside the lecture root ${shownRoot}`;
  return undefined;
}

/**
 * The text of a file's bytes: UTF-8 (a BOM is dropped later), or UTF-16 when it starts with a byte-order mark.
 * A NUL byte means the file is not text (a binary file, or UTF-16 without a BOM): refused, saying where.
 */
export function decodeText(buf: Buffer, name: string): { text: string } | { error: string } {
  let text: string;
  if (buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString("utf16le");
  else if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    text = swapped.swap16().toString("utf16le");
  } else text = buf.toString("utf8");
  const nul = text.indexOf("\u0000");
  if (nul < 0) return { text };
  const lines = text.slice(0, nul).split(/\r\n?|\n/),
    line = lines.length,
    col = Array.from(lines[line - 1]).length + 1;
  return {
    error: `cannot read ${name}: it is not a text file (a NUL byte at line ${line}, column ${col}; texgrad reads UTF-8, or UTF-16 with a byte-order mark)`,
  };
}

/** Why `path` cannot be read as a source file (undefined: it is a regular file within `max` bytes). */
function unreadable(path: string, max: number): string | undefined {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return `cannot read ${path}: it is a folder`;
    if (!st.isFile()) return `cannot read ${path}: it is not a regular file`;
    if (st.size > max)
      return `${path} is too large (${(st.size / 1048576).toFixed(1)} MB; texgrad reads at most ${max / 1048576} MB)`;
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR"
      ? `cannot read ${path}: no such file`
      : `cannot read ${path}${code ? ` (${code})` : ""}`;
  }
}

/** Read a text file (see decodeText) unless it is missing, not a regular file, or larger than `max` bytes. */
export function readBounded(path: string, max = MAX_INPUT_BYTES): { text: string } | { error: string } {
  const why = unreadable(path, max);
  if (why !== undefined) return { error: why };
  try {
    return decodeText(readFileSync(path), path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `cannot read ${path}${code ? ` (${code})` : ""}` };
  }
}

/** Why `--root dir` cannot be the lecture root (undefined: it is a folder). */
export function refuseRoot(dir: string): string | undefined {
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return `--root ${dir}: not a folder`;
  } catch {
    return `--root ${dir}: no such folder`;
  }
}

/** Standard input, read once (`-` as a file name); named `<stdin>` in messages. */
export const STDIN_NAME = "<stdin>";
let stdinText: string | undefined;
export function readStdin(): { text: string } | { error: string } {
  if (stdinText === undefined) {
    try {
      const buf = readFileSync(0);
      if (buf.length > MAX_INPUT_BYTES)
        return {
          error: `${STDIN_NAME} is too large (${(buf.length / 1048576).toFixed(1)} MB; texgrad reads at most ${MAX_INPUT_BYTES / 1048576} MB)`,
        };
      const r = decodeText(buf, STDIN_NAME);
      if ("error" in r) return r;
      stdinText = r.text;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN" || code === "EOF") stdinText = "";
      else return { error: `cannot read ${STDIN_NAME}${code ? ` (${code})` : ""}` };
    }
  }
  return { text: stdinText };
}
/** For tests running the command line in-process: what `-` reads. */
export function setStdin(text: string | undefined): void {
  stdinText = text;
}

/** Why an `\include`d file that exists in the root could not be read (for the located error). */
export function includeUnreadable(path: string): string {
  const r = readBounded(path);
  if (!("error" in r)) return "cannot read it";
  const why = r.error.startsWith(`cannot read ${path}: `) ? r.error.slice(`cannot read ${path}: `.length) : r.error;
  return why.startsWith(`${path} is too large`) ? `it is too large${why.slice(path.length + 13)}` : why;
}

/** Texts read so far (BOM dropped, line ends made LF), by the name used in messages (for the source line under a located error). */
const seen = new Map<string, string>();
export function remember(file: string, text: string): void {
  seen.set(file, normalizeText(text));
}
export function rememberedText(file: string): string | undefined {
  return seen.get(file);
}
