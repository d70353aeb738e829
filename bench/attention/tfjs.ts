// The tfjs CPU peer: the same attention forward written with tfjs ops, its gradients from tf.grads with the
// seed as the upstream gradient dy. tfjs has no float64, so it computes in float32 (its only float dtype); its
// agreement with the float64 kernel is checked to float32 accuracy.
//
// tfjs-core's Node build (its `main`) registers no gradients: they are in the ES-module tree
// (dist/register_all_gradients.js, which the @tensorflow/tfjs bundle includes), whose imports Node cannot load
// as they are. So tfjs-core's ES modules, its gradients and the CPU backend are bundled once with rolldown into
// one ES module (node_modules/.cache/texgrad-bench/, keyed by the tfjs version): one copy of each, as in tfjs's
// own bundles.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../common.js";
import type { Case } from "./problem.js";

type Tf = typeof import("@tensorflow/tfjs-core");

const ENTRY = `export * from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import "@tensorflow/tfjs-backend-cpu";
`;

async function bundle(): Promise<string> {
  const root = repoRoot();
  const req = createRequire(join(root, "package.json"));
  const version = (name: string) =>
    (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
  const dir = join(root, "node_modules/.cache/texgrad-bench");
  const file = join(dir, `tfjs-cpu-${version("@tensorflow/tfjs-core")}-${version("@tensorflow/tfjs-backend-cpu")}.mjs`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, `entry-${process.pid}.mjs`),
    tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(entry, ENTRY);
  const { build } = await import("rolldown");
  // the ES-module entry points ("module"), never the CommonJS Node build: one copy of tfjs-core
  const resolve = { mainFields: ["module", "main"] };
  try {
    await build({
      input: entry,
      cwd: root,
      platform: "node",
      resolve,
      logLevel: "silent",
      output: { file: tmp, format: "esm" },
    });
    renameSync(tmp, file); // whole or not at all, for a concurrent run
  } finally {
    rmSync(entry, { force: true });
    rmSync(tmp, { force: true });
  }
  return file;
}

let loaded: Promise<Tf | string> | undefined;
/** tfjs-core with its gradients and the CPU backend, or why it cannot be had. */
export function loadTfjs(): Promise<Tf | string> {
  loaded ??= (async () => {
    try {
      const tf = (await import(pathToFileURL(await bundle()).href)) as Tf;
      tf.env().set("IS_NODE", false); // only silences the tfjs-node advertisement of the CPU backend
      if (!(await tf.setBackend("cpu"))) return "the tfjs CPU backend did not initialise";
      return tf;
    } catch (err) {
      return `@tensorflow/tfjs-core / tfjs-backend-cpu could not be loaded (${(err as Error).message.split("\n")[0]})`;
    }
  })();
  return loaded;
}

export interface TfPeer {
  readonly version: string;
  /** One forward + backward; the gradients as float32, by input key. */
  run(): Record<string, Float32Array>;
  dispose(): void;
}

export function tfjsPeer(tf: Tf, c: Case, keys: readonly string[]): TfPeer {
  const t = (a: { shape: number[]; data: Float64Array }) =>
    tf.tensor2d(Float32Array.from(a.data), [a.shape[0], a.shape[1]]);
  const xs = keys.map((k) => t(c.inputs[k]));
  const dy = t(c.seed);
  const scale = 1 / Math.sqrt(c.sizes.d_k);
  // O = softmax(X W_q (X W_k)ᵀ / √d_k) X W_v, argument order as the kernel's INPUTS
  const at = (name: string) => keys.indexOf(name);
  const f = (...a: import("@tensorflow/tfjs-core").Tensor[]) => {
    const [X, Wq, Wk, Wv] = [a[at("X")], a[at("W_q")], a[at("W_k")], a[at("W_v")]];
    const Q = tf.matMul(X, Wq),
      K = tf.matMul(X, Wk),
      V = tf.matMul(X, Wv);
    const A = tf.softmax(tf.mul(tf.matMul(Q, K, false, true), scale));
    return tf.matMul(A, V);
  };
  const grads = tf.grads(f);
  return {
    version: tf.version_core,
    run: () =>
      tf.tidy(() => {
        const g = grads(xs, dy);
        return Object.fromEntries(keys.map((k, i) => [k, g[i].dataSync() as Float32Array]));
      }),
    dispose: () => tf.dispose([...xs, dy]),
  };
}
