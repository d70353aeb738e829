export * from "./types.js";
export * from "./build.js";
