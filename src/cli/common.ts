// Options every command takes, and the shape of a command module.
import type { CAC } from "cac";

export interface Common {
  readonly macroFiles: string[];
  readonly root?: string;
  readonly json: boolean;
}
export const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
export function common(o: Record<string, unknown>): Common {
  return { macroFiles: list(o.macros), ...(o.root ? { root: String(o.root) } : {}), json: Boolean(o.json) };
}
/** A command module registers itself; its action stores the exit code. */
export type Register = (cli: CAC, setCode: (code: number) => void) => void;

export function needFiles(files: readonly string[]): number | undefined {
  if (files.length === 0) { console.error("texgrad: error: no input file"); return 2; }
  return undefined;
}
