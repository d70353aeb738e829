export * from "./types.js";
export * from "./build.js";
export * from "./literal.js";
