// The differential test of issue 8, second half (see ./suite.ts): run in a second vitest worker.
import { differentialSuite } from "./suite.js";

differentialSuite(1, 2);
