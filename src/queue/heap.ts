/**
 * The two heaps of the cohort-years simulation, on typed arrays grown by doubling (a run
 * allocates when a heap first outgrows its arrays, never per patient).
 */

/** A min-heap of numbers: the times at which busy lines become free. */
export class TimeHeap {
  private a = new Float64Array(64);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  min(): number {
    return this.a[0];
  }

  push(t: number): void {
    if (this.size === this.a.length) {
      const b = new Float64Array(2 * this.a.length);
      b.set(this.a);
      this.a = b;
    }
    const a = this.a;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= t) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = t;
  }

  /** Replaces the smallest time by t. */
  replaceMin(t: number): void {
    const a = this.a;
    const n = this.size;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && a[c + 1] < a[c]) c++;
      if (a[c] >= t) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = t;
  }
}

/**
 * A min-heap of ready attempts: (ready time r, patient p), ordered by r, then by the earlier
 * eligibility date e[p], then by the smaller p (patients are numbered p = y N + i, so the
 * smaller (year, i)): MODEL.md's first come, first served with its tie rules, a total order.
 */
export class ReadyHeap {
  private r = new Float64Array(64);
  private p = new Int32Array(64);
  size = 0;

  constructor(private readonly eligibility: () => Float64Array) {}

  clear(): void {
    this.size = 0;
  }

  private before(ra: number, pa: number, rb: number, pb: number, e: Float64Array): boolean {
    if (ra !== rb) return ra < rb;
    if (e[pa] !== e[pb]) return e[pa] < e[pb];
    return pa < pb;
  }

  push(r: number, p: number): void {
    if (this.size === this.r.length) {
      const r2 = new Float64Array(2 * this.r.length);
      r2.set(this.r);
      this.r = r2;
      const p2 = new Int32Array(2 * this.p.length);
      p2.set(this.p);
      this.p = p2;
    }
    const e = this.eligibility();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(r, p, this.r[parent], this.p[parent], e)) break;
      this.r[i] = this.r[parent];
      this.p[i] = this.p[parent];
      i = parent;
    }
    this.r[i] = r;
    this.p[i] = p;
  }

  /** The first attempt's ready time and patient (size > 0). */
  topTime(): number {
    return this.r[0];
  }

  topPatient(): number {
    return this.p[0];
  }

  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const r = this.r[n];
    const p = this.p[n];
    const e = this.eligibility();
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.before(this.r[c + 1], this.p[c + 1], this.r[c], this.p[c], e)) c++;
      if (!this.before(this.r[c], this.p[c], r, p, e)) break;
      this.r[i] = this.r[c];
      this.p[i] = this.p[c];
      i = c;
    }
    this.r[i] = r;
    this.p[i] = p;
  }
}
