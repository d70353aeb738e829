// Symbolic dimensions: linear combinations of dimension variables (k + k = 2k), unified with union–find.

export interface Dim { readonly c: number; readonly terms: ReadonlyMap<number, number> }  // c + Σ coef·var

export const constDim = (c: number): Dim => ({ c, terms: new Map() });
export const varDim = (v: number): Dim => ({ c: 0, terms: new Map([[v, 1]]) });

export function addDims(a: Dim, b: Dim, sign = 1): Dim {
  const terms = new Map(a.terms);
  for (const [v, k] of b.terms) {
    const s = (terms.get(v) ?? 0) + sign * k;
    if (s === 0) terms.delete(v); else terms.set(v, s);
  }
  return { c: a.c + sign * b.c, terms };
}

/** A table of dimension variables for one document. */
export class Dims {
  private names: (string | undefined)[] = [];
  private binding = new Map<number, Dim>();
  private byName = new Map<string, number>();
  /** Variables below this index are frozen: distinct frozen dimensions are taken to be different sizes. */
  private frozenBelow = 0;
  freeze(): void { this.frozenBelow = this.names.length; }
  thaw(): void { this.frozenBelow = 0; }

  /** A fresh variable; `name` is a preferred printing name (declared dimension names are shared by name). */
  fresh(name?: string): Dim {
    const v = this.names.length;
    this.names.push(name);
    return varDim(v);
  }
  /** The dimension called `name` in this document (`n`, `d_k`), created on first use. */
  named(name: string): Dim {
    if (/^[0-9]+$/.test(name)) return constDim(Number(name));
    let v = this.byName.get(name);
    if (v === undefined) { v = this.fresh(name).terms.keys().next().value as number; this.byName.set(name, v); }
    return this.resolve(varDim(v));
  }
  hasName(name: string): boolean { return this.byName.has(name); }

  resolve(d: Dim): Dim {
    let out: Dim = constDim(d.c);
    for (const [v, k] of d.terms) {
      const b = this.binding.get(v);
      const part = b ? this.resolve(b) : varDim(v);
      out = addDims(out, { c: part.c * k, terms: new Map([...part.terms].map(([w, j]) => [w, j * k])) });
    }
    return out;
  }

  /** Make a and b equal; false when they cannot be (different constants, or no variable to solve for). */
  unify(a: Dim, b: Dim): boolean {
    const diff = addDims(this.resolve(a), this.resolve(b), -1);
    if (diff.terms.size === 0) return diff.c === 0;
    // solve for a variable with coefficient ±1, preferring an unnamed one so declared names survive
    const candidates = [...diff.terms].filter(([v, k]) => Math.abs(k) === 1 && v >= this.frozenBelow);
    if (candidates.length === 0) return false;
    candidates.sort(([v], [w]) => Number(this.names[v] !== undefined) - Number(this.names[w] !== undefined) || w - v);
    const [v, k] = candidates[0];
    // k·v + rest = 0  →  v = −rest/k
    const rest = addDims(diff, { c: 0, terms: new Map([[v, k]]) }, -1);
    const sol: Dim = { c: -rest.c / k, terms: new Map([...rest.terms].map(([w, j]) => [w, -j / k])) };
    if (this.names[v] !== undefined && sol.terms.size === 1 && sol.c === 0) {
      const [w] = [...sol.terms.keys()];
      if (this.names[w] === undefined) this.names[w] = this.names[v];
    }
    this.binding.set(v, sol);
    return true;
  }

  /** A variable's printing name (declared, or generated `d1`, `d2`, … in order of first print). */
  private generated = new Map<number, string>();
  nameOf(v: number): string {
    const n = this.names[v];
    if (n !== undefined) return n;
    let g = this.generated.get(v);
    if (!g) {
      let i = this.generated.size + 1;
      while (this.byName.has(`m${i}`)) i++;
      g = `m${i}`;
      this.generated.set(v, g);
    }
    return g;
  }

  /** `n`, `2k`, `k + 1`, `3`. */
  show(d: Dim, style: "text" | "code" = "text"): string {
    const r = this.resolve(d);
    const parts: string[] = [];
    for (const [v, k] of [...r.terms].sort((x, y) => x[0] - y[0])) {
      const n = this.nameOf(v);
      parts.push(k === 1 ? n : k === -1 ? `-${n}` : style === "code" ? `${k}*${n}` : `${k}${n}`);
    }
    if (r.c !== 0 || parts.length === 0) parts.push(String(r.c));
    return parts.join(" + ").replace(/\+ -/g, "- ");
  }

  isConst(d: Dim): number | undefined {
    const r = this.resolve(d);
    return r.terms.size === 0 ? r.c : undefined;
  }
  /** Variables a dimension depends on (after resolution). */
  vars(d: Dim): number[] { return [...this.resolve(d).terms.keys()]; }
}
