export { matchAC, matchesAC } from "./acmatch.js";
export { normal, toExpr, equalModAC, termKey, rat } from "./normal.js";
export type { Ctx, Rat, Term, Sum } from "./normal.js";
