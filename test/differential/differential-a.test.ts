// The differential test of issue 8, first half (see ./suite.ts, ./gen.ts): random well-shaped programs over every
// operation of the registry, derive and the numpy, torch and js kernels against torch.autograd of an independent
// translation (./torch.ts), float64, random sizes. Also: every registered operation is generated or excluded.
import { describe, expect, test } from "vitest";
import { allOps } from "../../src/ops/registry.js";
import { signatures, EXCLUDED } from "./ops.js";
import { translated } from "./torch.js";
import { differentialSuite } from "./suite.js";

describe("every operation of the registry is generated", () => {
  test("each operation is generated or excluded with a reason, and has a torch translation", () => {
    const generated = new Set(signatures().map((s) => s.op.name));
    for (const op of allOps()) {
      if (EXCLUDED[op.name] !== undefined || op.sized) continue;
      expect(generated.has(op.name), `${op.name}: no signature found by probing its shape rule`).toBe(true);
      expect(translated(op.name), `${op.name}: add its torch translation to test/differential/torch.ts`).toBe(true);
    }
  });
});

differentialSuite(0, 2);
