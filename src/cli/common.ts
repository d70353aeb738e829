// Options every command takes, and the shape of a command module.
import type { CAC } from "cac";
import { Graph } from "../derive/graph.js";
import type { Document } from "../parse/document.js";
import { expressionReader } from "./expr.js";

export interface Common {
  readonly macroFiles: string[];
  readonly root?: string;
  readonly json: boolean;
  /** Set when -e statements stand in for a file (src/cli/expr.ts). */
  readonly readFile?: (path: string) => string | undefined;
}
export const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
export function common(o: Record<string, unknown>): Common {
  const readFile = expressionReader();
  return {
    macroFiles: list(o.macros),
    ...(o.root ? { root: String(o.root) } : {}),
    json: Boolean(o.json),
    ...(readFile ? { readFile } : {}),
  };
}
/** A command module registers itself; its action stores the exit code. */
export type Register = (cli: CAC, setCode: (code: number) => void) => void;

export function needFiles(files: string[]): number | undefined {
  if (files.length === 0) {
    console.error("texgrad: error: no input file");
    return 2;
  }
  for (let i = 0; i < files.length; i++) files[i] = fileArg(String(files[i]));
  return undefined;
}

/** `-` on the command line (standard input): cac drops a lone `-`, so main passes this in its place. */
export const STDIN_ARG = "\u0000stdin";
export const fileArg = (f: string): string => (f === STDIN_ARG ? "-" : f);

/**
 * `--of` naming no definition of the document (or no definition at all): one line `texgrad: error: …` and exit 2,
 * since the option has no place in the file. Undefined when the derivation may start.
 */
export function unknownOutput(doc: Document, of: unknown): number | undefined {
  const graph = new Graph(doc);
  const names = [...graph.defs.values()].map((d) => d.lhs.latex);
  if (of === undefined || of === true || of === "") {
    if (names.length) return undefined;
    console.error(`texgrad: error: ${doc.file} has no definition to differentiate`);
    return 2;
  }
  if (graph.find(String(of))) return undefined;
  const shown = names.length > 12 ? [...names.slice(0, 12), "…"] : names;
  console.error(
    `texgrad: error: --of ${of}: ${doc.file} has no definition of ${of}${names.length ? ` (definitions: ${shown.join(", ")})` : " (it has no definitions)"}`,
  );
  return 2;
}

/** `--wrt` (comma-separated) naming a symbol that occurs in no definition or declaration of the document. */
export function unknownInputs(doc: Document, wrt: readonly string[], flag = "--wrt"): number | undefined {
  if (!wrt.length) return undefined;
  const graph = new Graph(doc);
  const known = new Set<string>(doc.env.shapes.keys());
  for (const d of graph.defs.values()) {
    known.add(d.lhs.name).add(d.lhs.latex);
    for (const s of Graph.uses(d.rhs)) known.add(s.name).add(s.latex);
  }
  const missing = wrt.filter((w) => !known.has(w) && !known.has(w.replace(/^\\/, "")) && !known.has(`\\${w}`));
  if (!missing.length) return undefined;
  console.error(`texgrad: error: ${flag} ${missing.join(",")}: ${doc.file} has no symbol ${missing.join(", ")}`);
  return 2;
}
