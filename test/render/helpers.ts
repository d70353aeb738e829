// Shared helpers for the render tests: the example lecture, rendered from source.
import { fileURLToPath } from "node:url";
import { mkdirSync } from "node:fs";
import "../../src/ops/index.js";
import { loadDocument, type Document } from "../../src/parse/document.js";
import { buildReport, type Report } from "../../src/render/report.js";

export const EXAMPLE = fileURLToPath(new URL("../../examples/attention.md", import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

export async function reportOf(file: string, macroFiles: string[] = []): Promise<{ doc: Document; report: Report }> {
  const doc = loadDocument(file, { macroFiles });
  return { doc, report: await buildReport(doc) };
}
